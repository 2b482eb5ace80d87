/**
 * Scrape-side HTTP helpers: the Accept header, Content-Type negotiation with Prometheus 3.x's fallback rule, and a
 * streaming body reader that enforces body_size_limit and decodes gzip when the runtime has not.
 */

/**
 * Format is one of the text exposition formats Promtab parses: the Prometheus text format, OpenMetrics 1.0 (and
 * 0.0.1), and OpenMetrics 2.0 (experimental: composite values, native histograms, `st@` start timestamps).
 */
export type Format = 'text' | 'openmetrics' | 'openmetrics2';

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

/** OPENMETRICS2_VERSION is the Content-Type `version` parameter that selects the OpenMetrics 2.0 parser. */
export const OPENMETRICS2_VERSION = '2.0.0';

/** mediaParam returns a media type parameter's value (name case-insensitive, quotes removed), or ''. */
function mediaParam(contentType: string, name: string): string {
  for (const part of contentType.split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim().toLowerCase() !== name) continue;
    const v = part.slice(eq + 1).trim();
    return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
  }
  return '';
}

/**
 * formatFromContentType picks the parser for a response's Content-Type. A blank or unknown type uses the fallback
 * (the scrape config's fallback_scrape_protocol); without one it throws, as Prometheus 3.x does. OpenMetrics with
 * `version=2.0.0` is parsed as OpenMetrics 2.0 only when openMetrics2 says the job asked for it (OpenMetricsText2.0.0
 * in scrape_protocols, the counterpart of Prometheus's `openmetrics2` feature flag); otherwise it is an unsupported
 * type, as in Prometheus without the flag.
 */
export function formatFromContentType(contentType: string | null, fallback?: ScrapeFormat, openMetrics2 = false): ScrapeFormat {
  const raw = (contentType ?? '').trim();
  if (raw === '') {
    if (fallback) return fallback;
    throw new Error('non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target');
  }
  const media = raw.split(';', 1)[0].trim().toLowerCase();
  const format = MEDIA_TYPES[media];
  if (format === 'openmetrics' && mediaParam(raw, 'version') === OPENMETRICS2_VERSION) {
    if (openMetrics2) return 'openmetrics2';
    if (fallback) return fallback;
    throw new Error(
      `received OpenMetrics 2.0 Content-Type "${raw}", but OpenMetricsText2.0.0 is not in scrape_protocols and no fallback_scrape_protocol specified for target`,
    );
  }
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
