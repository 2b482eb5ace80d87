/**
 * `npm run icons`: draws the app icons in public/ from public/favicon.svg with ImageMagick's `convert`: the round
 * icon at 192 and 512 px for the manifest, and a full-bleed square (the chart inside the maskable safe zone, the
 * middle 80 %) for `purpose: maskable` and Apple's touch icon. The PNGs are committed; run this after the logo changes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PUBLIC = new URL('../../public/', import.meta.url);

// ImageMagick's own SVG renderer outlines shapes that set no stroke; the logo's filled shapes say `stroke="none"`.
function unstroked(svg: string): string {
  return svg.replace(/<(circle|rect)\b(?![^>]*\bstroke=)/g, '<$1 stroke="none"');
}

function maskable(logo: string): string {
  const fill = /<circle\b[^>]*\bfill="([^"]+)"/.exec(logo)?.[1] ?? '#e6522c';
  const marks = logo.replace(/^[\s\S]*?<svg\b[^>]*>/, '').replace(/<\/svg>\s*$/, '').replace(/<circle\b[^>]*\/>/, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="${fill}"/><g transform="translate(16 16) scale(0.8) translate(-16 -16)">${marks}</g></svg>`;
}

function render(svg: string, size: number, file: string, dir: string): void {
  const src = join(dir, `${file}.svg`);
  writeFileSync(src, unstroked(svg));
  execFileSync('convert', ['-background', 'none', '-density', String(Math.ceil((size / 32) * 96 * 2)), src, '-resize', `${size}x${size}`, '-depth', '8', '-strip', `PNG32:${new URL(file, PUBLIC).pathname}`]);
  process.stdout.write(`public/${file} ${size}x${size}\n`);
}

const logo = readFileSync(new URL('favicon.svg', PUBLIC), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'promtab-icons-'));
try {
  render(logo, 192, 'icon-192.png', dir);
  render(logo, 512, 'icon-512.png', dir);
  render(maskable(logo), 512, 'icon-maskable-512.png', dir);
  render(maskable(logo), 180, 'apple-touch-icon.png', dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
