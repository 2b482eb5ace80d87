/** The Accept header, Content-Type negotiation and the streaming body reader. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BodySizeLimitError, decodeBody, formatFromContentType, SCRAPE_ACCEPT_HEADER } from '../../../src/exposition/index';

describe('SCRAPE_ACCEPT_HEADER', () => {
  it('is CORS-safelisted: at most 128 bytes and none of "():<>?@[\\]{}', () => {
    expect(new TextEncoder().encode(SCRAPE_ACCEPT_HEADER).length).toBeLessThanOrEqual(128);
    expect(SCRAPE_ACCEPT_HEADER).not.toMatch(/["():<>?@[\\\]{}\x00-\x08\x0a-\x1f\x7f]/);
  });

  it('prefers OpenMetrics 1.0.0 and falls back to the text format 1.0.0 and 0.0.4', () => {
    const parts = SCRAPE_ACCEPT_HEADER.split(',');
    expect(parts[0]).toMatch(/^application\/openmetrics-text;version=1\.0\.0/);
    expect(parts.some((p) => p.startsWith('text/plain;version=1.0.0'))).toBe(true);
    expect(parts.some((p) => p.startsWith('text/plain;version=0.0.4'))).toBe(true);
    const q = parts.map((p) => Number(/q=([\d.]+)/.exec(p)?.[1] ?? '1'));
    expect([...q].sort((a, b) => b - a)).toEqual(q);
  });
});

const TYPES: readonly [string | null, 'text' | 'openmetrics' | undefined, 'text' | 'openmetrics' | 'protobuf' | RegExp][] = [
  ['text/plain; version=0.0.4; charset=utf-8', undefined, 'text'],
  ['text/plain;version=1.0.0;escaping=allow-utf-8', undefined, 'text'],
  ['application/openmetrics-text; version=1.0.0; charset=utf-8', undefined, 'openmetrics'],
  ['Application/OpenMetrics-Text', undefined, 'openmetrics'],
  [null, undefined, /blank Content-Type and no fallback_scrape_protocol/],
  ['', undefined, /blank Content-Type and no fallback_scrape_protocol/],
  ['application/json', undefined, /unsupported Content-Type "application\/json" and no fallback_scrape_protocol/],
  ['application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily', undefined, 'protobuf'],
  [null, 'openmetrics', 'openmetrics'],
  ['application/json', 'text', 'text'],
  ['text/plain', 'openmetrics', 'text'],
];

describe('formatFromContentType', () => {
  it.each(TYPES)('%j with fallback %s', (ct, fallback, want) => {
    if (want instanceof RegExp) expect(() => formatFromContentType(ct, fallback)).toThrow(want);
    else expect(formatFromContentType(ct, fallback)).toBe(want);
  });

  it('reads OpenMetrics version=2.0.0 as OpenMetrics 2.0 only when the job asked for it, as Prometheus behind its flag', () => {
    for (const ct of ['application/openmetrics-text; version=2.0.0; charset=utf-8', 'application/openmetrics-text;VERSION="2.0.0"']) {
      expect(formatFromContentType(ct, undefined, true)).toBe('openmetrics2');
      expect(() => formatFromContentType(ct)).toThrow(/received OpenMetrics 2\.0 Content-Type .*not in scrape_protocols and no fallback_scrape_protocol/);
      expect(formatFromContentType(ct, 'text')).toBe('text');
    }
    expect(formatFromContentType('application/openmetrics-text; version=1.0.0', undefined, true)).toBe('openmetrics');
    expect(formatFromContentType('application/openmetrics-text', undefined, true)).toBe('openmetrics');
    expect(formatFromContentType('application/openmetrics-text; version=2.0.1', undefined, true)).toBe('openmetrics');
  });
});

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(ctrl) {
      if (i < chunks.length) ctrl.enqueue(chunks[i++]);
      else ctrl.close();
    },
  });
}

describe('decodeBody', () => {
  const text = 'métrique{x="é"} 1\n'.repeat(100);
  const bytes = new TextEncoder().encode(text);

  it('decodes UTF-8 split across chunks', async () => {
    const chunks = [bytes.slice(0, 1), bytes.slice(1, 2), bytes.slice(2, 777), bytes.slice(777)];
    expect(await decodeBody(new Response(streamOf(chunks)), 1 << 20)).toBe(text);
  });

  it('accepts a body exactly at the limit and rejects one byte more', async () => {
    expect(await decodeBody(new Response(bytes), bytes.length)).toBe(text);
    await expect(decodeBody(new Response(bytes), bytes.length - 1)).rejects.toBeInstanceOf(BodySizeLimitError);
    await expect(decodeBody(new Response(bytes), bytes.length - 1)).rejects.toThrow(/body size limit exceeded/);
  });

  it('treats a limit of 0 as no limit', async () => {
    expect(await decodeBody(new Response(bytes), 0)).toBe(text);
  });

  it('inflates gzip the runtime left encoded, and limits the inflated size', async () => {
    const gz = gzipSync(bytes);
    const res = () => new Response(streamOf([gz.subarray(0, 10), gz.subarray(10)]), { headers: { 'content-encoding': 'gzip' } });
    expect(await decodeBody(res(), 1 << 20)).toBe(text);
    await expect(decodeBody(res(), 100)).rejects.toBeInstanceOf(BodySizeLimitError);
  });

  it('leaves a body alone when Content-Encoding says gzip but the runtime already decoded it', async () => {
    const res = new Response(bytes, { headers: { 'content-encoding': 'gzip' } });
    expect(await decodeBody(res, 1 << 20)).toBe(text);
  });

  it('returns an empty string for no body', async () => {
    expect(await decodeBody(new Response(null), 10)).toBe('');
  });
});
