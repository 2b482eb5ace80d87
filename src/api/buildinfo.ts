/** Build facts injected by Vite's `define` at build time (see vite.config.ts). */
import type { BuildInfo } from './types';

declare const __PROMTAB_VERSION__: string;
declare const __PROMTAB_REVISION__: string;
declare const __PROMTAB_BUILD_DATE__: string;

/** buildInfo returns the data of `status/buildinfo`. */
export function buildInfo(): BuildInfo {
  const has = typeof __PROMTAB_VERSION__ !== 'undefined';
  return {
    version: has ? __PROMTAB_VERSION__ : 'dev',
    revision: has ? __PROMTAB_REVISION__ : 'unknown',
    branch: 'main',
    buildUser: 'promtab',
    buildDate: has ? __PROMTAB_BUILD_DATE__ : 'unknown',
    goVersion: 'n/a (TypeScript in the browser)',
  };
}
