/**
 * npm test: type checks, unit and conformance tests (Vitest), then the built app's e2e tests (Playwright in
 * Debian's Chromium). Ends with one line `N passed, N failed` summing every suite.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const lines: string[] = [];
mkdirSync('.cache', { recursive: true });

function run(cmd: string, args: string[], env: Record<string, string> = {}): number {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function step(name: string, ok: boolean): void {
  if (ok) total.passed++;
  else total.failed++;
  lines.push(`${name}: ${ok ? 'passed' : 'FAILED'}`);
}

function add(name: string, t: Tally): void {
  total.passed += t.passed;
  total.failed += t.failed;
  total.skipped += t.skipped;
  lines.push(`${name}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
}

function readJson(path: string): unknown {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

// A fresh machine may lack Debian's Chromium: install it when we can (root with apt-get), as the README promises.
if (!process.env.PROMTAB_CHROMIUM && !existsSync('/usr/bin/chromium') && existsSync('/usr/bin/apt-get')) {
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], env) !== 0 || run('apt-get', ['install', '-y', '-qq', 'chromium'], env) !== 0) {
    console.error('Could not install Debian chromium; set PROMTAB_CHROMIUM to a Chromium binary.');
  }
}

step('tsc', run('npx', ['tsc', '-p', '.', '--noEmit']) === 0);
step('svelte-check', run('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error']) === 0);

rmSync('.cache/vitest.json', { force: true });
const vStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=.cache/vitest.json']);
const v = readJson('.cache/vitest.json') as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
} | null;
if (v) add('vitest', { passed: v.numPassedTests, failed: v.numFailedTests, skipped: v.numPendingTests + v.numTodoTests });
if (!v || (vStatus !== 0 && v.numFailedTests === 0)) step('vitest run', false);

const built = run('npx', ['vite', 'build', '--logLevel', 'warn']) === 0;
step('vite build', built);
if (built) {
  rmSync('.cache/playwright.json', { force: true });
  const pStatus = run('npx', ['playwright', 'test'], { PW_JSON: '.cache/playwright.json' });
  const p = readJson('.cache/playwright.json') as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  } | null;
  if (p) {
    add('playwright', { passed: p.stats.expected + p.stats.flaky, failed: p.stats.unexpected, skipped: p.stats.skipped });
    if (p.stats.flaky) lines.push(`playwright: ${p.stats.flaky} flaky (passed only on retry; see the list above)`);
  }
  if (!p || (pStatus !== 0 && p.stats.unexpected === 0)) step('playwright run', false);
}

console.log('\nSummary');
for (const l of lines) console.log(`  ${l}`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed === 0 ? 0 : 1);
