/**
 * npm run faults: the fault suite of issue 17 (not part of npm test; about 10 minutes). It builds the app (or serves
 * PROMTAB_DIST), serves it with Vite's preview server, runs each property against it in Debian's Chromium or in
 * Node, prints one line per property with its figure, and ends with `N passed, N failed` (exit code 1 on a failure).
 *
 * Environment: PROMTAB_DIST (a build to serve instead of building), FAULTS_PORT (the app's port, default 4202),
 * FAULTS_FIXTURE_PORT (first fixture port, default 4221), FAULTS_ONLY (comma-separated property names), and each
 * property's own knobs (see their files).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { until } from './app';
import { envNumber, type Property, type SuiteEnv, type Verdict } from './property';
import { alternating } from './alternating';
import { kills } from './kills';
import { tabs } from './tabs';
import { quota } from './quota';
import { hostile } from './hostile';
import { fuzzExposition, fuzzPromql } from './fuzz';

const ALL: Property[] = [alternating, kills, tabs, quota, hostile, fuzzPromql, fuzzExposition];

async function serve(dist: string, port: number): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', dist], {
    stdio: 'ignore',
    detached: true,
  });
  await until(
    'the preview server',
    async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/`)).ok;
      } catch {
        return false;
      }
    },
    60_000,
  );
  return server;
}

function stop(server: ChildProcess): void {
  // The server was started in its own process group (npx and the node it runs): end that group, by its id.
  if (server.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

async function within(p: Property, env: SuiteEnv): Promise<Verdict> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Verdict>((resolve) => {
    timer = setTimeout(() => resolve({ figure: `did not finish within ${p.budgetMs / 1000} s`, ok: false }), p.budgetMs);
  });
  try {
    return await Promise.race([p.run(env), timeout]);
  } catch (e) {
    return { figure: `error: ${(e as Error).message.split('\n')[0]}`, ok: false };
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<number> {
  const only = (process.env.FAULTS_ONLY ?? '').split(',').filter(Boolean);
  const chosen = only.length ? ALL.filter((p) => only.includes(p.name)) : ALL;
  const unknown = only.filter((n) => !ALL.some((p) => p.name === n));
  if (unknown.length) {
    console.error(`unknown properties: ${unknown.join(', ')} (known: ${ALL.map((p) => p.name).join(', ')})`);
    return 2;
  }
  const port = envNumber('FAULTS_PORT', 4202);
  const fixtureBase = envNumber('FAULTS_FIXTURE_PORT', 4221);
  const env: SuiteEnv = { baseURL: `http://127.0.0.1:${port}/`, fixturePort: (i) => fixtureBase + i };

  let dist = process.env.PROMTAB_DIST ?? '';
  let built = '';
  const needsApp = chosen.some((p) => !p.name.startsWith('fuzz'));
  if (needsApp && !dist) {
    built = dist = mkdtempSync(path.join(tmpdir(), 'promtab-faults-dist-'));
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist], { stdio: 'inherit' });
    if (b.status !== 0) {
      console.error('the build failed');
      return 1;
    }
  }
  const server = needsApp ? await serve(dist, port) : null;
  let passed = 0;
  let failed = 0;
  const t0 = Date.now();
  try {
    for (const p of chosen) {
      const started = Date.now();
      const v = await within(p, env);
      if (v.ok) passed++;
      else failed++;
      console.log(`${v.ok ? 'ok  ' : 'FAIL'} ${p.name}: ${v.figure} (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  } finally {
    if (server) stop(server);
    if (built) rmSync(built, { recursive: true, force: true });
  }
  console.log(`suite time: ${Math.round((Date.now() - t0) / 1000)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
