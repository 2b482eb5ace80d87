/**
 * The PromQL editor (CodeMirror 6 with codemirror-promql), loaded lazily by QueryEditor so the first page stays
 * small. Completion is fed by our storage worker, or by the panel's remote data source through the query worker,
 * through codemirror-promql's PrometheusClient interface.
 */
import { EditorView, keymap, placeholder as cmPlaceholder } from '@codemirror/view';
import { EditorState, Prec } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { autocompletion, completionKeymap, closeBrackets } from '@codemirror/autocomplete';
import { bracketMatching } from '@codemirror/language';
import { editorTheme } from './editor_theme';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import type { LintStrategy, PrometheusClient } from '@prometheus-io/codemirror-promql';
export { apiClient, remoteClient, switchingClient, workerClient, type CompletionApi } from './completion_client';

/**
 * guardLinter wraps codemirror-promql's linter, which recurses over the syntax tree on the main thread: a query
 * nested too deeply for that (thousands of levels) gets one diagnostic instead of an uncaught stack overflow. The
 * query worker's parser rejects such a query with its position when it runs.
 */
function guardLinter(inner: LintStrategy): LintStrategy {
  return {
    promQL() {
      const lint = inner.promQL();
      return (view) => {
        try {
          return lint(view);
        } catch (e) {
          if (!(e instanceof RangeError)) throw e;
          return [{ from: 0, to: view.state.doc.length, severity: 'error', message: 'expression nested too deeply to check' }];
        }
      };
    },
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
    /** placeholder is shown while the editor is empty. */
    placeholder?: string;
    client: PrometheusClient;
    onchange: (v: string) => void;
    onexecute: () => void;
  },
): EditorHandle {
  const promql = new PromQLExtension().setComplete({ remote: opts.client });
  promql.setLinter(guardLinter(promql.getLinter()));
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
        editorTheme,
        promql.asExtension(),
        cmPlaceholder(opts.placeholder ?? 'Expression (press Shift+Enter to execute)'),
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
