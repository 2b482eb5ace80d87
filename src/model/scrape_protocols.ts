/**
 * Scrape protocols as Prometheus 3.x's scrape_protocols names them, their media types and the default orders: plain
 * data the page may import (the rest of the scrape configuration lives in src/scrape/config.ts).
 */

/** ScrapeProtocol names a scrape protocol as Prometheus 3.x's scrape_protocols does. */
export type ScrapeProtocol =
  | 'OpenMetricsText2.0.0'
  | 'OpenMetricsText1.0.0'
  | 'OpenMetricsText0.0.1'
  | 'PrometheusText1.0.0'
  | 'PrometheusText0.0.4'
  | 'PrometheusProto';

/** SCRAPE_PROTOCOL_MEDIA maps each protocol to the media type (with its parameters) an Accept header asks for. */
export const SCRAPE_PROTOCOL_MEDIA: Readonly<Record<ScrapeProtocol, string>> = {
  PrometheusProto: 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
  'OpenMetricsText2.0.0': 'application/openmetrics-text;version=2.0.0',
  'OpenMetricsText1.0.0': 'application/openmetrics-text;version=1.0.0',
  'OpenMetricsText0.0.1': 'application/openmetrics-text;version=0.0.1',
  'PrometheusText1.0.0': 'text/plain;version=1.0.0',
  'PrometheusText0.0.4': 'text/plain;version=0.0.4',
};

/** DEFAULT_SCRAPE_PROTOCOLS is Prometheus 3.x's default order without native histograms (no protobuf). */
export const DEFAULT_SCRAPE_PROTOCOLS: readonly ScrapeProtocol[] = [
  'OpenMetricsText1.0.0',
  'OpenMetricsText0.0.1',
  'PrometheusText1.0.0',
  'PrometheusText0.0.4',
];

/** DEFAULT_NATIVE_SCRAPE_PROTOCOLS is the default order when scrape_native_histograms is true: protobuf first. */
export const DEFAULT_NATIVE_SCRAPE_PROTOCOLS: readonly ScrapeProtocol[] = ['PrometheusProto', ...DEFAULT_SCRAPE_PROTOCOLS];

/** defaultScrapeProtocols is Prometheus's default scrape_protocols for a setting of scrape_native_histograms. */
export function defaultScrapeProtocols(nativeHistograms: boolean): readonly ScrapeProtocol[] {
  return nativeHistograms ? DEFAULT_NATIVE_SCRAPE_PROTOCOLS : DEFAULT_SCRAPE_PROTOCOLS;
}
