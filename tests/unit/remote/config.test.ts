import { describe, expect, it } from 'vitest';
import { parseConfig, parseRelabelConfigs } from '../../../src/scrape/config_parse';
import { configToYaml } from '../../../src/scrape/config_export';
import { DEFAULT_QUEUE_CONFIG, remoteName } from '../../../src/remote/config';

const FULL = `global:
  external_labels:
    replica: a
scrape_configs: []
remote_write:
  - url: https://rw.example/api/v1/write
    name: main
    remote_timeout: 10s
    protobuf_message: io.prometheus.write.v2.Request
    send_native_histograms: true
    headers:
      X-Scope-OrgID: team
    basic_auth:
      username: u
      password: hunter2
    write_relabel_configs:
      - source_labels: [__name__]
        regex: go_.*
        action: drop
    queue_config:
      capacity: 500
      max_samples_per_send: 100
      batch_send_deadline: 1s
      min_backoff: 50ms
      max_backoff: 10s
      retry_on_http_429: true
  - url: http://127.0.0.1:9090/api/v1/write
    authorization:
      credentials: tok
`;

describe('remote_write parsing', () => {
  it('reads every supported field and fills Prometheus defaults', () => {
    const cfg = parseConfig(FULL);
    const [a, b] = cfg.remoteWrite!;
    expect(a).toMatchObject({
      url: 'https://rw.example/api/v1/write',
      name: 'main',
      remoteTimeout: 10_000,
      headers: { 'X-Scope-OrgID': 'team' },
      queueConfig: { ...DEFAULT_QUEUE_CONFIG, capacity: 500, maxSamplesPerSend: 100, batchSendDeadline: 1000, minBackoff: 50, maxBackoff: 10_000, retryOnRateLimit: true },
      http: { basicAuth: { username: 'u', password: 'hunter2' } },
      protobufMessage: 'io.prometheus.write.v2.Request',
      sendNativeHistograms: true,
      line: 6,
    });
    expect(a.writeRelabelConfigs).toHaveLength(1);
    expect(a.writeRelabelConfigs[0]).toMatchObject({ action: 'drop', regex: 'go_.*' });
    expect(b).toMatchObject({ name: '', protobufMessage: 'prometheus.WriteRequest', sendNativeHistograms: false, remoteTimeout: 30_000, queueConfig: DEFAULT_QUEUE_CONFIG, http: { authorization: { type: 'Bearer', credentials: 'tok' } } });
    expect(remoteName(b)).toMatch(/^[0-9a-f]{6}$/);
    expect(remoteName(b)).toBe(remoteName({ name: '', url: b.url }));
  });

  it('a configuration without remote_write has none', () => {
    expect(parseConfig('scrape_configs: []\n').remoteWrite).toBeUndefined();
  });

  const errors: [string, string][] = [
    ['remote_write:\n  - name: x\n', 'line 2: url for remote_write is empty'],
    ['remote_write:\n  - url: ftp://x/\n', "line 2: remote_write url scheme must be 'http' or 'https'"],
    ['remote_write:\n  - url: http://x/\n    headers:\n      Content-Encoding: gzip\n', 'line 2: Content-Encoding is a reserved header. It must not be changed'],
    ['remote_write:\n  - url: http://x/\n    headers:\n      authorization: x\n', 'line 2: authorization header must be changed via the basic_auth or authorization parameter'],
    ['remote_write:\n  - url: http://x/\n    queue_config:\n      min_backoff: 2s\n      max_backoff: 1s\n', 'line 2: remote write queue max_backoff must not be less than min_backoff'],
    ['remote_write:\n  - url: http://x/\n    queue_config:\n      capacity: 0\n', 'line 2: remote write queue capacity must be positive'],
    ['remote_write:\n  - url: http://x/\n    queue_config:\n      shards: 2\n', 'line 4: field "shards" is not supported by Promtab'],
    [
      'remote_write:\n  - url: http://x/\n    protobuf_message: io.prometheus.write.v3.Request\n',
      'line 2: unknown remote write protobuf message io.prometheus.write.v3.Request, supported: prometheus.WriteRequest, io.prometheus.write.v2.Request',
    ],
    ['remote_write:\n  - url: http://x/\n    send_native_histograms: yes please\n', 'line 3: expected true or false, got "yes please"'],
    ['remote_write:\n  - url: http://x/\n    send_exemplars: maybe\n', 'line 3: expected true or false, got "maybe"'],
    ['remote_write:\n  - url: http://x/\n    metadata_config:\n      send: true\n', 'line 4: Promtab sends metadata only inside remote write 2.0 requests (protobuf_message): metadata_config.send must be false'],
    ['remote_write:\n  - url: http://x/\n    write_relabel_configs:\n      - action: replace\n', 'line 4: relabel configuration for replace action requires \'target_label\' value'],
    ['remote_write:\n  - url: http://x/\n    basic_auth: {username: a}\n    authorization: {credentials: b}\n', 'line 2: at most one of basic_auth and authorization must be configured'],
    ['remote_write:\n  - url: http://a/\n    name: n\n  - url: http://b/\n    name: n\n', 'line 4: found multiple remote write configs with job name "n"'],
    ['remote_write:\n  - url: http://a/\n  - url: http://a/\n', 'line 3: duplicate remote write configs are not allowed, found duplicate for URL: http://a/'],
  ];
  for (const [text, message] of errors) {
    it(`refuses: ${message}`, () => expect(() => parseConfig(text)).toThrow(message));
  }

  it('parseRelabelConfigs reads a bare list of rules with lines', () => {
    expect(parseRelabelConfigs('- source_labels: [job]\n  regex: promtab\n  action: keep\n')[0]).toMatchObject({ action: 'keep', sourceLabels: ['job'] });
    expect(() => parseRelabelConfigs('- action: keep\n  regx: a\n')).toThrow('line 2: field "regx" is not supported by Promtab');
    expect(parseRelabelConfigs('')).toEqual([]);
  });
});

describe('remote_write export', () => {
  it('round-trips through prometheus.yml with secrets, and hides them otherwise', () => {
    const cfg = parseConfig(FULL);
    const full = configToYaml(cfg, { secrets: true });
    const again = parseConfig(full);
    expect(again.remoteWrite!.map((r) => ({ ...r, line: 0 }))).toEqual(cfg.remoteWrite!.map((r) => ({ ...r, line: 0 })));
    const shown = configToYaml(cfg);
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('credentials: tok');
    expect(shown).toContain('password: <secret>');
    expect(shown).toContain('max_samples_per_send: 100');
    expect(shown).not.toContain('max_shards');
    expect(shown).toContain('protobuf_message: io.prometheus.write.v2.Request');
    expect(shown).toContain('send_native_histograms: true');
    expect(shown.match(/protobuf_message/g)).toHaveLength(1);
  });

  it('writes no remote_write section when there is none', () => {
    expect(configToYaml(parseConfig('scrape_configs: []\n'))).not.toContain('remote_write');
  });
});
