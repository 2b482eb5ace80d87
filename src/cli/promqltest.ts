/**
 * promqltest CLI: `npx tsx src/cli/promqltest.ts [--no-range-check] [--no-at-check] FILE...` runs promqltest
 * scripts against the engine, prints each failing eval, then `N passed, N failed` (native-histogram evals are
 * counted on a line of their own); exit 0 only when nothing failed. The flags skip upstream's re-checks of instant
 * evals (as a range query, and with `@` pinned).
 */
import { readFileSync } from 'node:fs';
import { runScript } from '../promql/promqltest/runner';

async function main(argv: string[]): Promise<number> {
  const files = argv.filter((a) => !a.startsWith('--'));
  const opts = { rangeCheck: !argv.includes('--no-range-check'), atCheck: !argv.includes('--no-at-check') };
  const count = { passed: 0, failed: 0, nhPassed: 0, nhFailed: 0 };
  for (const file of files) {
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
  if (count.nhPassed + count.nhFailed > 0) console.log(`native histograms: ${count.nhPassed} passed, ${count.nhFailed} failed`);
  console.log(`${count.passed} passed, ${count.failed} failed`);
  return count.failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
