/**
 * promqltest CLI: `npx tsx src/cli/promqltest.ts [--no-range-check] [--no-at-check] [--store memory|tsdb] FILE...`
 * runs promqltest scripts against the engine, prints each failing eval, then `N passed, N failed` (native-histogram
 * evals are counted on a line of their own); exit 0 only when nothing failed. The flags skip upstream's re-checks of
 * instant evals (as a range query, and with `@` pinned). `--store tsdb` loads each script's data through the real
 * TSDB (head appender, flush to IndexedDB, reopen; fake-indexeddb in Node) instead of the in-memory test storage,
 * and says how many loads went through it and which samples it refused.
 */
import { readFileSync } from 'node:fs';
import { runScript, type RunOptions } from '../promql/promqltest/runner';
import type { TsdbScriptStorage } from './promqltest_tsdb';

/** parseArgs splits the command line into files and options; throws on an unknown store. */
function parseArgs(argv: string[]): { files: string[]; rangeCheck: boolean; atCheck: boolean; store: 'memory' | 'tsdb' } {
  const files: string[] = [];
  let store = 'memory';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--store') store = argv[++i] ?? '';
    else if (a.startsWith('--store=')) store = a.slice('--store='.length);
    else if (!a.startsWith('--')) files.push(a);
  }
  if (store !== 'memory' && store !== 'tsdb') throw new Error(`--store must be memory or tsdb, not '${store}'`);
  return { files, rangeCheck: !argv.includes('--no-range-check'), atCheck: !argv.includes('--no-at-check'), store };
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const stores: TsdbScriptStorage[] = [];
  let storage: RunOptions['storage'];
  if (args.store === 'tsdb') {
    if (typeof indexedDB === 'undefined') await import('./fake_idb');
    const { TsdbScriptStorage } = await import('./promqltest_tsdb');
    storage = () => {
      const s = new TsdbScriptStorage();
      stores.push(s);
      return s;
    };
  }
  const opts: RunOptions = { rangeCheck: args.rangeCheck, atCheck: args.atCheck, storage };
  const count = { passed: 0, failed: 0, nhPassed: 0, nhFailed: 0 };
  for (const file of args.files) {
    const outcomes = await runScript(readFileSync(file, 'utf8'), opts);
    for (const o of outcomes) {
      if (o.nativeHistograms) {
        if (o.ok) count.nhPassed++;
        else count.nhFailed++;
        continue;
      }
      if (o.ok) {
        count.passed++;
        continue;
      }
      count.failed++;
      console.log(`${file}:${o.line}: ${o.query}\n  ${o.message}`);
    }
  }
  if (args.store === 'tsdb') {
    const refused = new Map<string, number>();
    for (const s of stores) for (const [k, n] of Object.entries(s.refused)) refused.set(k, (refused.get(k) ?? 0) + n);
    const loads = stores.reduce((a, s) => a + s.reopened, 0);
    const why = refused.size === 0 ? 'none' : [...refused].map(([k, n]) => `${n} ${k}`).join(', ');
    console.log(`tsdb store: ${loads} loads appended, flushed to IndexedDB and reopened; samples refused: ${why}`);
  }
  if (count.nhPassed + count.nhFailed > 0) console.log(`native histograms: ${count.nhPassed} passed, ${count.nhFailed} failed`);
  console.log(`${count.passed} passed, ${count.failed} failed`);
  return count.failed === 0 && count.nhFailed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
