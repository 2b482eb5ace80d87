/** `npm run parse` (src/cli/parse.ts): one JSON object per sample, or exit 1 with `line L, column C: message`. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'promtab-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(body: string | Uint8Array, ...flags: string[]): { status: number | null; stdout: string; stderr: string } {
  const file = path.join(dir, `body${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(file, body);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/parse.ts', ...flags, file], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('parse CLI', { timeout: 60_000 }, () => {
  it('prints one JSON object per sample with API-style values', () => {
    const r = run('# TYPE a gauge\na{x="1"} 1 1000\nb NaN\n{"my.metric"} -Inf\n');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { name: 'a', labels: { x: '1' }, value: '1', timestamp: 1000 },
      { name: 'b', labels: {}, value: 'NaN', timestamp: null },
      { name: 'my.metric', labels: {}, value: '-Inf', timestamp: null },
    ]);
  });

  it('reads OpenMetrics with --openmetrics, timestamps in ms', () => {
    const r = run('# TYPE c counter\nc_total 2 1.5\n# EOF\n', '--openmetrics');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'c_total', labels: {}, value: '2', timestamp: 1500 });
  });

  it('reads delimited protobuf with --protobuf: native histograms in the API shape, start timestamps, byte offsets', () => {
    // MetricFamily{name "h", type HISTOGRAM, metric [{histogram {sample_count 2, sample_sum 4.5, schema 0,
    // positive_span [{offset 1, length 2}], positive_delta [1, 0], created_timestamp {seconds 7}}}]}, hand-encoded.
    const hist = [0x08, 2, 0x11, ...new Uint8Array(new Float64Array([4.5]).buffer), 0x28, 0, 0x62, 4, 0x08, 2, 0x10, 2, 0x6a, 2, 2, 0, 0x7a, 2, 0x08, 7];
    const metric = [0x3a, hist.length, ...hist];
    const family = [0x0a, 1, 0x68, 0x18, 4, 0x22, metric.length, ...metric];
    const r = run(new Uint8Array([family.length, ...family]), '--protobuf');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      name: 'h',
      labels: {},
      histogram: { count: '2', sum: '4.5', buckets: [[0, '1', '2', '1'], [0, '2', '4', '1']] },
      timestamp: null,
      start_timestamp: 7000,
    });
    const bad = run(new Uint8Array([family.length + 3, ...family]), '--protobuf');
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe(`byte 0: length ${family.length + 3} of MetricFamily message runs past the end of its body (${family.length} bytes left)`);
  });

  it('exits 1 with the position and message on stderr', () => {
    const r = run('ok 1\nbad{job"x"} 1\n');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('line 2, column 8: expected "=" after label name "job"');
    expect(r.stdout).toBe('');
  });
});
