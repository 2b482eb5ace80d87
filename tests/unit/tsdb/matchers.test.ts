import { describe, expect, it } from 'vitest';
import type { Labels } from '../../../src/model/labels';
import { labelsFromObject } from '../../../src/model/labels';
import type { Matcher, MatchType } from '../../../src/model/matcher';
import { Head } from '../../../src/tsdb/head';

const series: Record<string, string>[] = [
  { __name__: 'up', job: 'node', instance: 'a:9100' },
  { __name__: 'up', job: 'prom', instance: 'b:9090' },
  { __name__: 'up', job: 'node', instance: 'c:9100', env: 'prod' },
  { __name__: 'http_requests_total', job: 'api', code: '200' },
  { __name__: 'http_requests_total', job: 'api', code: '500', env: '' },
  { __name__: 'HTTP_Requests', job: 'API' },
  { __name__: 'odd', __proto__: 'x', constructor: 'y' } as Record<string, string>,
];

function m(s: string): Matcher {
  const r = /^([A-Za-z_]+)(=~|!~|!=|=)"(.*)"$/.exec(s);
  if (!r) throw new Error(s);
  return { name: r[1], type: r[2] as MatchType, value: r[3] };
}

async function setup(): Promise<Head> {
  const h = new Head();
  const app = h.appender();
  for (const o of series) {
    const pairs = Object.entries(o);
    if (o === series[6]) pairs.push(['__proto__', 'x']);
    app.append(0, labelsFromObject(Object.fromEntries(pairs)), 1000, 1);
  }
  await app.commit();
  return h;
}

function names(ls: Labels[]): string[] {
  return ls.map((l) => {
    const o = new Map<string, string>();
    for (let i = 0; i < l.length; i += 2) o.set(l[i], l[i + 1]);
    return `${o.get('__name__')}/${o.get('job') ?? ''}/${o.get('instance') ?? o.get('code') ?? ''}`;
  });
}

const table: { sel: string[]; want: string[] }[] = [
  { sel: ['__name__="up"'], want: ['up/node/a:9100', 'up/node/c:9100', 'up/prom/b:9090'] },
  { sel: ['__name__="up"', 'job!="node"'], want: ['up/prom/b:9090'] },
  { sel: ['__name__="up"', 'env=""'], want: ['up/node/a:9100', 'up/prom/b:9090'] },
  { sel: ['__name__="up"', 'env!=""'], want: ['up/node/c:9100'] },
  { sel: ['__name__="up"', 'env=~"prod|"'], want: ['up/node/a:9100', 'up/node/c:9100', 'up/prom/b:9090'] },
  { sel: ['__name__="up"', 'env!~"prod|"'], want: [] },
  { sel: ['__name__="up"', 'env=~".+"'], want: ['up/node/c:9100'] },
  { sel: ['__name__="up"', 'instance=~".*:9100"'], want: ['up/node/a:9100', 'up/node/c:9100'] },
  { sel: ['__name__="up"', 'instance=~"a"'], want: [] },
  { sel: ['__name__="up"', 'instance!~".*:9100"'], want: ['up/prom/b:9090'] },
  { sel: ['__name__=~"http_.*"'], want: ['http_requests_total/api/200', 'http_requests_total/api/500'] },
  { sel: ['__name__=~"(?i)http_requests.*"'], want: ['HTTP_Requests/API/', 'http_requests_total/api/200', 'http_requests_total/api/500'] },
  { sel: ['job=~"api|prom"'], want: ['http_requests_total/api/200', 'http_requests_total/api/500', 'up/prom/b:9090'] },
  { sel: ['job=~"API|prom"', 'job!="prom"'], want: ['HTTP_Requests/API/'] },
  { sel: ['missing="x"'], want: [] },
  { sel: ['missing=""', 'job="api"'], want: ['http_requests_total/api/200', 'http_requests_total/api/500'] },
  { sel: ['missing!="x"', '__name__="up"'], want: ['up/node/a:9100', 'up/node/c:9100', 'up/prom/b:9090'] },
  { sel: ['__proto__="x"'], want: ['odd//'] },
  { sel: ['constructor=~"y"'], want: ['odd//'] },
  { sel: ['job=~".*"', '__name__="odd"'], want: ['odd//'] },
];

describe('matcher semantics', () => {
  it.each(table)('$sel', async ({ sel, want }) => {
    const h = await setup();
    const got = await h.querier().series(sel.map(m), 0, 2000);
    expect(names(got).sort()).toEqual([...want].sort());
    const selected = await h.querier().select(sel.map(m), 0, 2000);
    expect(selected.length).toBe(want.length);
  });

  it('runs a hostile pattern on a long value in linear time (the test timeout is the bound)', { timeout: 5000 }, async () => {
    const h = new Head();
    const app = h.appender();
    const long = 'a'.repeat(5000) + 'b';
    app.append(0, ['__name__', 'x', 'v', long], 1, 1);
    await app.commit();
    const got = await h.querier().series([m('v=~"(a+)+$"')], 0, 10);
    expect(got).toEqual([]);
  });

  it('rejects an invalid regular expression', async () => {
    const h = await setup();
    await expect(h.querier().select([m('job=~"("')], 0, 10)).rejects.toThrow(/invalid regular expression/);
  });
});
