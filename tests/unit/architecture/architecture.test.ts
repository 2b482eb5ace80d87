/**
 * Architecture rules: the core (src/ outside src/ui) never touches the DOM nor imports src/ui, and the page bundle
 * (src/main.ts and src/ui) reaches engine code only through `import type`.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(name) ? [p] : [];
  });
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

/** valueImports lists the relative modules a file imports as values (not `import type`). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    if (m[2]) continue;
    const spec = m[3] ?? m[4];
    if (spec && spec.startsWith('.')) out.push(resolveModule(dirname(file), spec));
  }
  return out;
}

function resolveModule(dir: string, spec: string): string {
  const base = resolve(dir, spec);
  for (const c of [base, `${base}.ts`, `${base}/index.ts`, `${base}.svelte.ts`]) {
    try {
      if (statSync(c).isFile()) return c;
    } catch {
      /* try the next candidate */
    }
  }
  return base;
}

const DOM = /\b(document\.|window\.|HTMLElement|localStorage|sessionStorage|innerHTML|customElements)\b/;

describe('architecture', () => {
  const core = files(src).filter((f) => !f.startsWith(join(src, 'ui')) && f !== join(src, 'main.ts'));

  it('core modules use no DOM API', () => {
    const offenders = core.filter((f) => {
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      return DOM.test(code);
    });
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('no core module imports src/ui', () => {
    const offenders = core.filter((f) => valueImports(f).some((m) => m.startsWith(join(src, 'ui'))));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('the page bundle reaches engine code only through types', () => {
    const engine = ['tsdb', 'promql', 'scrape', 'exposition', 'rules'].map((d) => join(src, d));
    const allowed = [join(src, 'promql', 'ast.ts')];
    const seen = new Set<string>();
    const stack = [join(src, 'main.ts')];
    const reached: string[] = [];
    while (stack.length) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      if (engine.some((d) => f.startsWith(d)) && !allowed.includes(f)) reached.push(relative(root, f));
      if (/\.(ts|svelte)$/.test(f)) {
        try {
          stack.push(...valueImports(f));
        } catch {
          /* a non-source import such as CSS */
        }
      }
    }
    expect(seen.has(join(src, 'ui', 'views', 'TargetsView.svelte'))).toBe(true);
    expect(reached).toEqual([]);
  });
});
