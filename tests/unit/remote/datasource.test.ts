import { describe, expect, it } from 'vitest';
import {
  escapeLabelName,
  parseSampleValue,
  remoteLabels,
  remoteLabelValues,
  remoteMetadata,
  remoteQuery,
  remoteQueryRange,
  remoteSeries,
  testDataSource,
} from '../../../src/remote/datasource';
import { DataSourceService } from '../../../src/remote/datasource_service';
import { histogramPoint } from '../../../src/api/histogram_columns';
import { DS, fakeFetch, ok } from './datasource_fake';

describe('parseSampleValue', () => {
  it.each([
    ['1.5', 1.5],
    ['-2e3', -2000],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['0', 0],
  ])('%s', (s, v) => expect(parseSampleValue(s)).toBe(v));
  it('NaN', () => expect(parseSampleValue('NaN')).toBeNaN());
  it('refuses a number that is not a string', () => expect(() => parseSampleValue(1)).toThrow(/string/));
});

describe('escapeLabelName', () => {
  it.each([
    ['job', 'job'],
    ['a:b', 'a:b'],
    ['http.status', 'U__http_2e_status'],
    ['my_label.x', 'U__my__label_2e_x'],
    ['9lives', 'U___39_lives'],
    ['ü', 'U___fc_'],
    ['😀', 'U___1f600_'],
  ])('%s', (name, want) => expect(escapeLabelName(name)).toBe(want));

  it('puts the escaped name in the label values path', async () => {
    const { fetch, calls } = fakeFetch(() => ok([]));
    await remoteLabelValues(DS, 'http.status', undefined, undefined, undefined, { fetch });
    expect(calls[0].url.pathname).toBe('/api/v1/label/U__http_2e_status/values');
  });
});

describe('remoteQuery', () => {
  it('sends GET /api/v1/query with query and time, no cookies, and returns the vector as the local API does', async () => {
    const { fetch, calls } = fakeFetch(() => ok({ resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'prometheus' }, value: [1700000000.5, '1'] }] }));
    const r = await remoteQuery(DS, 'up', 1700000000.5, { fetch });
    expect(r).toEqual({ status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'prometheus' }, value: [1700000000.5, '1'] }] } });
    expect(calls[0].method).toBe('GET');
    expect(calls[0].url.pathname).toBe('/api/v1/query');
    expect(calls[0].url.searchParams.get('query')).toBe('up');
    expect(calls[0].url.searchParams.get('time')).toBe('1700000000.5');
    expect(calls[0].credentials).toBe('omit');
  });

  it.each([
    ['scalar', [10, '3.5'], { resultType: 'scalar', result: [10, '3.5'] }],
    ['string', [10, 'hi'], { resultType: 'string', result: [10, 'hi'] }],
    ['matrix', [{ metric: { a: 'b' }, values: [[1, '1'], [2, 'NaN']] }], { resultType: 'matrix', result: [{ metric: { a: 'b' }, values: [[1, '1'], [2, 'NaN']] }] }],
  ])('passes a %s result through', async (resultType, result, want) => {
    const { fetch } = fakeFetch(() => ok({ resultType, result }));
    expect(await remoteQuery(DS, 'x', 10, { fetch })).toEqual({ status: 'success', data: want });
  });

  it('keeps native histogram samples in the API shape, beside floats, and the remote warnings', async () => {
    const h = { count: '2', sum: '0.75', buckets: [[0, '0.25', '0.5', '1'], [3, '-0.001', '0.001', '1']] };
    const { fetch } = fakeFetch(() =>
      ok({ resultType: 'vector', result: [{ metric: { a: '1' }, histogram: [1, h] }, { metric: { a: '2' }, value: [1, '2'] }] }, { warnings: ['remote says so'] }),
    );
    const r = await remoteQuery(DS, 'x', 1, { fetch });
    expect(r).toEqual({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: { a: '1' }, histogram: [1, h] }, { metric: { a: '2' }, value: [1, '2'] }] },
      warnings: ['remote says so'],
    });
  });

  it('keeps a matrix series\' histograms in the API shape', async () => {
    const series = { metric: { __name__: 'h' }, histograms: [[100, { count: '1', sum: '3' }]] };
    const { fetch } = fakeFetch(() => ok({ resultType: 'matrix', result: [series] }));
    expect(await remoteQuery(DS, 'h[1m]', 100, { fetch })).toEqual({
      status: 'success',
      data: { resultType: 'matrix', result: [{ metric: { __name__: 'h' }, values: [], histograms: [[100, { count: '1', sum: '3' }]] }] },
    });
  });

  it.each([
    [{ count: 2, sum: '1' }, /count as a string/],
    [{ count: '2', sum: '1', buckets: [[7, '0', '1', '1']] }, /boundary rule 7/],
    [{ count: '2', sum: '1', buckets: [[0, '0', '1']] }, /expected a bucket/],
    [{ count: 'lots', sum: '1' }, /count "lots" is not a number/],
  ])('refuses a malformed histogram %j', async (h, msg) => {
    const { fetch } = fakeFetch(() => ok({ resultType: 'vector', result: [{ metric: {}, histogram: [1, h] }] }));
    const r = await remoteQuery(DS, 'x', 1, { fetch });
    expect(r).toMatchObject({ status: 'error', errorType: 'internal' });
    if (r.status === 'error') expect(r.error).toMatch(msg);
  });

  it('goes as a POST form when the URL would be long', async () => {
    const expr = `up{job=~"${'a|'.repeat(3000)}b"}`;
    const { fetch, calls } = fakeFetch(() => ok({ resultType: 'vector', result: [] }));
    const r = await remoteQuery(DS, expr, 5, { fetch });
    expect(r.status).toBe('success');
    expect(calls[0].method).toBe('POST');
    expect(calls[0].url.search).toBe('');
    expect(new URLSearchParams(calls[0].body).get('query')).toBe(expr);
  });

  it('refuses an answer that is not in the API shape', async () => {
    const { fetch } = fakeFetch(() => ok({ resultType: 'vector', result: [{ metric: {}, value: [1, 2] }] }));
    const r = await remoteQuery(DS, 'x', 1, { fetch });
    expect(r).toMatchObject({ status: 'error', errorType: 'internal' });
    if (r.status === 'error') expect(r.error).toMatch(/not in the Prometheus API's shape/);
  });
});

describe('remoteQueryRange', () => {
  it('converts the matrix to typed arrays in ms with special values', async () => {
    const { fetch, calls } = fakeFetch(() =>
      ok({
        resultType: 'matrix',
        result: [
          { metric: { __name__: 'up', job: 'prometheus' }, values: [[100, '1'], [115.5, '+Inf'], [131, 'NaN']] },
          { metric: { __name__: 'h' }, histograms: [[100, { count: '1', sum: '0.5', buckets: [[0, '0.5', '1', '1']] }], [115.5, { count: '3', sum: '2', buckets: [[0, '0.5', '1', '2'], [0, '1', '2', '1']] }]] },
        ],
      }),
    );
    const r = await remoteQueryRange(DS, 'up', 100, 131, 15.5, { fetch });
    expect(calls[0].url.pathname).toBe('/api/v1/query_range');
    expect(Object.fromEntries(calls[0].url.searchParams)).toEqual({ query: 'up', start: '100', end: '131', step: '15.5' });
    expect(r.status).toBe('success');
    if (r.status !== 'success') return;
    expect(r.data.result).toHaveLength(2);
    const s = r.data.result[0];
    expect(s.metric).toEqual({ __name__: 'up', job: 'prometheus' });
    expect(s.timestamps).toBeInstanceOf(Float64Array);
    expect([...s.timestamps]).toEqual([100000, 115500, 131000]);
    expect([...s.values.slice(0, 2)]).toEqual([1, Infinity]);
    expect(s.values[2]).toBeNaN();
    expect(s.histograms).toBeUndefined();
    expect(r.warnings).toBeUndefined();
    const h = r.data.result[1];
    expect([...h.timestamps]).toEqual([]);
    expect([...h.histograms!.timestamps]).toEqual([100000, 115500]);
    expect([...h.histograms!.counts]).toEqual([1, 3]);
    expect([0, 1].map((i) => histogramPoint(h.histograms!, i).buckets)).toEqual([
      [{ rule: 0, lower: 0.5, upper: 1, count: 1 }],
      [
        { rule: 0, lower: 0.5, upper: 1, count: 2 },
        { rule: 0, lower: 1, upper: 2, count: 1 },
      ],
    ]);
  });

  it('refuses a range answer that is not a matrix', async () => {
    const { fetch } = fakeFetch(() => ok({ resultType: 'vector', result: [] }));
    expect(await remoteQueryRange(DS, 'up', 1, 2, 1, { fetch })).toMatchObject({ status: 'error', errorType: 'internal' });
  });
});

describe('metadata endpoints', () => {
  it('labels, label values, series and metadata send match[] and times and return the data', async () => {
    const { fetch, calls } = fakeFetch((r) => {
      if (r.url.pathname === '/api/v1/labels') return ok(['__name__', 'job']);
      if (r.url.pathname === '/api/v1/label/job/values') return ok(['prometheus']);
      if (r.url.pathname === '/api/v1/series') return ok([{ __name__: 'up', job: 'prometheus' }]);
      return ok({ up: [{ type: 'gauge', help: 'Up.', unit: '' }] });
    });
    expect(await remoteLabels(DS, ['up'], 1, 2, { fetch })).toEqual(ok(['__name__', 'job']));
    expect(await remoteLabelValues(DS, 'job', ['{a="b"}'], undefined, undefined, { fetch })).toEqual(ok(['prometheus']));
    expect(await remoteSeries(DS, ['up', 'down'], 1, 2, { fetch })).toEqual(ok([{ __name__: 'up', job: 'prometheus' }]));
    expect(await remoteMetadata(DS, 'up', 10, { fetch })).toEqual(ok({ up: [{ type: 'gauge', help: 'Up.', unit: '' }] }));
    expect(calls[0].url.searchParams.getAll('match[]')).toEqual(['up']);
    expect(calls[0].url.searchParams.get('start')).toBe('1');
    expect(calls[1].url.searchParams.getAll('match[]')).toEqual(['{a="b"}']);
    expect(calls[1].url.searchParams.has('start')).toBe(false);
    expect(calls[2].url.searchParams.getAll('match[]')).toEqual(['up', 'down']);
    expect(Object.fromEntries(calls[3].url.searchParams)).toEqual({ metric: 'up', limit: '10' });
  });

  it('refuses label names that are not strings', async () => {
    const { fetch } = fakeFetch(() => ok([1, 2]));
    expect(await remoteLabels(DS, undefined, undefined, undefined, { fetch })).toMatchObject({ status: 'error', errorType: 'internal' });
  });
});

describe('testDataSource', () => {
  it('reads the version from buildinfo', async () => {
    const { fetch } = fakeFetch(() => ok({ version: '2.42.0', revision: 'x' }));
    expect(await testDataSource(DS, { fetch })).toEqual(ok({ version: '2.42.0', endpoint: '/api/v1/status/buildinfo' }));
  });

  it('falls back to the query 1 where buildinfo is missing', async () => {
    const { fetch, calls } = fakeFetch((r) => (r.url.pathname.endsWith('buildinfo') ? { status: 404, body: 'not found' } : ok({ resultType: 'scalar', result: [1, '1'] })));
    expect(await testDataSource(DS, { fetch })).toEqual(ok({ version: '', endpoint: '/api/v1/query' }));
    expect(calls.map((c) => c.url.pathname)).toEqual(['/api/v1/status/buildinfo', '/api/v1/query']);
  });

  it('reports a bad password without trying the query', async () => {
    const { fetch, calls } = fakeFetch(() => ({ status: 401, body: 'Unauthorized' }));
    const r = await testDataSource(DS, { fetch });
    expect(r).toMatchObject({ status: 'error', errorType: 'unavailable' });
    expect(calls).toHaveLength(1);
  });
});

describe('DataSourceService', () => {
  it('cancels a running query by id', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const svc = new DataSourceService(async (_input, init) => {
      await gate;
      if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      return new Response(JSON.stringify(ok({ resultType: 'vector', result: [] })));
    });
    const p = svc.query(DS, 'up', 1, 'q1');
    await svc.cancel('q1');
    release();
    expect(await p).toEqual({ status: 'error', errorType: 'canceled', error: 'query was canceled' });
  });

  it('serves range queries with typed arrays', async () => {
    const svc = new DataSourceService(async () => new Response(JSON.stringify(ok({ resultType: 'matrix', result: [{ metric: {}, values: [[1, '2']] }] }))));
    const r = await svc.queryRange(DS, 'x', 1, 1, 1);
    expect(r.status === 'success' && [...r.data.result[0].values]).toEqual([2]);
  });
});
