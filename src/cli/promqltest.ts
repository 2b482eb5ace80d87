/**
 * promqltest CLI: `npx tsx src/cli/promqltest.ts FILE...` runs promqltest scripts against the engine, prints each
 * failing eval, then `N passed, N failed` (and native-histogram evals on a line of their own); exit 0 only when
 * nothing failed.
 */
import { readFileSync } from 'node:fs';
import { runScript } from '../promql/promqltest/runner';

async function main(files: string[]): Promise<number> {
  const count = { passed: 0, failed: 0, nhPassed: 0, nhFailed: 0 };
  for (const file of files) {
    const outcomes = await runScript(readFileSync(file, 'utf8'));
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
