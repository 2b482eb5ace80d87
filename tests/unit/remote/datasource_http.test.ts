import { describe, expect, it } from 'vitest';
import { buildRequest, callApi, MAX_GET_URL, readEnvelope, requestHeaders } from '../../../src/remote/datasource_http';
import {
  dataSourceListProblem,
  dataSourceProblem,
  findDataSource,
  normalizeDataSource,
  type DataSource,
} from '../../../src/remote/datasource_config';
import { DS, fakeFetch } from './datasource_fake';

describe('requestHeaders', () => {
  it.each<[string, Partial<DataSource>, Record<string, string>]>([
    ['none', {}, { accept: 'application/json' }],
    ['basic auth (UTF-8)', { username: 'ü', password: 'p:w' }, { accept: 'application/json', authorization: `Basic ${Buffer.from('ü:p:w').toString('base64')}` }],
    ['bearer', { bearerToken: 'tok' }, { accept: 'application/json', authorization: 'Bearer tok' }],
    ['custom', { headers: [{ name: 'X-Scope-OrgID', value: 'tenant', secret: false }] }, { accept: 'application/json', 'x-scope-orgid': 'tenant' }],
  ])('%s', (_name, patch, want) => {
    expect(Object.fromEntries(requestHeaders({ ...DS, ...patch }))).toEqual(want);
  });
});

describe('buildRequest', () => {
  it('keeps a prefix path and repeats match[]', () => {
    const r = buildRequest({ ...DS, url: 'https://mimir.example/prometheus' }, '/api/v1/series', [['match[]', 'a'], ['match[]', 'b']], true);
    expect(r.url).toBe('https://mimir.example/prometheus/api/v1/series?match%5B%5D=a&match%5B%5D=b');
    expect(r.init.method).toBe('GET');
  });

  it('stays GET for a long URL where the endpoint takes no form', () => {
    const r = buildRequest(DS, '/api/v1/label/job/values', [['match[]', 'x'.repeat(MAX_GET_URL)]], false);
    expect(r.init.method).toBe('GET');
  });
});

describe('readEnvelope', () => {
  it.each([
    ['a Prometheus error', 400, JSON.stringify({ status: 'error', errorType: 'bad_data', error: '1:5: parse error: unexpected' }), 'bad_data', 'prod: 1:5: parse error: unexpected'],
    ['a timeout', 503, JSON.stringify({ status: 'error', errorType: 'timeout', error: 'query timed out' }), 'timeout', 'prod: query timed out'],
    ['an unknown error type', 422, JSON.stringify({ status: 'error', errorType: 'weird', error: 'x' }), 'execution', 'prod: x'],
    ['a 404 page', 404, '404 page not found', 'not_found', 'prod: HTTP 404: check the base URL: the API must be at <URL>/api/v1 (Mimir usually needs a prefix such as /prometheus) (404 page not found)'],
    ['a 401', 401, '', 'unavailable', 'prod: HTTP 401: check the username and password or the bearer token of this data source'],
    ['a 502 from a proxy', 502, '<html>bad gateway</html>', 'unavailable', 'prod: HTTP 502: a proxy in front of the server could not reach it (<html>bad gateway</html>)'],
    ['HTML with 200', 200, '<html></html>', 'internal', "prod: HTTP 200: the answer is not Prometheus API JSON; check the base URL (<html></html>)"],
    ['a 500', 500, 'boom', 'internal', 'prod: HTTP 500: the server failed (boom)'],
  ])('%s', (_name, status, body, errorType, error) => {
    expect(readEnvelope(DS, status, '', body)).toEqual({ status: 'error', errorType, error });
  });

  it('keeps warnings and infos of a success', () => {
    const body = JSON.stringify({ status: 'success', data: 1, warnings: ['w'], infos: ['i'] });
    expect(readEnvelope(DS, 200, 'OK', body)).toEqual({ status: 'success', data: 1, warnings: ['w'], infos: ['i'] });
  });
});

describe('network failures', () => {
  const fail = () => new TypeError('Failed to fetch');
  it.each([
    ['CORS or down', 'http://127.0.0.1:4173', 'http://127.0.0.1:9090', /--web\.cors\.origin='\.\*'.*Access-Control-Allow-Origin/],
    ['mixed content', 'https://promtab.example', 'http://prom.example:9090', /served over https/],
    ['local network', 'https://promtab.example', 'https://192.168.1.5:9090', /local network access for https:\/\/promtab\.example/],
  ])('%s', async (_name, page, url, want) => {
    const { fetch } = fakeFetch(fail);
    const r = await callApi({ ...DS, url }, '/api/v1/query', [], true, { fetch, pageOrigin: page });
    expect(r.status).toBe('error');
    if (r.status === 'error') {
      expect(r.errorType).toBe('unavailable');
      expect(r.error).toMatch(/^data source prod \(.*\) could not be reached \(Failed to fetch\)/);
      expect(r.error).toMatch(want);
    }
  });
});

describe('a blocked request with custom headers', () => {
  it('says Prometheus does not allow them cross-origin', async () => {
    const { fetch } = fakeFetch(() => new TypeError('Failed to fetch'));
    const ds = { ...DS, headers: [{ name: 'X-Scope-OrgID', value: 't', secret: false }] };
    const r = await callApi(ds, '/api/v1/query', [], true, { fetch, pageOrigin: 'http://127.0.0.1:4173' });
    expect(r.status === 'error' && r.error).toMatch(/the custom header X-Scope-OrgID needs such a proxy too\.$/);
  });
});

describe('data source configuration', () => {
  it.each<[string, Partial<DataSource>, RegExp | '']>([
    ['fine', {}, ''],
    ['no name', { name: ' ' }, /needs a name/],
    ['the local name', { name: 'promtab' }, /kept for the local storage/],
    ['not a URL', { url: 'prom:9090x' }, /must start with http/],
    ['garbage', { url: 'nope' }, /is not a URL/],
    ['a query string', { url: 'http://a/?x=1' }, /query string/],
    ['credentials in the URL', { url: 'http://u:p@a' }, /not in the URL/],
    ['both auths', { username: 'u', bearerToken: 't' }, /not both/],
    ['a bad header name', { headers: [{ name: 'X Y', value: '', secret: false }] }, /not a valid header name/],
    ['a header line break', { headers: [{ name: 'X', value: 'a\nb', secret: true }] }, /line break/],
  ])('%s', (_name, patch, want) => {
    const p = dataSourceProblem({ ...DS, ...patch });
    if (want === '') expect(p).toBe('');
    else expect(p).toMatch(want);
  });

  it('refuses two data sources with one name', () => {
    expect(dataSourceListProblem([DS, { ...DS }])).toMatch(/two data sources are named "prod"/);
    expect(dataSourceListProblem([DS, { ...DS, name: 'b' }])).toBe('');
  });

  it('normalizes the name and the trailing slash', () => {
    expect(normalizeDataSource({ ...DS, name: ' a ', url: ' http://x/prometheus// ' })).toMatchObject({ name: 'a', url: 'http://x/prometheus' });
  });

  it('finds a data source by exact, then case-insensitive name; anything else is local', () => {
    const list = [DS, { ...DS, name: 'Prod' }, { ...DS, name: 'mimir' }];
    expect(findDataSource(list, 'Prod')).toBe(list[1]);
    expect(findDataSource(list, 'MIMIR')).toBe(list[2]);
    expect(findDataSource(list, '${DS_PROMETHEUS}')).toBeNull();
    expect(findDataSource(list, undefined)).toBeNull();
  });
});
