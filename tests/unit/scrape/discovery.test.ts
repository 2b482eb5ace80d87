import { describe, expect, it } from 'vitest';
import { globMatches, HttpSD, parseFileSD } from '../../../src/scrape/discovery';
import { DEFAULT_HTTP } from '../../../src/scrape/config';
import { classifyFailure, ScrapeError } from '../../../src/scrape/errors';
import { ExpositionError } from '../../../src/exposition';
import { FakeClock, fakeFetch, type Reply } from './helpers';

describe('file_sd contents', () => {
  it('reads JSON and YAML lists and labels groups with the file path', () => {
    const json = parseFileSD('[{"targets":["a:1","b:2"],"labels":{"env":"p"}}]', 'sd/t.json');
    expect(json).toEqual([{ targets: ['a:1', 'b:2'], labels: { __meta_filepath: 'sd/t.json', env: 'p' }, source: 'sd/t.json:0' }]);
    const yaml = parseFileSD('- targets: [c:3]\n- targets: [d:4]\n  labels: {x: "1"}\n', 't.yml');
    expect(yaml.map((g) => [g.targets, g.labels.x])).toEqual([[['c:3'], undefined], [['d:4'], '1']]);
    expect(parseFileSD('', 'empty.yml')).toEqual([]);
  });

  it.each([
    ['{"targets":[]}', 'expected a list of target groups'],
    ['[{"targets":[1]}]', '"targets" must be a list of strings'],
    ['[{"targets":[],"labels":{"a":1}}]', 'label "a" must be a string'],
    ['[{"targetz":[]}]', 'unknown field "targetz"'],
  ])('rejects %s', (text, msg) => {
    expect(() => parseFileSD(text, 'x.json')).toThrow(msg);
  });

  it('matches files patterns against imported names', () => {
    expect(globMatches('targets/*.json', 'targets/a.json')).toBe(true);
    expect(globMatches('/etc/prometheus/targets/*.json', 'a.json')).toBe(true);
    expect(globMatches('targets/*.json', 'a.yml')).toBe(false);
    expect(globMatches('t?.yml', 't1.yml')).toBe(true);
  });
});

describe('http_sd', () => {
  const cfg = { url: 'http://sd.test/targets', refreshInterval: 60_000, http: DEFAULT_HTTP };
  const ok = (targets: string[]): Reply => ({ body: JSON.stringify([{ targets, labels: { a: '1' } }]), contentType: 'application/json' });

  it('refreshes on its interval, keeps the last good list on error and exposes the error', async () => {
    const clock = new FakeClock();
    let reply = ok(['x:1']);
    const fetch = fakeFetch(() => reply);
    const updates: number[] = [];
    const sd = new HttpSD(cfg, fetch, clock, (s) => updates.push(s.groups.length));
    sd.start();
    await clock.advance(1);
    expect(sd.groups[0]).toEqual({ targets: ['x:1'], labels: { __meta_url: cfg.url, a: '1' }, source: `${cfg.url}:0` });
    reply = { status: 500, body: 'oops' };
    await clock.advance(60_000);
    expect(sd.lastError).toBe('server returned HTTP status 500 Internal Server Error');
    expect(sd.groups[0].targets).toEqual(['x:1']);
    reply = { body: '[]', contentType: 'text/html' };
    await clock.advance(60_000);
    expect(sd.lastError).toBe('unsupported content type "text/html"');
    reply = ok(['y:1', 'z:1']);
    await clock.advance(60_000);
    expect(sd.lastError).toBe('');
    expect(sd.groups[0].targets).toEqual(['y:1', 'z:1']);
    expect(fetch.requests.length).toBe(4);
    expect(updates.length).toBe(4);
    sd.stop();
    await clock.advance(120_000);
    expect(fetch.requests.length).toBe(4);
  });
});

describe('http_sd timeout', () => {
  it('gives up after 30s with the injected clock and keeps the old list', async () => {
    const clock = new FakeClock();
    const fetch = fakeFetch(() => ({ body: '[]', contentType: 'application/json', delayMs: 45_000 }), clock);
    const sd = new HttpSD({ url: 'http://sd.test/', refreshInterval: 60_000, http: DEFAULT_HTTP }, fetch, clock, () => {});
    sd.groups = [{ targets: ['old:1'], labels: {} }];
    sd.start();
    await clock.advance(30_001);
    expect(sd.lastError).toBe('context deadline exceeded');
    expect(sd.groups[0].targets).toEqual(['old:1']);
    sd.stop();
  });
});

describe('classifyFailure', () => {
  const base = { url: 'http://10.0.0.5:9100/metrics', pageOrigin: 'https://promtab.example', timedOut: false, timeoutMs: 10_000 };
  const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  it.each([
    ['timeout', new DOMException('aborted', 'AbortError'), { timedOut: true }, 'context deadline exceeded'],
    ['mixed_content', new TypeError('Failed to fetch'), {}, 'mixed content'],
    ['local_network', new TypeError('Failed to fetch'), { url: 'https://10.0.0.5/metrics' }, 'local network'],
    ['unreachable', new TypeError('Failed to fetch'), { pageOrigin: 'http://127.0.0.1:4173', url: 'http://h.example/m' }, 'unreachable or blocks cross-origin'],
    ['connection', refused, { pageOrigin: '' }, 'ECONNREFUSED'],
    ['parse', new ExpositionError(2, 3, 'bad'), {}, 'line 2, column 3: bad'],
    ['limit', new ScrapeError('limit', 'sample limit exceeded'), {}, 'sample limit exceeded'],
    ['internal', new RangeError('boom'), {}, 'boom'],
  ])('%s', (kind, err, ctx, msg) => {
    const f = classifyFailure(err, { ...base, ...ctx });
    expect(f.kind).toBe(kind);
    expect(f.message).toContain(msg);
    expect(f.fix.length).toBeGreaterThan(20);
  });

  it('tells how to allow cross-origin requests, naming the page origin', () => {
    const f = classifyFailure(new TypeError('Failed to fetch'), { ...base, pageOrigin: 'http://127.0.0.1:4173', url: 'http://h.example/m' });
    expect(f.fix).toContain('Access-Control-Allow-Origin: http://127.0.0.1:4173');
    expect(f.fix).toContain('reverse proxy');
    const m = classifyFailure(new TypeError('Failed to fetch'), base);
    expect(m.fix).toContain('http on localhost');
  });
});
