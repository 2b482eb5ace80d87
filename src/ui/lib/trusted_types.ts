/**
 * Trusted Types: the preview server enforces them (`require-trusted-types-for 'script'`, see vite.config.ts), so
 * every string that reaches a script sink must pass a policy. Svelte brings its own for its templates. The only
 * other sink Promtab uses is the worker constructor (`new Worker(new URL(..., import.meta.url))`, a form the
 * bundler must see as written), so the default policy accepts script URLs of Promtab's own origin and nothing else;
 * it creates no HTML and no script text, so `innerHTML` and `eval`-like sinks stay closed.
 */

interface TrustedTypePolicyFactoryLike {
  createPolicy(name: string, rules: { createScriptURL?: (url: string) => string | null }): unknown;
}

/** installTrustedTypes creates the default policy where the browser has Trusted Types (once per page). */
export function installTrustedTypes(): void {
  const tt = (globalThis as { trustedTypes?: TrustedTypePolicyFactoryLike }).trustedTypes;
  if (!tt) return;
  tt.createPolicy('default', {
    createScriptURL: (url) => (new URL(url, location.href).origin === location.origin ? url : null),
  });
}
