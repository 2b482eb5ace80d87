import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageService } from '../../../src/api/compose';
import type { RemoteEndpoint } from '../../../src/api/types';
import { endpointConfig, endpointView } from '../../../src/api/remote_write_service';
import { remoteWriteConfig } from '../../../src/remote/config';
import { sampleBits } from './decode';

type Got = { headers: Record<string, string | string[] | undefined>; series: ReturnType<typeof sampleBits> };

let server: Server;
let url = '';
const got: Got[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, series: sampleBits(new Uint8Array(Buffer.concat(chunks))) });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/write`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const form = (over: Partial<RemoteEndpoint>): RemoteEndpoint => ({
  id: '',
  url: 'http://rw.example/w',
  name: '',
  remoteTimeout: '',
  auth: 'none',
  username: '',
  secret: '',
  relabelYaml: '',
  protobufMessage: 'prometheus.WriteRequest',
  sendNativeHistograms: false,
  sendExemplars: false,
  ...over,
});

describe('endpoint form mapping', () => {
  it('shows secrets hidden and keeps the stored one when the form leaves <secret>', () => {
    const old = endpointConfig(form({ auth: 'basic', username: 'u', secret: 'pw', remoteTimeout: '10s', relabelYaml: '- regex: go_.*\n  source_labels: [__name__]\n  action: drop\n' }));
    const view = endpointView(old);
    expect(view).toMatchObject({ auth: 'basic', username: 'u', secret: '<secret>', remoteTimeout: '10s' });
    expect(view.relabelYaml).toContain('action: drop');
    expect(endpointConfig(view, old).http.basicAuth).toEqual({ username: 'u', password: 'pw' });
    expect(endpointConfig({ ...view, auth: 'bearer', secret: 'tok' }, old).http).toMatchObject({ authorization: { type: 'Bearer', credentials: 'tok' } });
    expect(endpointConfig({ ...view, auth: 'none' }, old).http).not.toHaveProperty('basicAuth');
  });

  it('keeps settings the form does not show (queue_config, headers)', () => {
    const old = remoteWriteConfig({ url: 'http://a/w', headers: { 'X-A': '1' }, queueConfig: { capacity: 7 } });
    const next = endpointConfig({ ...endpointView(old), url: 'http://b/w' }, old);
    expect(next).toMatchObject({ url: 'http://b/w', headers: { 'X-A': '1' }, queueConfig: { capacity: 7 } });
  });

  it('names the relabel YAML in errors', () => {
    expect(() => endpointConfig(form({ relabelYaml: '- action: nope\n' }))).toThrow(/^write relabel configs: /);
  });
});

describe('storage.remote through the composition root', () => {
  it('sends the self-scrape to an endpoint saved by the form, counts it, and removes it', async () => {
    const storage = createStorageService({ mode: 'dedicated' });
    const saved = await storage.remote.saveEndpoint(form({ url, name: 'local' }));
    expect(saved).toEqual({ status: 'success', data: null });
    const yaml = await storage.config(true);
    expect(yaml.status === 'success' && yaml.data.yaml).toContain(`remote_write:\n  - url: ${url}\n    name: local\n`);
    // Short deadline through the prometheus.yml path, as an imported file would set it.
    const withDeadline = (yaml.status === 'success' ? yaml.data.yaml : '').replace('    name: local\n', '    name: local\n    queue_config:\n      batch_send_deadline: 50ms\n');
    expect(await storage.applyConfig(withDeadline)).toEqual({ status: 'success', data: null });

    await storage.targetAction('scrape', 'promtab');
    await expect.poll(() => got.flatMap((g) => g.series).some((s) => s.labels.join(',') === '__name__,up,instance,promtab.self,job,promtab'), { timeout: 10_000 }).toBe(true);
    expect(got[0].headers['content-encoding']).toBe('snappy');
    expect(got[0].headers['x-prometheus-remote-write-version']).toBe('0.1.0');

    const st = await storage.remote.status();
    expect(st.status === 'success' && st.data[0]).toMatchObject({ id: 'local', url, failed: 0, lastError: '' });
    await storage.targetAction('scrape', 'promtab');
    await expect.poll(async () => {
      const r = await storage.remote.status();
      return r.status === 'success' ? r.data[0].sent : 0;
    }).toBeGreaterThan(0);

    await storage.targetAction('scrape', 'promtab');
    const metrics = await storage.series(['{__name__=~"prometheus_remote_storage_.*"}']);
    const names = metrics.status === 'success' ? metrics.data.map((m) => `${m.__name__}${m.reason ? `/${m.reason}` : ''} ${m.remote_name ?? ''}`).sort() : [];
    expect(names).toEqual([
      'prometheus_remote_storage_bytes_total local',
      'prometheus_remote_storage_highest_timestamp_in_seconds ',
      'prometheus_remote_storage_histograms_total local',
      'prometheus_remote_storage_queue_highest_sent_timestamp_seconds local',
      'prometheus_remote_storage_queue_highest_timestamp_seconds local',
      'prometheus_remote_storage_samples_dropped_total/dropped_series local',
      'prometheus_remote_storage_samples_dropped_total/queue_full local',
      'prometheus_remote_storage_samples_failed_total local',
      'prometheus_remote_storage_samples_pending local',
      'prometheus_remote_storage_samples_retried_total local',
      'prometheus_remote_storage_samples_total local',
    ]);

    await storage.targetAction('pause');
    const list = await storage.remote.endpoints();
    expect(list.status === 'success' && list.data.map((e) => e.id)).toEqual(['local']);
    expect(await storage.remote.removeEndpoint('local')).toEqual({ status: 'success', data: null });
    expect(await storage.remote.endpoints()).toEqual({ status: 'success', data: [] });
    expect(await storage.remote.removeEndpoint('local')).toMatchObject({ status: 'error', error: 'no remote write endpoint "local"' });
  }, 20_000);
});
