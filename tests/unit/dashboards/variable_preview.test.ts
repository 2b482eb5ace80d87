import { describe, expect, it } from 'vitest';
import { newVariable, type Variable } from '../../../src/dashboards';
import { previewVariable, resolveVariables, type Apis } from '../../../src/ui/lib/dashboard_runtime';

// A storage fake answering label values from a small series set, as the worker API would.
const SERIES = [
  { job: 'node', instance: 'a:9100' },
  { job: 'node', instance: 'b:9100' },
  { job: 'prom', instance: 'c:9090' },
];

function fakeApis() {
  const calls: string[] = [];
  const apis = {
    storage: {
      state: { settings: async () => ({ dataSources: [] }) },
      labelValues: async (name: string, match?: string[]) => {
        calls.push(`${name} ${match?.join(' ') ?? ''}`.trim());
        if (match?.some((m) => m.includes('{bad'))) return { status: 'error', error: 'parse error: unexpected "{"' };
        const job = match?.[0] ? /job="([^"]*)"/.exec(match[0])?.[1] : undefined;
        const values = SERIES.filter((s) => job === undefined || s.job === job).map((s) => s[name as 'job' | 'instance']);
        return { status: 'success', data: [...new Set(values)] };
      },
    },
    query: {},
  } as unknown as Apis;
  return { apis, calls };
}

const range = { from: 1_700_000_000_000, to: 1_700_003_600_000 };
const q = (name: string, query: string, over: Partial<Variable> = {}): Variable => ({ ...newVariable('query'), name, query, ...over });

describe('variable preview', () => {
  it('runs a chained variable with the value chosen for the one it uses', async () => {
    const { apis, calls } = fakeApis();
    const vars = [q('job', 'label_values(up, job)', { current: { text: 'prom', value: 'prom' } }), q('instance', 'label_values(up{job="$job"}, instance)')];
    const p = await previewVariable(vars, 1, range, apis, 15_000);
    expect(p).toEqual({ options: [{ text: 'c:9090', value: 'c:9090' }], error: '' });
    expect(calls).toEqual(['job up', 'instance up{job="prom"}']);
  });

  it('applies regex, sort and All', async () => {
    const { apis } = fakeApis();
    const vars = [q('instance', 'label_values(instance)', { regex: '/(.*):9100/', sort: 2, includeAll: true })];
    expect((await previewVariable(vars, 0, range, apis, 15_000)).options.map((o) => o.text)).toEqual(['All', 'b', 'a']);
  });

  it('shows the query error and the regex error instead of values', async () => {
    const { apis } = fakeApis();
    expect(await previewVariable([q('x', 'label_values({bad, job)')], 0, range, apis, 15_000)).toEqual({ options: [], error: 'parse error: unexpected "{"' });
    const bad = await previewVariable([q('x', 'label_values(job)', { regex: '/(?<=a)/' })], 0, range, apis, 15_000);
    expect(bad.error).toMatch(/^regex \/\(\?<=a\)\/: /);
  });

  it('custom and interval variables need no query', async () => {
    const { apis, calls } = fakeApis();
    const iv = { ...newVariable('interval'), query: '1m,5m', auto: true };
    expect((await previewVariable([iv], 0, range, apis, 15_000)).options.map((o) => o.text)).toEqual(['auto', '1m', '5m']);
    expect((await previewVariable([{ ...newVariable('custom'), query: 'a,b : 2' }], 0, range, apis, 15_000)).options).toEqual([{ text: 'a', value: 'a' }, { text: 'b', value: '2' }]);
    expect(calls).toEqual([]);
  });

  it('a bad regex costs only its own variable when the dashboard resolves', async () => {
    const { apis } = fakeApis();
    const [bad, good] = await resolveVariables([q('x', 'label_values(job)', { regex: '/(?<=a)/' }), q('job', 'label_values(job)')], range, apis, 15_000);
    expect(bad.options).toEqual([]);
    expect(good.options.map((o) => o.value)).toEqual(['node', 'prom']);
  });
});
