/**
 * The PromQL editor (CodeMirror 6 with codemirror-promql), loaded lazily by QueryEditor so the first page stays
 * small. Completion is fed by our storage worker, or by the panel's remote data source through the query worker,
 * through codemirror-promql's PrometheusClient interface.
 */
import { EditorView, keymap, placeholder as cmPlaceholder } from '@codemirror/view';
import { EditorState, Prec } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { autocompletion, completionKeymap, closeBrackets } from '@codemirror/autocomplete';
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching } from '@codemirror/language';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import type { PrometheusClient } from '@prometheus-io/codemirror-promql';
import { EqlRegex, EqlSingle, Neq, NeqRegex } from '@prometheus-io/lezer-promql';
import type { Remote } from 'comlink';
import type { ApiResponse, DataSourceApi, MetadataEntry, StorageApi } from '../../api/types';
import type { LabelsObject } from '../../model/labels';
import type { DataSource } from '../../remote/datasource_config';

interface CmMatcher {
  type: number;
  name: string;
  value: string;
}

const OPS = new Map<number, string>([
  [EqlSingle, '='],
  [Neq, '!='],
  [EqlRegex, '=~'],
  [NeqRegex, '!~'],
]);

function selector(metricName?: string, matchers: CmMatcher[] = []): string {
  const parts = matchers.map((m) => `${JSON.stringify(m.name)}${OPS.get(m.type) ?? '='}${JSON.stringify(m.value)}`);
  if (metricName) parts.unshift(JSON.stringify(metricName));
  return `{${parts.join(',')}}`;
}

async function data<T>(p: Promise<{ status: 'success'; data: T } | { status: 'error' }>, empty: T): Promise<T> {
  const r = await p;
  return r.status === 'success' ? r.data : empty;
}

/** CompletionApi is what completion reads: the metadata endpoints, from the storage worker or a remote data source. */
export interface CompletionApi {
  labels(match?: string[], start?: number, end?: number): Promise<ApiResponse<string[]>>;
  labelValues(name: string, match?: string[], start?: number, end?: number): Promise<ApiResponse<string[]>>;
  series(match: string[], start?: number, end?: number): Promise<ApiResponse<LabelsObject[]>>;
  metadata(metric?: string, limit?: number): Promise<ApiResponse<Record<string, MetadataEntry[]>>>;
}

/** apiClient adapts a CompletionApi to codemirror-promql's PrometheusClient (over the last 12 hours). */
export function apiClient(api: CompletionApi): PrometheusClient {
  const hour = 3600;
  const range = () => {
    const end = Date.now() / 1000;
    return [end - 12 * hour, end] as const;
  };
  return {
    labelNames: (metricName) => data(api.labels(metricName ? [selector(metricName)] : undefined, ...range()), [] as string[]),
    labelValues: (labelName, metricName, matchers) =>
      data(
        api.labelValues(
          labelName,
          metricName || matchers?.length ? [selector(metricName, matchers as CmMatcher[])] : undefined,
          ...range(),
        ),
        [] as string[],
      ),
    metricMetadata: () => data(api.metadata(), {}),
    series: async (metricName, matchers, labelName) => {
      const list = await data(api.series([selector(metricName, matchers as CmMatcher[])], ...range()), []);
      return list.map((o) => {
        const m = new Map(Object.entries(o));
        if (labelName) return new Map([[labelName, m.get(labelName) ?? '']]);
        return m;
      });
    },
    metricNames: () => data(api.labelValues('__name__', undefined, ...range()), [] as string[]),
    flags: async () => ({}),
  };
}

/** workerClient completes from the storage worker (Promtab's own data). */
export function workerClient(storage: Remote<StorageApi>): PrometheusClient {
  return apiClient(storage);
}

/** remoteClient completes from a remote data source through the query worker. */
export function remoteClient(datasources: Remote<DataSourceApi>, ds: DataSource): PrometheusClient {
  return apiClient({
    labels: (match, start, end) => datasources.labels(ds, match, start, end),
    labelValues: (name, match, start, end) => datasources.labelValues(ds, name, match, start, end),
    series: (match, start, end) => datasources.series(ds, match, start, end),
    metadata: (metric, limit) => datasources.metadata(ds, metric, limit),
  });
}

/** switchingClient asks pick() for the client to use at each request, so one editor follows a data source select. */
export function switchingClient(pick: () => PrometheusClient): PrometheusClient {
  return {
    labelNames: (...a) => pick().labelNames(...a),
    labelValues: (...a) => pick().labelValues(...a),
    metricMetadata: () => pick().metricMetadata(),
    series: (...a) => pick().series(...a),
    metricNames: (...a) => pick().metricNames(...a),
    flags: () => pick().flags(),
  };
}

/** EditorHandle is what QueryEditor needs from a created editor. */
export interface EditorHandle {
  view: EditorView;
  setValue(v: string): void;
  focusAt(pos: number): void;
  destroy(): void;
}

/** createEditor mounts an editor into parent. */
export function createEditor(
  parent: HTMLElement,
  opts: {
    value: string;
    label: string;
    client: PrometheusClient;
    onchange: (v: string) => void;
    onexecute: () => void;
  },
): EditorHandle {
  const promql = new PromQLExtension().setComplete({ remote: opts.client });
  const run = () => {
    opts.onexecute();
    return true;
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opts.value,
      extensions: [
        history(),
        closeBrackets(),
        bracketMatching(),
        autocompletion(),
        syntaxHighlighting(defaultHighlightStyle),
        promql.asExtension(),
        cmPlaceholder('Expression (press Shift+Enter to execute)'),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': opts.label }),
        Prec.highest(keymap.of([{ key: 'Shift-Enter', run }, { key: 'Mod-Enter', run }])),
        keymap.of([...completionKeymap, ...historyKeymap, ...defaultKeymap]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) opts.onchange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    setValue(v) {
      if (v !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: v } });
    },
    focusAt(pos) {
      view.focus();
      view.dispatch({ selection: { anchor: Math.min(pos, view.state.doc.length) } });
    },
    destroy: () => view.destroy(),
  };
}
