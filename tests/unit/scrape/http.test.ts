import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { ScrapeManager } from '../../../src/scrape/manager';
import { RecordingStorage } from './helpers';

let server: Server;
let base = '';
const seen: Record<string, string | undefined>[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url, accept: req.headers.accept, cookie: req.headers.cookie, origin: req.headers.origin });
    if (req.url === '/gzip') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-encoding': 'gzip' });
      res.end(gzipSync('# TYPE zipped counter\nzipped_total 42\n'));
    } else if (req.url === '/slow') {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('late 1\n');
      }, 1500);
    } else {
      res.writeHead(404);
      res.end('no');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('real fetch against a local HTTP server', () => {
  it('scrapes a gzip body, times out a slow target, reports a 404', async () => {
    const storage = new RecordingStorage();
    const m = new ScrapeManager({ appendable: storage, offsetSeed: 1 });
    await m.addTargets(`http://${base}/gzip`, 'zip');
    await m.addTargets(`http://${base}/slow`, 'slow', { interval: '1s', timeout: '1s' });
    await m.addTargets(`http://${base}/missing`, 'missing');
    await m.scrapeNow();
    const byJob = Object.fromEntries(m.targets().activeTargets.map((t) => [t.scrapePool, t]));
    expect(byJob.zip.health).toBe('up');
    expect(storage.of('zipped_total').map((s) => s.v)).toEqual([42]);
    expect(byJob.slow.health).toBe('down');
    expect(byJob.slow.errorKind).toBe('timeout');
    expect(byJob.missing.lastError).toBe('server returned HTTP status 404 Not Found');
    expect(seen[0].accept).toMatch(/^application\/openmetrics-text/);
    expect(seen[0].cookie).toBeUndefined();
    await m.stop();
  });

  it('classifies a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const m = new ScrapeManager({ appendable: new RecordingStorage(), offsetSeed: 1 });
    await m.addTargets(`http://127.0.0.1:${port}/metrics`);
    await m.scrapeNow();
    expect(m.targets().activeTargets[0].errorKind).toBe('connection');
  });
});
