/** `npm run parse` (src/cli/parse.ts): one JSON object per sample, or exit 1 with `line L, column C: message`. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'promtab-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(body: string, ...flags: string[]): { status: number | null; stdout: string; stderr: string } {
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

  it('exits 1 with the position and message on stderr', () => {
    const r = run('ok 1\nbad{job"x"} 1\n');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('line 2, column 8: expected "=" after label name "job"');
    expect(r.stdout).toBe('');
  });
});
