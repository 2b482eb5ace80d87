/**
 * Safe Markdown for text panels: a small CommonMark subset (headings, paragraphs, emphasis, code, lists, quotes,
 * rules, links) parsed into a tree of plain objects that the UI renders element by element. There is no HTML
 * output and no raw HTML: tags in the input are text. Links keep an href only for absolute http(s) URLs; images
 * become their alt text, so nothing in a panel is ever fetched.
 */

/** MdTag names a Markdown node. */
export type MdTag = 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6' | 'p' | 'em' | 'strong' | 'code' | 'pre' | 'ul' | 'ol' | 'li' | 'a' | 'blockquote' | 'hr' | 'br' | 'text';

/** MdNode is one node: `text` and `code`/`pre` carry text, `a` an href, the others children. */
export interface MdNode {
  tag: MdTag;
  children?: MdNode[];
  text?: string;
  href?: string;
}

/** MARKDOWN_LIMITS bounds the input length and the nesting of quotes, lists and emphasis. */
export const MARKDOWN_LIMITS = { maxChars: 100_000, maxDepth: 16 };

/** safeHref returns the URL when it is an absolute http(s) URL, else null. */
export function safeHref(url: string): string | null {
  const u = url.trim();
  if (!/^https?:\/\//i.test(u) || /[\s<>"'`\u0000-\u001f]/.test(u)) return null;
  try {
    const parsed = new URL(u);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const text = (t: string): MdNode => ({ tag: 'text', text: t });

function pushText(out: MdNode[], t: string): void {
  if (!t) return;
  const last = out[out.length - 1];
  if (last && last.tag === 'text') last.text += t;
  else out.push(text(t));
}

const EMPHASIS: [string, 'strong' | 'em'][] = [
  ['**', 'strong'],
  ['__', 'strong'],
  ['*', 'em'],
  ['_', 'em'],
];

/** parseInline parses inline Markdown: code spans, emphasis, links, autolinks, escapes and hard breaks. */
export function parseInline(s: string, depth = 0): MdNode[] {
  const out: MdNode[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length && /[!-/:-@[-`{-~]/.test(s[i + 1])) {
      pushText(out, s[i + 1]);
      i += 2;
      continue;
    }
    if (c === '\n') {
      if (out.length && out[out.length - 1].tag === 'text' && / {2,}$/.test(out[out.length - 1].text!)) {
        out[out.length - 1].text = out[out.length - 1].text!.replace(/ +$/, '');
        out.push({ tag: 'br' });
      } else pushText(out, ' ');
      i++;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(s.slice(i))![0];
      const end = s.indexOf(run, i + run.length);
      if (end > 0) out.push({ tag: 'code', text: s.slice(i + run.length, end).replace(/\n/g, ' ').trim() });
      else pushText(out, run);
      i = end > 0 ? end + run.length : i + run.length;
      continue;
    }
    if (c === '<') {
      const auto = /^<(https?:\/\/[^\s<>]+)>/i.exec(s.slice(i));
      const href = auto ? safeHref(auto[1]) : null;
      if (auto && href) {
        out.push({ tag: 'a', href, children: [text(auto[1])] });
        i += auto[0].length;
        continue;
      }
    }
    if (c === '[' || (c === '!' && s[i + 1] === '[')) {
      const image = c === '!';
      const m = /^\[((?:\\.|[^\]\\]){0,500})\]\(\s*((?:[^\s()]|\([^\s()]{0,200}\)){0,2000})(?:\s+"[^"]{0,500}")?\s*\)/.exec(s.slice(image ? i + 1 : i));
      if (m) {
        const label = m[1];
        const href = safeHref(m[2]);
        if (image) pushText(out, label);
        else if (href && depth < MARKDOWN_LIMITS.maxDepth) out.push({ tag: 'a', href, children: parseInline(label, depth + 1) });
        else out.push(...parseInline(label, depth + 1));
        i += m[0].length + (image ? 1 : 0);
        continue;
      }
    }
    if ((c === '*' || c === '_') && depth < MARKDOWN_LIMITS.maxDepth) {
      const hit = EMPHASIS.find(([d]) => s.startsWith(d, i));
      if (hit) {
        const [d, tag] = hit;
        const end = s.indexOf(d, i + d.length + 1);
        const inner = end > 0 ? s.slice(i + d.length, end) : '';
        if (inner && !/^\s|\s$/.test(inner)) {
          out.push({ tag, children: parseInline(inner, depth + 1) });
          i = end + d.length;
          continue;
        }
      }
    }
    pushText(out, c);
    i++;
  }
  return out;
}

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BULLET = /^( {0,3})([-*+])\s+(.*)$/;
const ORDERED = /^( {0,3})(\d{1,9})[.)]\s+(.*)$/;

function headingText(raw: string): string {
  const t = raw.trimEnd();
  let end = t.length;
  while (end > 0 && t[end - 1] === '#') end--;
  return end === 0 ? '' : end < t.length && /\s/.test(t[end - 1]) ? t.slice(0, end).trimEnd() : t;
}

function isBlockStart(line: string): boolean {
  return HEADING.test(line) || RULE.test(line) || FENCE.test(line) || /^ {0,3}>/.test(line) || BULLET.test(line) || ORDERED.test(line);
}

const indentOf = (line: string) => /^\s*/.exec(line)![0].length;

function parseList(lines: string[], i: number, depth: number): [MdNode, number] {
  const ordered = ORDERED.test(lines[i]);
  const marker = ordered ? ORDERED : BULLET;
  const indent = indentOf(lines[i]);
  const sibling = (line: string | undefined) => line !== undefined && marker.test(line) && indentOf(line) === indent;
  const items: MdNode[] = [];
  while (i < lines.length && sibling(lines[i])) {
    const body = [marker.exec(lines[i])![3]];
    i++;
    while (i < lines.length && lines[i].trim() !== '' && !sibling(lines[i]) && (indentOf(lines[i]) > indent || !isBlockStart(lines[i]))) {
      body.push(lines[i].slice(Math.min(indentOf(lines[i]), indent + 2)));
      i++;
    }
    if (i < lines.length && lines[i].trim() === '' && sibling(lines[i + 1])) i++;
    const children = body.length > 1 && body.slice(1).some(isBlockStart) ? parseBlocks(body, depth + 1) : parseInline(body.join('\n'), depth + 1);
    items.push({ tag: 'li', children });
  }
  return [{ tag: ordered ? 'ol' : 'ul', children: items }, i];
}

function parseBlocks(lines: string[], depth: number): MdNode[] {
  const out: MdNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trimStart().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      out.push({ tag: 'pre', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      out.push({ tag: `h${heading[1].length}` as MdTag, children: parseInline(headingText(heading[2] ?? ''), depth) });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push({ tag: 'hr' });
      i++;
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^ {0,3}>/.test(lines[i])) body.push(lines[i++].replace(/^ {0,3}> ?/, ''));
      out.push(depth < MARKDOWN_LIMITS.maxDepth ? { tag: 'blockquote', children: parseBlocks(body, depth + 1) } : { tag: 'p', children: [text(body.join('\n'))] });
      continue;
    }
    if ((BULLET.test(line) || ORDERED.test(line)) && depth < MARKDOWN_LIMITS.maxDepth) {
      const [list, next] = parseList(lines, i, depth);
      out.push(list);
      i = next;
      continue;
    }
    if (/^( {4}|\t)/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && (/^( {4}|\t)/.test(lines[i]) || lines[i].trim() === '')) body.push(lines[i++].replace(/^( {4}|\t)/, ''));
      out.push({ tag: 'pre', text: body.join('\n').replace(/\n+$/, '') });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() !== '' && (para.length === 0 || !isBlockStart(lines[i]))) para.push(lines[i++].replace(/^\s+/, ''));
    out.push({ tag: 'p', children: parseInline(para.join('\n'), depth) });
  }
  return out;
}

/** parseMarkdown parses a text panel's Markdown into nodes; input beyond MARKDOWN_LIMITS.maxChars is cut off. */
export function parseMarkdown(source: string): MdNode[] {
  const s = source.length > MARKDOWN_LIMITS.maxChars ? source.slice(0, MARKDOWN_LIMITS.maxChars) : source;
  return parseBlocks(s.replace(/\r\n?/g, '\n').split('\n'), 0);
}

const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * htmlToMarkdown turns a Grafana HTML text panel into Markdown text that parseMarkdown shows safely: script and
 * style blocks dropped, block ends and `<br>` as line breaks, `<a href>` as a Markdown link (safeHref still
 * applies), headings as `#`, list items as `-`, every other tag removed and entities decoded. No HTML survives.
 */
export function htmlToMarkdown(html: string): string {
  return html
    .slice(0, MARKDOWN_LIMITS.maxChars)
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<h([1-6])\b[^>]*>/gi, (_, n: string) => `\n\n${'#'.repeat(Number(n))} `)
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<a\b[^>]*\bhref\s*=\s*["']([^"']*)["'][^>]*>([\s\S]*?)<\/a\s*>/gi, (_, href: string, label: string) => `[${label.replace(/<[^>]*>/g, '')}](${href})`)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|ul|ol|table|tr|blockquote)\s*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return HTML_ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
