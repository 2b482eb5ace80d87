/** Shared e2e helpers: console-error collection and real fixture HTTP servers on 127.0.0.1. */
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';

/** CHROMIUM is the browser the tests drive: Debian's Chromium unless PROMTAB_CHROMIUM names another. */
export const CHROMIUM = process.env.PROMTAB_CHROMIUM ?? '/usr/bin/chromium';

/** CHROMIUM_ARGS are the flags every test browser starts with (no sandbox, GPU or background traffic). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** browserPids lists the processes of the browser started on the profile dir (its command line names the profile). */
export function browserPids(dir: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'latin1').includes(`--user-data-dir=${dir}`)) pids.push(Number(d));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** collectConsoleErrors records console errors, page errors and CSP violations of a page. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Fixture is a real HTTP server started by a test; stop() closes it. */
export interface Fixture {
  url: string;
  requests: number;
  stop(): Promise<void>;
}

/** startFixture serves handler on 127.0.0.1 at port (a free one when 0). */
export async function startFixture(handler: (req: IncomingMessage, res: ServerResponse) => void, port = 0): Promise<Fixture> {
  const server: Server = createServer((req, res) => {
    fixture.requests++;
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const fixture: Fixture = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: 0,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fixture;
}

/** cors adds the header a scrape target needs for a browser to read it. */
export function cors(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
}

/**
 * choose picks an option of a kit Select or Combobox (a `combobox` named `name` inside scope) by the option's
 * visible label, as a user does: open the list, click the option.
 */
export async function choose(scope: Page | import('@playwright/test').Locator, name: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name, exact: true }).click();
  const page = 'page' in scope ? scope.page() : scope;
  await page.getByRole('option', { name: option, exact: true }).click();
}

/**
 * stopChild stops a process the test started and waits until it has exited (so its files can go): SIGTERM, then
 * SIGKILL after 10 s. A process that has already ended fires no more 'exit' events, so it is left alone.
 */
export async function stopChild(p: ChildProcess | null | undefined): Promise<void> {
  if (!p?.pid || p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  const late = setTimeout(() => p.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(late);
}
