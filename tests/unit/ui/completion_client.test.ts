import { describe, expect, it } from 'vitest';
import { EditorState } from '@codemirror/state';
import { CompletionContext } from '@codemirror/autocomplete';
import { ensureSyntaxTree } from '@codemirror/language';
import { PromQLExtension, newCompleteStrategy } from '@prometheus-io/codemirror-promql';
import { apiClient, matchSelectors, type CompletionApi } from '../../../src/ui/lib/completion_client';

// A tiny in-memory API in the worker's shapes: series as label objects, matchers on equality only.
const SERIES: Record<string, string>[] = [
  { __name__: 'up', job: 'node', instance: 'a:9100' },
  { __name__: 'up', job: 'promtab', instance: 'promtab.self' },
  { __name__: 'node_cpu_seconds_total', job: 'node', mode: 'idle', cpu: '0' },
  { __name__: 'node_cpu_seconds_total', job: 'node', mode: 'user', cpu: '0' },
];

function matches(sel: string, s: Record<string, string>): boolean {
  for (const m of sel.slice(1, -1).matchAll(/"([^"]*)"(?:(=)"([^"]*)")?/g)) {
    if (m[2] === undefined) {
      if (s.__name__ !== m[1]) return false;
    } else if ((s[m[1]] ?? '') !== m[3]) return false;
  }
  return true;
}

function fakeApi(calls: string[][]): CompletionApi {
  const pick = (match?: string[]) => {
    calls.push(match ?? []);
    return SERIES.filter((s) => !match || match.some((sel) => matches(sel, s)));
  };
  return {
    labels: async (match) => ({ status: 'success', data: [...new Set(pick(match).flatMap((s) => Object.keys(s)))] }),
    labelValues: async (name, match) => ({ status: 'success', data: [...new Set(pick(match).map((s) => s[name]).filter(Boolean))] }),
    series: async (match) => ({ status: 'success', data: pick(match) }),
    metadata: async () => ({ status: 'success', data: {} }),
  };
}

async function complete(doc: string): Promise<string[]> {
  const calls: string[][] = [];
  const strategy = newCompleteStrategy({ remote: apiClient(fakeApi(calls)) });
  const state = EditorState.create({ doc, extensions: new PromQLExtension().asExtension() });
  // The initial parse has a time budget; on a loaded machine it can stop short, so finish it before completing.
  ensureSyntaxTree(state, doc.length, 10_000);
  const r = await strategy.promQL(new CompletionContext(state, doc.length, true));
  return (r?.options ?? []).map((o) => o.label);
}

describe('matchSelectors', () => {
  it.each([
    ['up', [], undefined, ['{"up"}']],
    ['up', [{ type: 0, name: 'job', value: '' }], 'job', ['{"up"}']],
    ['', [{ type: 0, name: 'job', value: '' }], 'job', undefined],
    ['', [], undefined, undefined],
  ] as const)('%s %j completing %s', (metric, matchers, label, want) => {
    expect(matchSelectors(metric, [...matchers], label)).toEqual(want);
  });
});

describe('label value completion from the worker', () => {
  it('offers the values of job inside up{job="', async () => {
    expect(await complete('up{job="')).toEqual(expect.arrayContaining(['node', 'promtab']));
  });
  it('offers mode values narrowed by the metric', async () => {
    const got = await complete('node_cpu_seconds_total{mode="');
    expect(got).toEqual(expect.arrayContaining(['idle', 'user']));
    expect(got).not.toContain('node');
  });
  it('narrows by the other matchers that have values', async () => {
    const got = await complete('up{job="node",instance="');
    expect(got).toEqual(['a:9100']);
  });
  it('offers values of a label without a metric name', async () => {
    expect(await complete('{job="')).toEqual(expect.arrayContaining(['node', 'promtab']));
  });
});
