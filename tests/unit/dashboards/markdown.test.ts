import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeHref, type MdNode } from '../../../src/dashboards/markdown';

const t = (text: string): MdNode => ({ tag: 'text', text });

function collect(nodes: MdNode[], out: MdNode[] = []): MdNode[] {
  for (const n of nodes) {
    out.push(n);
    if (n.children) collect(n.children, out);
  }
  return out;
}

describe('markdown blocks', () => {
  it.each([
    ['# Title', [{ tag: 'h1', children: [t('Title')] }]],
    ['### Sub ###', [{ tag: 'h3', children: [t('Sub')] }]],
    ['#NotHeading', [{ tag: 'p', children: [t('#NotHeading')] }]],
    ['one\ntwo\n\nthree', [{ tag: 'p', children: [t('one two')] }, { tag: 'p', children: [t('three')] }]],
    ['hard  \nbreak', [{ tag: 'p', children: [t('hard'), { tag: 'br' }, t('break')] }]],
    ['---', [{ tag: 'hr' }]],
    ['```\n<b>x</b>\n```', [{ tag: 'pre', text: '<b>x</b>' }]],
    ['    code', [{ tag: 'pre', text: 'code' }]],
    ['> quoted\n> more', [{ tag: 'blockquote', children: [{ tag: 'p', children: [t('quoted more')] }] }]],
    ['- a\n- b', [{ tag: 'ul', children: [{ tag: 'li', children: [t('a')] }, { tag: 'li', children: [t('b')] }] }]],
    ['1. a\n2. b', [{ tag: 'ol', children: [{ tag: 'li', children: [t('a')] }, { tag: 'li', children: [t('b')] }] }]],
    ['- a\n  - b', [{ tag: 'ul', children: [{ tag: 'li', children: [{ tag: 'p', children: [t('a')] }, { tag: 'ul', children: [{ tag: 'li', children: [t('b')] }] }] }] }]],
  ])('%j', (src, want) => expect(parseMarkdown(src)).toEqual(want));
});

describe('markdown inline', () => {
  it.each([
    ['*em* and **strong** and _u_ and __v__', [{ tag: 'em', children: [t('em')] }, t(' and '), { tag: 'strong', children: [t('strong')] }, t(' and '), { tag: 'em', children: [t('u')] }, t(' and '), { tag: 'strong', children: [t('v')] }]],
    ['`a*b*`', [{ tag: 'code', text: 'a*b*' }]],
    ['\\*not em\\*', [t('*not em*')]],
    ['2 * 3 * 4', [t('2 * 3 * 4')]],
    ['[docs](https://prometheus.io/docs/)', [{ tag: 'a', href: 'https://prometheus.io/docs/', children: [t('docs')] }]],
    ['<https://grafana.com>', [{ tag: 'a', href: 'https://grafana.com/', children: [t('https://grafana.com')] }]],
  ])('%j', (src, want) => expect(parseInline(src)).toEqual(want));
});

describe('markdown safety', () => {
  it.each([
    ['<script>alert(1)</script>', '<script>alert(1)</script>'],
    ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
    ['[click](javascript:alert(1))', 'click'],
    ['[x](data:text/html,hi)', 'x'],
    ['[x](//evil.example)', 'x'],
    ['![tracker](https://evil.example/p.gif)', 'tracker'],
    ['<javascript:alert(1)>', '<javascript:alert(1)>'],
  ])('%s comes out as text', (src, text) => {
    const nodes = collect(parseMarkdown(src));
    expect(nodes.filter((n) => n.href)).toEqual([]);
    expect(nodes.filter((n) => n.tag === 'text').map((n) => n.text).join('')).toBe(text);
  });
  it('keeps only absolute http(s) hrefs', () => {
    expect(safeHref('https://a.example/x?y=1')).toBe('https://a.example/x?y=1');
    expect(safeHref('HTTP://A.example')).toBe('http://a.example/');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('https://a.example/"onmouseover')).toBeNull();
    expect(safeHref('/relative')).toBeNull();
  });
  it('bounds nesting and stays linear on hostile input', () => {
    expect(parseMarkdown('>'.repeat(5000) + ' deep').length).toBe(1);
    expect(collect(parseMarkdown('['.repeat(50_000))).length).toBeGreaterThan(0);
    expect(collect(parseMarkdown('`'.repeat(50_000) + 'x')).length).toBeGreaterThan(0);
    expect(collect(parseMarkdown('*a'.repeat(20_000))).length).toBeGreaterThan(0);
  });
});
