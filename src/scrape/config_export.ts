/**
 * configToYaml writes a configuration back as prometheus.yml. Job-level values equal to what the job would inherit
 * are left out, so parse → export → parse gives the same configuration. Secrets print as `<secret>` (as on
 * Prometheus's configuration page) unless the caller asks for the real values.
 */
import { stringify } from 'yaml';
import { formatDuration } from '../model/time';
import {
  DEFAULT_GLOBAL,
  DEFAULT_HTTP,
  defaultScrapeProtocols,
  scrapeConfig,
  type GlobalConfig,
  type HistogramSettings,
  type HttpClientConfig,
  type PromConfig,
  type ScrapeConfig,
  type ScrapeLimits,
  type TargetGroup,
} from './config';
import { DEFAULT_RELABEL, type RelabelConfig } from './relabel';
import { DEFAULT_QUEUE_CONFIG, DEFAULT_REMOTE_TIMEOUT, type QueueConfig, type RemoteWriteConfig } from '../remote/config';

/** ExportOptions chooses between the display form (secrets hidden) and the full form. */
export interface ExportOptions {
  /** secrets writes real passwords, tokens and secret headers instead of `<secret>`. */
  readonly secrets?: boolean;
}

/** SECRET is how a hidden secret prints. */
export const SECRET = '<secret>';

type Obj = Record<string, unknown>;

const SIZES: [string, number][] = [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]];

/** formatSize writes bytes in the largest binary unit that divides them exactly. */
export function formatSize(bytes: number): string {
  for (const [unit, n] of SIZES) if (bytes >= n && bytes % n === 0) return `${bytes / n}${unit}`;
  return `${bytes}B`;
}

const LIMIT_KEYS: [keyof ScrapeLimits, string][] = [
  ['sampleLimit', 'sample_limit'],
  ['labelLimit', 'label_limit'],
  ['labelNameLengthLimit', 'label_name_length_limit'],
  ['labelValueLengthLimit', 'label_value_length_limit'],
  ['bodySizeLimit', 'body_size_limit'],
  ['keepDroppedTargets', 'keep_dropped_targets'],
];

function limits(out: Obj, l: ScrapeLimits, inherited: ScrapeLimits): void {
  for (const [k, yaml] of LIMIT_KEYS) {
    if (l[k] !== inherited[k]) out[yaml] = k === 'bodySizeLimit' ? formatSize(l[k]) : l[k];
  }
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** histogramSettings writes the histogram switches that differ from what the section inherits. */
function histogramSettings(out: Obj, h: HistogramSettings, inherited: HistogramSettings): void {
  if (h.scrapeNativeHistograms !== inherited.scrapeNativeHistograms) out.scrape_native_histograms = h.scrapeNativeHistograms;
  if (h.alwaysScrapeClassicHistograms !== inherited.alwaysScrapeClassicHistograms) out.always_scrape_classic_histograms = h.alwaysScrapeClassicHistograms;
  if (h.convertClassicHistogramsToNhcb !== inherited.convertClassicHistogramsToNhcb) out.convert_classic_histograms_to_nhcb = h.convertClassicHistogramsToNhcb;
}

function globalYaml(g: GlobalConfig): Obj {
  const out: Obj = {
    scrape_interval: formatDuration(g.scrapeInterval),
    scrape_timeout: formatDuration(g.scrapeTimeout),
    evaluation_interval: formatDuration(g.evaluationInterval),
  };
  if (g.ruleQueryOffset !== 0) out.rule_query_offset = formatDuration(g.ruleQueryOffset);
  if (Object.keys(g.externalLabels).length > 0) out.external_labels = { ...g.externalLabels };
  if (!sameList(g.scrapeProtocols, defaultScrapeProtocols(g.scrapeNativeHistograms))) out.scrape_protocols = [...g.scrapeProtocols];
  histogramSettings(out, g, DEFAULT_GLOBAL);
  limits(out, g, DEFAULT_GLOBAL);
  return out;
}

function httpYaml(out: Obj, h: HttpClientConfig, opts: ExportOptions): void {
  const secret = (s: string) => (opts.secrets || s === '' ? s : SECRET);
  if (h.basicAuth) out.basic_auth = { username: h.basicAuth.username, password: secret(h.basicAuth.password) };
  if (h.authorization) out.authorization = { type: h.authorization.type, credentials: secret(h.authorization.credentials) };
  if (h.httpHeaders) {
    const hs: Obj = {};
    for (const [name, v] of Object.entries(h.httpHeaders)) {
      const e: Obj = {};
      if (v.values.length > 0) e.values = [...v.values];
      if (v.secrets.length > 0) e.secrets = v.secrets.map(secret);
      hs[name] = e;
    }
    out.http_headers = hs;
  }
  if (h.followRedirects !== DEFAULT_HTTP.followRedirects) out.follow_redirects = h.followRedirects;
  if (h.fetchCredentials !== DEFAULT_HTTP.fetchCredentials) out.fetch_credentials = h.fetchCredentials;
}

function groupYaml(g: TargetGroup): Obj {
  const out: Obj = { targets: [...g.targets] };
  if (Object.keys(g.labels).length > 0) out.labels = { ...g.labels };
  return out;
}

/** relabelYaml writes one rule, leaving out fields equal to their defaults. */
export function relabelYaml(r: RelabelConfig): Obj {
  const out: Obj = {};
  if (r.sourceLabels.length > 0) out.source_labels = [...r.sourceLabels];
  if (r.separator !== DEFAULT_RELABEL.separator) out.separator = r.separator;
  if (r.regex !== DEFAULT_RELABEL.regex) out.regex = r.regex;
  if (r.modulus !== 0) out.modulus = r.modulus;
  if (r.targetLabel !== '') out.target_label = r.targetLabel;
  if (r.replacement !== DEFAULT_RELABEL.replacement) out.replacement = r.replacement;
  out.action = r.action;
  return out;
}

function scrapeYaml(sc: ScrapeConfig, global: GlobalConfig, opts: ExportOptions): Obj {
  const inherited = scrapeConfig({ jobName: sc.jobName, scrapeInterval: sc.scrapeInterval }, global);
  const out: Obj = {
    job_name: sc.jobName,
    scrape_interval: formatDuration(sc.scrapeInterval),
    scrape_timeout: formatDuration(sc.scrapeTimeout),
    metrics_path: sc.metricsPath,
    scheme: sc.scheme,
  };
  if (Object.keys(sc.params).length > 0) out.params = Object.fromEntries(Object.entries(sc.params).map(([k, v]) => [k, [...v]]));
  if (sc.honorLabels) out.honor_labels = true;
  if (!sc.honorTimestamps) out.honor_timestamps = false;
  histogramSettings(out, sc, global);
  const defaulted = scrapeConfig({ jobName: sc.jobName, scrapeNativeHistograms: sc.scrapeNativeHistograms }, global).scrapeProtocols;
  if (!sameList(sc.scrapeProtocols, defaulted)) out.scrape_protocols = [...sc.scrapeProtocols];
  if (sc.fallbackScrapeProtocol) out.fallback_scrape_protocol = sc.fallbackScrapeProtocol;
  if (sc.nativeHistogramBucketLimit !== 0) out.native_histogram_bucket_limit = sc.nativeHistogramBucketLimit;
  if (sc.nativeHistogramMinBucketFactor !== 0) out.native_histogram_min_bucket_factor = sc.nativeHistogramMinBucketFactor;
  limits(out, sc, inherited);
  httpYaml(out, sc.http, opts);
  if (sc.staticConfigs.length > 0) out.static_configs = sc.staticConfigs.map(groupYaml);
  if (sc.httpSdConfigs.length > 0) {
    out.http_sd_configs = sc.httpSdConfigs.map((h) => {
      const o: Obj = { url: h.url, refresh_interval: formatDuration(h.refreshInterval) };
      httpYaml(o, h.http, opts);
      return o;
    });
  }
  if (sc.fileSdConfigs.length > 0) {
    out.file_sd_configs = sc.fileSdConfigs.map((f) => ({ files: [...f.files], refresh_interval: formatDuration(f.refreshInterval) }));
  }
  if (sc.relabelConfigs.length > 0) out.relabel_configs = sc.relabelConfigs.map(relabelYaml);
  if (sc.metricRelabelConfigs.length > 0) out.metric_relabel_configs = sc.metricRelabelConfigs.map(relabelYaml);
  return out;
}

const QUEUE_KEYS: [keyof QueueConfig, string][] = [
  ['capacity', 'capacity'],
  ['maxShards', 'max_shards'],
  ['minShards', 'min_shards'],
  ['maxSamplesPerSend', 'max_samples_per_send'],
  ['batchSendDeadline', 'batch_send_deadline'],
  ['minBackoff', 'min_backoff'],
  ['maxBackoff', 'max_backoff'],
  ['retryOnRateLimit', 'retry_on_http_429'],
];
const QUEUE_DURATIONS = new Set<keyof QueueConfig>(['batchSendDeadline', 'minBackoff', 'maxBackoff']);

/** remoteWriteYaml writes one remote_write entry, leaving out values equal to Prometheus's defaults. */
function remoteWriteYaml(rw: RemoteWriteConfig, opts: ExportOptions): Obj {
  const out: Obj = { url: rw.url };
  if (rw.name !== '') out.name = rw.name;
  if (rw.remoteTimeout !== DEFAULT_REMOTE_TIMEOUT) out.remote_timeout = formatDuration(rw.remoteTimeout);
  if (rw.protobufMessage !== 'prometheus.WriteRequest') out.protobuf_message = rw.protobufMessage;
  if (rw.sendNativeHistograms) out.send_native_histograms = true;
  if (rw.sendExemplars) out.send_exemplars = true;
  if (Object.keys(rw.headers).length > 0) out.headers = { ...rw.headers };
  httpYaml(out, rw.http, opts);
  if (rw.writeRelabelConfigs.length > 0) out.write_relabel_configs = rw.writeRelabelConfigs.map(relabelYaml);
  const q: Obj = {};
  for (const [k, yaml] of QUEUE_KEYS) {
    const v = rw.queueConfig[k];
    if (v !== DEFAULT_QUEUE_CONFIG[k]) q[yaml] = QUEUE_DURATIONS.has(k) ? formatDuration(v as number) : v;
  }
  if (Object.keys(q).length > 0) out.queue_config = q;
  return out;
}

/** configToYaml writes the configuration as prometheus.yml text. */
export function configToYaml(cfg: PromConfig, opts: ExportOptions = {}): string {
  const doc: Obj = { global: globalYaml(cfg.global) };
  if (cfg.alerting !== undefined) doc.alerting = cfg.alerting;
  if (cfg.ruleFiles.length > 0) doc.rule_files = [...cfg.ruleFiles];
  doc.scrape_configs = cfg.scrapeConfigs.map((sc) => scrapeYaml(sc, cfg.global, opts));
  if (cfg.remoteWrite && cfg.remoteWrite.length > 0) doc.remote_write = cfg.remoteWrite.map((rw) => remoteWriteYaml(rw, opts));
  if (cfg.storage?.exemplars) doc.storage = { exemplars: { max_exemplars: cfg.storage.exemplars.maxExemplars } };
  return stringify(doc, { lineWidth: 0 });
}
