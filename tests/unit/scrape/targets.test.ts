import { describe, expect, it } from 'vitest';
import { labelsFromObject, labelsToObject } from '../../../src/model/labels';
import { scrapeConfig } from '../../../src/scrape/config';
import { compileRelabel, relabelConfig } from '../../../src/scrape/relabel';
import { parseTargetURLs, populateLabels, publicLabels, targetsFromGroup, targetURL } from '../../../src/scrape/targets';

const cfg = scrapeConfig({ jobName: 'node', scrapeInterval: 30_000, params: { module: ['a', 'b'] } });

describe('targetsFromGroup', () => {
  it('adds job defaults, drops meta labels after relabeling and defaults instance to the address', () => {
    const rules = compileRelabel([relabelConfig({ sourceLabels: ['__meta_zone'], targetLabel: 'zone' })]);
    const r = targetsFromGroup({ targets: ['h:1'], labels: { __meta_zone: 'z1', env: 'p' } }, cfg, rules);
    expect(r.errors).toEqual([]);
    const t = r.active[0];
    expect({ ...labelsToObject(t.discoveredLabels) }).toEqual({
      __address__: 'h:1',
      __meta_zone: 'z1',
      __metrics_path__: '/metrics',
      __param_module: 'a',
      __scheme__: 'http',
      __scrape_interval__: '30s',
      __scrape_timeout__: '10s',
      env: 'p',
      job: 'node',
    });
    expect({ ...labelsToObject(publicLabels(t.labels)) }).toEqual({ env: 'p', instance: 'h:1', job: 'node', zone: 'z1' });
    expect(t.url).toBe('http://h:1/metrics?module=a&module=b');
    expect([t.interval, t.timeout]).toEqual([30_000, 10_000]);
  });

  it('relabeling can change address, scheme, path, params, interval and instance', () => {
    const rules = compileRelabel([
      relabelConfig({ targetLabel: '__address__', replacement: 'proxy:8080' }),
      relabelConfig({ targetLabel: '__scheme__', replacement: 'https' }),
      relabelConfig({ targetLabel: '__metrics_path__', replacement: '/probe' }),
      relabelConfig({ targetLabel: '__param_target', replacement: 'x y' }),
      relabelConfig({ targetLabel: '__param_module', replacement: 'c' }),
      relabelConfig({ targetLabel: '__scrape_interval__', replacement: '1m' }),
      relabelConfig({ targetLabel: 'instance', replacement: 'mine' }),
    ]);
    const t = targetsFromGroup({ targets: ['h:1'], labels: {} }, cfg, rules).active[0];
    expect(t.url).toBe('https://proxy:8080/probe?module=c&module=b&target=x+y');
    expect(t.interval).toBe(60_000);
    expect(labelsToObject(t.labels).instance).toBe('mine');
  });

  it('lists targets dropped by relabeling with their discovered labels', () => {
    const rules = compileRelabel([relabelConfig({ sourceLabels: ['__address__'], regex: 'b:.*', action: 'drop' })]);
    const r = targetsFromGroup({ targets: ['a:1', 'b:1'], labels: {} }, cfg, rules);
    expect(r.active.length).toBe(1);
    expect(labelsToObject(r.dropped[0]).__address__).toBe('b:1');
  });

  it.each([
    [{ __address__: '' }, 'no address'],
    [{ __address__: 'http://h/x' }, 'is not a valid hostname'],
    [{ __address__: 'h', __scrape_interval__: 'bad', __scrape_timeout__: '1s' }, 'error parsing scrape interval'],
    [{ __address__: 'h', __scrape_interval__: '0s', __scrape_timeout__: '1s' }, 'scrape interval cannot be 0'],
    [{ __address__: 'h', __scrape_interval__: '5s', __scrape_timeout__: '6s' }, 'scrape timeout cannot be greater than scrape interval'],
  ])('rejects %j', (ls, msg) => {
    const r = populateLabels(labelsFromObject(ls), []);
    expect(typeof r).toBe('string');
    expect(r).toContain(msg);
  });

  it('targetURL lets __param_ labels replace only the first value', () => {
    expect(targetURL(labelsFromObject({ __scheme__: 'http', __address__: 'h', __metrics_path__: '/m', __param_a: 'z' }), { a: ['1', '2'] })).toBe(
      'http://h/m?a=z&a=2',
    );
  });
});

describe('parseTargetURLs', () => {
  it('splits on newlines, spaces and commas and reads scheme, path and params', () => {
    const r = parseTargetURLs('http://a:9100/metrics\nhttps://b.example/custom/path?x=1, c:8080 localhost:9090/', undefined);
    expect(r.errors).toEqual([]);
    expect(r.targets.map((t) => [t.job, t.group.targets[0], t.group.labels])).toEqual([
      ['a', 'a:9100', { __scheme__: 'http', __metrics_path__: '/metrics' }],
      ['b.example', 'b.example', { __scheme__: 'https', __metrics_path__: '/custom/path', __param_x: '1' }],
      ['c', 'c:8080', { __scheme__: 'http', __metrics_path__: '/metrics' }],
      ['localhost', 'localhost:9090', { __scheme__: 'http', __metrics_path__: '/' }],
    ]);
    expect(r.hints).toEqual(['https://b.example/custom/path is scraped at path /custom/path, not /metrics', 'http://localhost:9090/ is scraped at path /, not /metrics']);
  });

  it('uses the given job and reports bad URLs', () => {
    const r = parseTargetURLs('ftp://x/y  a:1 http://', 'mine');
    expect(r.targets.map((t) => t.job)).toEqual(['mine']);
    expect(r.errors.length).toBe(2);
  });

  it.each([
    ['not a url', ['"not" is not a target URL', '"a" is not a target URL', '"url" is not a target URL']],
    ['host', ['"host" is not a target URL']],
    ['http://user:pw@h:1/', ['"http://user:pw@h:1/" is not a target URL']],
    ['h:1\nnope', ['line 2: "nope" is not a target URL']],
  ])('refuses %j', (text, want) => {
    const r = parseTargetURLs(text);
    expect(r.errors.map((e) => e.replace(/: write .*/, ''))).toEqual(want);
  });

  it('keeps a path given as /, and uses /metrics only when no path is given', () => {
    const r = parseTargetURLs('http://host:9091/ http://host:9092 [::1]:9100');
    expect(r.errors).toEqual([]);
    expect(r.targets.map((t) => [t.group.targets[0], t.group.labels.__metrics_path__])).toEqual([
      ['host:9091', '/'],
      ['host:9092', '/metrics'],
      ['[::1]:9100', '/metrics'],
    ]);
  });
});
