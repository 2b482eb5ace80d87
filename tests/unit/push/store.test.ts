import { describe, expect, it } from 'vitest';
import { parseAll } from '../../../src/exposition';
import { PushStore, parseGroupingLabels, type GroupingKey, type PushMethod } from '../../../src/push';

const A: GroupingKey = { job: 'batch', labels: { instance: 'a' } };
const B: GroupingKey = { job: 'batch', labels: { instance: 'b' } };

/** series parses the store's text into `name{labels} value` lines for comparison. */
function series(store: PushStore): string[] {
  return parseAll(store.text(), 'text')
    .samples.map((s) => `${s.labels.join(',')} ${s.value}`)
    .sort();
}

type Step = [PushMethod, GroupingKey, string, number];

const cases: { name: string; steps: Step[]; ok: boolean[]; want: string[] }[] = [
  {
    name: 'PUT adds group labels and push times',
    steps: [['PUT', A, 'x 1\ny{k="v"} 2\n', 100]],
    ok: [true],
    want: [
      '__name__,push_failure_time_seconds,instance,a,job,batch 0',
      '__name__,push_time_seconds,instance,a,job,batch 100',
      '__name__,x,instance,a,job,batch 1',
      '__name__,y,instance,a,job,batch,k,v 2',
    ],
  },
  {
    name: 'PUT replaces the whole group',
    steps: [['PUT', A, 'x 1\ny 2\n', 100], ['PUT', A, 'y 3\n', 200]],
    ok: [true, true],
    want: [
      '__name__,push_failure_time_seconds,instance,a,job,batch 0',
      '__name__,push_time_seconds,instance,a,job,batch 200',
      '__name__,y,instance,a,job,batch 3',
    ],
  },
  {
    name: 'POST replaces only families of the same names',
    steps: [['PUT', A, 'x 1\ny{k="1"} 2\ny{k="2"} 2\n', 100], ['POST', A, 'y{k="3"} 3\n', 200]],
    ok: [true, true],
    want: [
      '__name__,push_failure_time_seconds,instance,a,job,batch 0',
      '__name__,push_time_seconds,instance,a,job,batch 200',
      '__name__,x,instance,a,job,batch 1',
      '__name__,y,instance,a,job,batch,k,3 3',
    ],
  },
  {
    name: 'DELETE removes only its group',
    steps: [['PUT', A, 'x 1\n', 100], ['PUT', B, 'x 2\n', 100], ['DELETE', A, '', 300]],
    ok: [true, true, true],
    want: [
      '__name__,push_failure_time_seconds,instance,b,job,batch 0',
      '__name__,push_time_seconds,instance,b,job,batch 100',
      '__name__,x,instance,b,job,batch 2',
    ],
  },
  {
    name: 'a bad body changes nothing, not even the failure time',
    steps: [['PUT', A, 'x 1\n', 100], ['PUT', A, 'x{ 1\n', 200]],
    ok: [true, false],
    want: [
      '__name__,push_failure_time_seconds,instance,a,job,batch 0',
      '__name__,push_time_seconds,instance,a,job,batch 100',
      '__name__,x,instance,a,job,batch 1',
    ],
  },
  {
    name: 'a type inconsistent with another group fails and records the failure time only',
    steps: [['PUT', A, '# TYPE x gauge\nx 1\n', 100], ['PUT', B, 'z 1\n', 100], ['PUT', B, '# TYPE x counter\nx 1\n', 200]],
    ok: [true, true, false],
    want: [
      '__name__,push_failure_time_seconds,instance,a,job,batch 0',
      '__name__,push_failure_time_seconds,instance,b,job,batch 200',
      '__name__,push_time_seconds,instance,a,job,batch 100',
      '__name__,push_time_seconds,instance,b,job,batch 100',
      '__name__,x,instance,a,job,batch 1',
      '__name__,z,instance,b,job,batch 1',
    ],
  },
  {
    name: 'a failed push to a new group creates it with only the failure time',
    steps: [['PUT', B, '# TYPE x counter\nx 1\n', 100], ['PUT', A, '# TYPE x gauge\nx 2\n', 200]],
    ok: [true, false],
    want: [
      '__name__,push_failure_time_seconds,instance,a,job,batch 200',
      '__name__,push_failure_time_seconds,instance,b,job,batch 0',
      '__name__,push_time_seconds,instance,a,job,batch 0',
      '__name__,push_time_seconds,instance,b,job,batch 100',
      '__name__,x,instance,b,job,batch 1',
    ],
  },
  {
    name: 'a series exposed twice (across groups or within a push) is refused',
    steps: [['PUT', { job: 'batch' }, 'x{instance="a"} 1\n', 100], ['PUT', A, 'x 2\n', 200], ['PUT', B, 'y 1\ny 2\n', 300]],
    ok: [true, false, false],
    want: [
      '__name__,push_failure_time_seconds,instance,a,job,batch 200',
      '__name__,push_failure_time_seconds,instance,b,job,batch 300',
      '__name__,push_failure_time_seconds,job,batch 0',
      '__name__,push_time_seconds,instance,a,job,batch 0',
      '__name__,push_time_seconds,instance,b,job,batch 0',
      '__name__,push_time_seconds,job,batch 100',
      '__name__,x,instance,a,job,batch 1',
    ],
  },
  {
    name: 'help may differ between groups',
    steps: [['PUT', A, '# HELP x one\nx 1\n', 100], ['PUT', B, '# HELP x two\nx 2\n', 100]],
    ok: [true, true],
    want: [
      '__name__,push_failure_time_seconds,instance,a,job,batch 0',
      '__name__,push_failure_time_seconds,instance,b,job,batch 0',
      '__name__,push_time_seconds,instance,a,job,batch 100',
      '__name__,push_time_seconds,instance,b,job,batch 100',
      '__name__,x,instance,a,job,batch 1',
      '__name__,x,instance,b,job,batch 2',
    ],
  },
  {
    name: 'grouping labels overwrite the body; pushed push times are overridden; timestamps refused',
    steps: [['PUT', A, 'x{job="other",instance="z"} 1\npush_time_seconds 5\n', 100], ['PUT', A, 'x 1 123\n', 200]],
    ok: [true, false],
    want: [
      '__name__,push_failure_time_seconds,instance,a,job,batch 0',
      '__name__,push_time_seconds,instance,a,job,batch 100',
      '__name__,x,instance,a,job,batch 1',
    ],
  },
  { name: 'an empty store renders nothing', steps: [], ok: [], want: [] },
];

describe('PushStore', () => {
  for (const c of cases) {
    it(c.name, () => {
      const store = new PushStore();
      const got = c.steps.map(([m, k, body, now]) => store.apply(m, k, body, now).ok);
      expect(got).toEqual(c.ok);
      expect(series(store)).toEqual(c.want);
    });
  }

  it('reports a malformed body with its line and column', () => {
    const r = new PushStore().put(A, 'x 1\ny{ 2\n', 1);
    expect(r.ok).toBe(false);
    expect(r.error?.line).toBe(2);
    expect(r.error?.column).toBeGreaterThan(0);
    expect(r.error?.message).toMatch(/^line 2, column \d+/);
  });

  it('keeps type and help of a family in the text', () => {
    const store = new PushStore();
    store.put(A, '# HELP c_total Things.\n# TYPE c_total counter\nc_total 5\n', 1);
    expect(store.text()).toContain('# HELP c_total Things.\n# TYPE c_total counter\nc_total{instance="a",job="batch"} 5\n');
  });

  it('survives a snapshot through its groups', () => {
    const store = new PushStore();
    store.put(A, 'x 1\n', 7);
    const copy = new PushStore(JSON.parse(JSON.stringify(store.groups())));
    expect(copy.text()).toBe(store.text());
  });

  it('refuses an empty job and bad grouping label names', () => {
    const store = new PushStore();
    expect(store.put({ job: '' }, 'x 1\n', 1).ok).toBe(false);
    expect(store.put({ job: 'j', labels: { 'a-b': 'c' } }, 'x 1\n', 1).ok).toBe(false);
    expect(store.put({ job: 'j', labels: { job: 'c' } }, 'x 1\n', 1).ok).toBe(false);
    expect(store.groups()).toEqual([]);
  });
});

describe('parseGroupingLabels', () => {
  const table: [string, Record<string, string> | 'error'][] = [
    ['', {}],
    ['a=b, c=d', { a: 'b', c: 'd' }],
    ['a="x,y"', 'error'],
    ['a = "q" ', { a: 'q' }],
    ['nope', 'error'],
  ];
  for (const [text, want] of table) {
    it(JSON.stringify(text), () => {
      if (want === 'error') expect(() => parseGroupingLabels(text)).toThrow();
      else expect(parseGroupingLabels(text)).toEqual(want);
    });
  }
});
