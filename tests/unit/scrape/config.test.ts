import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyConfig, scrapeConfig, type PromConfig } from '../../../src/scrape/config';
import { relabelConfig } from '../../../src/scrape/relabel';
import { ConfigError, parseConfig } from '../../../src/scrape/config_parse';
import { configToYaml, formatSize, SECRET } from '../../../src/scrape/config_export';

const FULL = `global:
  scrape_interval: 30s
  scrape_timeout: 20s
  evaluation_interval: 1m
  external_labels:
    region: eu
  sample_limit: 5000
alerting:
  alertmanagers:
    - static_configs:
        - targets: []
rule_files:
  - rules/*.yml
scrape_configs:
  - job_name: node
    scrape_interval: 15s
    metrics_path: /m
    scheme: https
    params:
      module: [a, b]
    honor_labels: true
    honor_timestamps: false
    fallback_scrape_protocol: PrometheusText0.0.4
    label_limit: 30
    body_size_limit: 10MiB
    basic_auth:
      username: u
      password: hunter2
    http_headers:
      X-Team:
        values: [blue]
        secrets: [s3cret]
    static_configs:
      - targets: ['a:9100', 'b:9100']
        labels:
          env: prod
    relabel_configs:
      - source_labels: [__address__]
        regex: '(.*):9100'
        target_label: host
      - action: LabelDrop
        regex: tmp_.*
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: go_.*
        action: drop
  - job_name: sd
    authorization:
      credentials: tok
    http_sd_configs:
      - url: http://sd.example/targets
        refresh_interval: 2m
    file_sd_configs:
      - files: [targets/*.json]
`;

describe('parseConfig', () => {
  const cfg = parseConfig(FULL);
  const [node, sd] = cfg.scrapeConfigs;

  it('reads global settings and resolves job defaults against them', () => {
    expect(cfg.global.scrapeInterval).toBe(30_000);
    expect(cfg.global.externalLabels).toEqual({ region: 'eu' });
    expect(cfg.ruleFiles).toEqual(['rules/*.yml']);
    expect(node.scrapeInterval).toBe(15_000);
    expect(node.scrapeTimeout).toBe(15_000); // global 20s capped at the job's interval
    expect(sd.scrapeInterval).toBe(30_000);
    expect(sd.scrapeTimeout).toBe(20_000);
    expect(sd.metricsPath).toBe('/metrics');
    expect(sd.scheme).toBe('http');
    expect(sd.honorTimestamps).toBe(true);
    expect(node.sampleLimit).toBe(5000); // inherited
    expect(node.labelLimit).toBe(30);
    expect(node.bodySizeLimit).toBe(10 * 2 ** 20);
    expect(node.line).toBe(15);
  });

  it('reads jobs, discovery, relabeling and HTTP settings', () => {
    expect(node.params).toEqual({ module: ['a', 'b'] });
    expect(node.honorLabels).toBe(true);
    expect(node.honorTimestamps).toBe(false);
    expect(node.fallbackScrapeProtocol).toBe('PrometheusText0.0.4');
    expect(node.staticConfigs[0].targets).toEqual(['a:9100', 'b:9100']);
    expect(node.relabelConfigs[1].action).toBe('labeldrop');
    expect(node.metricRelabelConfigs[0].action).toBe('drop');
    expect(node.http.basicAuth).toEqual({ username: 'u', password: 'hunter2' });
    expect(node.http.fetchCredentials).toBe('omit');
    expect(sd.http.authorization).toEqual({ type: 'Bearer', credentials: 'tok' });
    expect(sd.httpSdConfigs[0]).toMatchObject({ url: 'http://sd.example/targets', refreshInterval: 120_000 });
    expect(sd.fileSdConfigs[0]).toEqual({ files: ['targets/*.json'], refreshInterval: 300_000 });
  });

  it('accepts Prometheus fields at the values Promtab behaves as', () => {
    const c = parseConfig('scrape_configs:\n  - job_name: x\n    enable_compression: true\n    track_timestamps_staleness: false\n    target_limit: 0\n');
    expect(c.scrapeConfigs[0].jobName).toBe('x');
  });

  it('caps the default global timeout at a short global interval, as Prometheus', () => {
    const c = parseConfig('global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: x\n');
    expect([c.global.scrapeTimeout, c.scrapeConfigs[0].scrapeTimeout]).toEqual([5_000, 5_000]);
    expect(() => parseConfig('global:\n  scrape_interval: 5s\n  scrape_timeout: 6s\n')).toThrow('line 2: global scrape timeout greater than scrape interval');
  });

  it('defaults to 1m / 10s without a global section', () => {
    const c = parseConfig('scrape_configs:\n  - job_name: x\n');
    expect(c.scrapeConfigs[0].scrapeInterval).toBe(60_000);
    expect(c.scrapeConfigs[0].scrapeTimeout).toBe(10_000);
  });
});

describe('parseConfig errors carry the line', () => {
  it.each([
    ['scrape_configs:\n  - job_name: a\n    consul_sd_configs: []\n', 3, 'field "consul_sd_configs" is not supported by Promtab'],
    ['remote_read: []\n', 1, 'field "remote_read" is not supported by Promtab'],
    ['global:\n  scrape_interval: 5x\n', 2, 'not a valid duration string'],
    ['scrape_configs:\n  - job_name: a\n  - job_name: a\n', 3, 'found multiple scrape configs with job name "a"'],
    ['scrape_configs:\n  - scrape_interval: 5s\n', 2, 'job_name is empty'],
    ['scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 6s\n', 2, 'scrape timeout greater than scrape interval'],
    ['scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ["http://x/y"]\n', 2, 'is not a valid hostname'],
    ['scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: hashmod\n        target_label: x\n', 4, 'requires non-zero modulus'],
    ['scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: explode\n', 4, 'unknown relabel action'],
    ['scrape_configs:\n  - job_name: a\n    honor_labels: yes please\n', 3, 'expected true or false'],
    ['scrape_configs:\n  - job_name: a\n    sample_limit: -1\n', 3, 'expected a non-negative integer'],
    ['scrape_configs:\n  - job_name: a\n    body_size_limit: 10 parsecs\n', 3, 'not a valid size'],
    ['scrape_configs:\n  - job_name: a\n    tls_config: {}\n', 3, 'field "tls_config" is not supported by Promtab'],
    ['scrape_configs:\n  - job_name: a\n    http_sd_configs:\n      - url: ftp://x\n', 4, "URL scheme must be 'http' or 'https'"],
    ['scrape_configs:\n  - job_name: a\n    fallback_scrape_protocol: PrometheusProtobuf\n', 3, 'unknown scrape protocol "PrometheusProtobuf"'],
    ['scrape_configs:\n  - job_name: a\n    native_histogram_min_bucket_factor: -1\n', 3, 'expected a non-negative number'],
    ['global:\n  scrape_interval: [1\n', 3, 'Flow sequence'],
    ['a: 1\na: 2\n', 2, 'unique'],
    ['scrape_configs:\n  - job_name: a\n    enable_compression: false\n', 3, 'field "enable_compression" is supported by Promtab only as true'],
  ])('%j', (text, line, msg) => {
    let err: unknown;
    try {
      parseConfig(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).line).toBe(line);
    expect((err as ConfigError).message).toContain(msg);
    expect((err as ConfigError).message.startsWith(`line ${line}: `)).toBe(true);
  });
});

describe('configToYaml', () => {
  it('round-trips: parse(export(parse(x))) equals parse(x)', () => {
    const cfg = parseConfig(FULL);
    const back = parseConfig(configToYaml(cfg, { secrets: true }));
    const strip = (c: typeof cfg) => ({ ...c, scrapeConfigs: c.scrapeConfigs.map((s) => ({ ...s, line: 0 })) });
    expect(strip(back)).toEqual(strip(cfg));
  });

  it('hides secrets unless asked', () => {
    const cfg = parseConfig(FULL);
    const shown = configToYaml(cfg);
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('s3cret');
    expect(shown).not.toContain('tok\n');
    expect(shown.split(SECRET).length - 1).toBe(3);
    const full = configToYaml(cfg, { secrets: true });
    expect(full).toContain('hunter2');
    expect(full).toContain('s3cret');
  });

  it('writes sizes in binary units', () => {
    expect([0, 512, 1024, 10 * 2 ** 20, 3 * 2 ** 30, 1500].map(formatSize)).toEqual(['0B', '512B', '1KiB', '10MiB', '3GiB', '1500B']);
  });
});

describe('configToYaml round trip (property)', () => {
  const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
  const text = fc.string({ maxLength: 12 });
  const rule = fc.oneof(
    fc.record({ sourceLabels: fc.array(name, { maxLength: 3 }), separator: text, regex: fc.constantFrom('(.*)', 'a.*', '(?i)x|y', ''), targetLabel: name, replacement: text, action: fc.constant('replace' as const) }),
    fc.record({ sourceLabels: fc.array(name, { minLength: 1, maxLength: 2 }), regex: fc.constantFrom('.+', 'b'), action: fc.constantFrom('keep' as const, 'drop' as const) }),
    fc.record({ sourceLabels: fc.array(name, { minLength: 1 }), targetLabel: name, modulus: fc.integer({ min: 1, max: 1e6 }), action: fc.constant('hashmod' as const) }),
    fc.record({ regex: fc.constantFrom('__meta_(.+)', 'tmp.*'), action: fc.constantFrom('labeldrop' as const, 'labelkeep' as const) }),
  );
  it('parse(export(cfg)) keeps jobs, targets, labels and rules', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ job: name, targets: fc.array(fc.stringMatching(/^[a-z]{1,6}:[1-9][0-9]{0,3}$/), { maxLength: 3 }), labels: fc.dictionary(name, text, { maxKeys: 3 }), rules: fc.array(rule, { maxLength: 3 }), interval: fc.integer({ min: 1, max: 600 }) }), { maxLength: 3 }),
        (jobs) => {
          const uniq = jobs.filter((j, i) => jobs.findIndex((k) => k.job === j.job) === i);
          const cfg = {
            ...emptyConfig(),
            scrapeConfigs: uniq.map((j) =>
              scrapeConfig({ jobName: j.job, scrapeInterval: j.interval * 1000, staticConfigs: [{ targets: j.targets, labels: j.labels, source: '0' }], relabelConfigs: j.rules.map((r) => relabelConfig(r)) }),
            ),
          };
          const back = parseConfig(configToYaml(cfg));
          const norm = (c: PromConfig) => c.scrapeConfigs.map((s) => ({ ...s, line: 0, staticConfigs: s.staticConfigs.map((g) => ({ targets: g.targets, labels: { ...g.labels } })) }));
          expect(norm(back)).toEqual(norm(cfg));
        },
      ),
      { numRuns: 100 },
    );
  }, 30_000);
});
