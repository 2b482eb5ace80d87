/**
 * Scrape-side HTTP helpers: the Accept header, Content-Type negotiation with Prometheus 3.x's fallback rule, and a
 * streaming body reader that enforces body_size_limit and decodes gzip when the runtime has not.
 */

/** Format is one of the two text exposition formats Promtab parses. */
export type Format = 'text' | 'openmetrics';

/** ScrapeFormat is what a scrape's Content-Type selects: a text format or the delimited protobuf format. */
export type ScrapeFormat = Format | 'protobuf';

/**
 * SCRAPE_ACCEPT_HEADER prefers OpenMetrics 1.0.0, then the text format 1.0.0 and 0.0.4, then anything. It stays a
 * CORS-safelisted value (at most 128 bytes, none of `"():<>?@[\]{}`), so a scrape from the browser needs no preflight.
 */
export const SCRAPE_ACCEPT_HEADER =
  'application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=1.0.0;q=0.6,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

const MEDIA_TYPES: Readonly<Record<string, ScrapeFormat>> = Object.assign(Object.create(null), {
  'text/plain': 'text',
  'application/openmetrics-text': 'openmetrics',
  'application/vnd.google.protobuf': 'protobuf',
});

/**
 * formatFromContentType picks the parser for a response's Content-Type. A blank or unknown type uses the fallback
 * (the scrape config's fallback_scrape_protocol); without one it throws, as Prometheus 3.x does.
 */
export function formatFromContentType(contentType: string | null, fallback?: ScrapeFormat): ScrapeFormat {
  const raw = (contentType ?? '').trim();
  if (raw === '') {
    if (fallback) return fallback;
    throw new Error('non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target');
  }
  const media = raw.split(';', 1)[0].trim().toLowerCase();
  const format = MEDIA_TYPES[media];
  if (format) return format;
  if (fallback) return fallback;
  throw new Error(`received unsupported Content-Type "${raw}" and no fallback_scrape_protocol specified for target`);
}

/** BodySizeLimitError reports a body larger than body_size_limit. */
export class BodySizeLimitError extends Error {
  constructor(readonly limitBytes: number) {
    super(`body size limit exceeded: the response is larger than ${limitBytes} bytes (body_size_limit)`);
  }
}

/**
 * decodeBodyBytes reads a response body while counting its (decoded) bytes, and fails with BodySizeLimitError once
 * they pass limitBytes (0 or less means no limit). When Content-Encoding says gzip and the bytes still start with the
 * gzip magic number (the runtime did not decode them), it inflates them with DecompressionStream, and the limit
 * applies to the inflated bytes.
 */
export async function decodeBodyBytes(response: Response, limitBytes: number): Promise<Uint8Array> {
  const body = response.body;
  if (body === null) return new Uint8Array(0);
  const limit = limitBytes > 0 ? limitBytes : Infinity;
  let reader: ReadableStreamDefaultReader<Uint8Array> = body.getReader();
  let first = await reader.read();
  const gzip = /\bgzip\b/i.test(response.headers.get('content-encoding') ?? '');
  if (gzip && !first.done && first.value.length >= 2 && first.value[0] === 0x1f && first.value[1] === 0x8b) {
    const head = first.value;
    const rest = reader;
    const raw = new ReadableStream<Uint8Array>({
      start(ctrl) {
        ctrl.enqueue(head);
      },
      async pull(ctrl) {
        const r = await rest.read();
        if (r.done) ctrl.close();
        else ctrl.enqueue(r.value);
      },
      cancel(reason) {
        return rest.cancel(reason);
      },
    });
    reader = raw.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>).getReader();
    first = await reader.read();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let r = first; !r.done; r = await reader.read()) {
    total += r.value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodySizeLimitError(limitBytes);
    }
    chunks.push(r.value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** decodeBody reads a response body as UTF-8 text, with decodeBodyBytes's size limit and gzip handling. */
export async function decodeBody(response: Response, limitBytes: number): Promise<string> {
  return new TextDecoder('utf-8').decode(await decodeBodyBytes(response, limitBytes));
}
