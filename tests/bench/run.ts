/**
 * npm run bench: runs every tests/bench/<area>.ts (each exports a default `bench(report)`), printing one
 * `name value unit` line per figure, or a JSON array with `--json`. Pass area names to run only those; with more
 * than one area, each runs in a child process of its own.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Report = (name: string, value: number, unit: string) => void;
const json = process.argv.includes('--json');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const figures: { name: string; value: number; unit: string }[] = [];

const report: Report = (name, value, unit) => {
  const v = Number.isInteger(value) ? value : Number(value.toPrecision(4));
  figures.push({ name, value: v, unit });
  if (!json) console.log(`${name} ${v} ${unit}`);
};

const dir = fileURLToPath(new URL('.', import.meta.url));
const areas = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts'))
  .map((f) => basename(f, '.ts'))
  .filter((a) => only.length === 0 || only.includes(a))
  .sort();

// Several areas run each in a child process of their own, so that one area's heap and compiled code never skew the
// next one's figures; a single area runs in this process.
if (areas.length > 1) {
  for (const area of areas) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--json', area], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 << 20,
    });
    const out = child.stdout ?? '';
    const start = out.lastIndexOf('\n[');
    if (child.status !== 0 || start < 0) {
      console.error(`bench ${area} failed (exit ${child.status})`);
      process.exitCode = 1;
    }
    if (start < 0) continue;
    for (const f of JSON.parse(out.slice(start + 1)) as { name: string; value: number; unit: string }[]) report(f.name, f.value, f.unit);
  }
} else {
  for (const area of areas) {
    const mod = (await import(pathToFileURL(join(dir, `${area}.ts`)).href)) as { default?: (r: Report) => Promise<void> };
    if (typeof mod.default !== 'function') continue;
    try {
      await mod.default(report);
    } catch (e) {
      console.error(`bench ${area} failed: ${(e as Error).stack ?? e}`);
      process.exitCode = 1;
    }
  }
}
if (json) console.log('\n' + JSON.stringify(figures, null, 2));
