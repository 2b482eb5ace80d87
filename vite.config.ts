/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function revision(): string {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * SECURITY_HEADERS are what the preview server (`npm start`) sends with every response; the README lists them for
 * static hosts. The policy repeats index.html's meta CSP and adds what only a header can say: `frame-ancestors`
 * (no framing, so no clickjacking) and Trusted Types, enforced: the only HTML sink is Svelte's own template
 * policy, and worker scripts go through Promtab's default policy, which admits same-origin script URLs only.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    'connect-src * data: blob:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types svelte-trusted-html default',
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // No Cross-Origin-Opener-Policy: `same-origin` would cut the opener link that pages of other origins use to push
  // metrics into a Promtab window they opened (window.open + postMessage, see "Pushing metrics into Promtab").
};

/**
 * PWA_MANIFEST is the web app manifest: what Chromium needs to offer "Install" and to run Promtab in its own window.
 * Its addresses are relative to the manifest, so an install from a sub-path starts there. The one `theme_color` is
 * the light theme's; index.html's `theme-color` meta elements give the dark theme's to browsers that follow it.
 */
export const PWA_MANIFEST = {
  name: 'Promtab',
  short_name: 'Promtab',
  description: 'Prometheus, rebuilt to run entirely inside one browser tab',
  id: './',
  start_url: './#/dashboards',
  scope: './',
  display: 'standalone',
  theme_color: '#ffffff',
  background_color: '#f4f5f5',
  icons: [
    { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
  ],
} as const;

// base './' makes the built dist/ work from any static host and from a sub-path.
export default defineConfig({
  base: './',
  plugins: [
    svelte(),
    // The service worker (workers/sw.ts) precaches the whole build; the page registers it itself (no inline script).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'workers',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: { ...PWA_MANIFEST, icons: [...PWA_MANIFEST.icons] },
      // The glob below already lists every public file and icon once.
      includeManifestIcons: false,
      injectManifest: {
        rollupFormat: 'iife',
        globPatterns: ['**/*.{js,css,html,svg,png,woff,woff2,ttf,wasm}'],
        globIgnores: ['**/*.map'],
        // The editor chunk is the largest; a build whose chunk outgrew this would fail rather than go offline half.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
    }),
  ],
  define: {
    __PROMTAB_VERSION__: JSON.stringify(pkg.version),
    __PROMTAB_REVISION__: JSON.stringify(revision()),
    __PROMTAB_BUILD_DATE__: JSON.stringify(new Date().toISOString()),
  },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: SECURITY_HEADERS },
  server: { host: '127.0.0.1', port: 5173 },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/conformance/**/*.test.ts'],
    environment: 'node',
    pool: 'threads',
    maxWorkers: 2,
    // A loaded 2-core machine runs tests several times slower than an idle one; heavy tests set their own bounds.
    testTimeout: 20_000,
    // codemirror-promql's `main` is CommonJS, which would load CommonJS CodeMirror beside the ESM one the tests use
    // (two instances break CodeMirror's instanceof checks); its ESM build shares one instance.
    alias: { '@prometheus-io/codemirror-promql': '@prometheus-io/codemirror-promql/dist/esm/index.js' },
    server: { deps: { inline: [/@prometheus-io\/codemirror-promql/] } },
  },
});
