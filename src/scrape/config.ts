/**
 * The scrape side of prometheus.yml as plain data: global settings, scrape configs, service discovery, limits and
 * HTTP client settings. Durations are milliseconds, sizes bytes. Parsing lives in config_parse.ts, writing in
 * config_export.ts.
 */
import type { LabelsObject } from '../model/labels';
import type { RemoteWriteConfig } from '../remote/config';
import { validateRelabelConfig, type RelabelConfig } from './relabel';
import { defaultScrapeProtocols, DEFAULT_SCRAPE_PROTOCOLS, type ScrapeProtocol } from '../model/scrape_protocols';

export {
  DEFAULT_NATIVE_SCRAPE_PROTOCOLS,
  DEFAULT_SCRAPE_PROTOCOLS,
  SCRAPE_PROTOCOL_MEDIA,
  defaultScrapeProtocols,
  type ScrapeProtocol,
} from '../model/scrape_protocols';

/** HistogramSettings are how a job ingests histograms (Prometheus 3.8's scrape_native_histograms and friends). */
export interface HistogramSettings {
  /** scrapeNativeHistograms ingests native histograms as such (else only their classic parts). */
  readonly scrapeNativeHistograms: boolean;
  /** alwaysScrapeClassicHistograms keeps the classic series of a histogram that is also native or converted. */
  readonly alwaysScrapeClassicHistograms: boolean;
  /** convertClassicHistogramsToNhcb turns classic histograms into native ones with custom buckets (schema -53). */
  readonly convertClassicHistogramsToNhcb: boolean;
}

/** TargetGroup is a list of addresses sharing labels, as static_configs, file_sd and http_sd write it. */
export interface TargetGroup {
  readonly targets: readonly string[];
  readonly labels: LabelsObject;
  /** source identifies the group inside its discovery (for file_sd and http_sd). */
  readonly source?: string;
}

/** HttpSdConfig is one http_sd_configs entry. */
export interface HttpSdConfig {
  readonly url: string;
  readonly refreshInterval: number;
  readonly http: HttpClientConfig;
}

/** FileSdConfig is one file_sd_configs entry; Promtab fills its files from contents the user imports. */
export interface FileSdConfig {
  readonly files: readonly string[];
  readonly refreshInterval: number;
}

/** HttpHeader is one http_headers entry: plain values and secret values (both sent). */
export interface HttpHeader {
  readonly values: readonly string[];
  readonly secrets: readonly string[];
}

/** HttpClientConfig is the part of Prometheus's HTTP client config that a browser can honour. */
export interface HttpClientConfig {
  readonly basicAuth?: { readonly username: string; readonly password: string };
  readonly authorization?: { readonly type: string; readonly credentials: string };
  readonly httpHeaders?: Readonly<Record<string, HttpHeader>>;
  readonly followRedirects: boolean;
  /** fetchCredentials is Promtab's own setting for fetch's `credentials` (default 'omit': no cookies). */
  readonly fetchCredentials: RequestCredentials;
}

/** ScrapeLimits are the per-scrape limits; 0 means no limit. */
export interface ScrapeLimits {
  readonly sampleLimit: number;
  readonly labelLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;
  readonly bodySizeLimit: number;
  /** keepDroppedTargets caps how many dropped targets a pool lists (it still counts them all). */
  readonly keepDroppedTargets: number;
}

/** ScrapeConfig is one scrape_configs entry with every default resolved. */
export interface ScrapeConfig extends ScrapeLimits, HistogramSettings {
  readonly jobName: string;
  readonly scrapeInterval: number;
  readonly scrapeTimeout: number;
  readonly metricsPath: string;
  readonly scheme: 'http' | 'https';
  readonly params: Readonly<Record<string, readonly string[]>>;
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  readonly scrapeProtocols: readonly ScrapeProtocol[];
  readonly fallbackScrapeProtocol?: ScrapeProtocol;
  /** nativeHistogramBucketLimit caps a native histogram's buckets; above it the resolution is lowered (0: none). */
  readonly nativeHistogramBucketLimit: number;
  /** nativeHistogramMinBucketFactor lowers the resolution until the bucket growth factor reaches it (0: none). */
  readonly nativeHistogramMinBucketFactor: number;
  readonly staticConfigs: readonly TargetGroup[];
  readonly httpSdConfigs: readonly HttpSdConfig[];
  readonly fileSdConfigs: readonly FileSdConfig[];
  readonly relabelConfigs: readonly RelabelConfig[];
  readonly metricRelabelConfigs: readonly RelabelConfig[];
  readonly http: HttpClientConfig;
  /** line is the 1-based line of the entry in the imported file (0 when built in code). */
  readonly line: number;
}

/** GlobalConfig is the `global` section. */
export interface GlobalConfig extends ScrapeLimits, HistogramSettings {
  readonly scrapeInterval: number;
  readonly scrapeTimeout: number;
  readonly evaluationInterval: number;
  readonly ruleQueryOffset: number;
  readonly externalLabels: LabelsObject;
  readonly scrapeProtocols: readonly ScrapeProtocol[];
}

/** PromConfig is a whole prometheus.yml as far as Promtab uses it. */
export interface PromConfig {
  readonly global: GlobalConfig;
  readonly scrapeConfigs: readonly ScrapeConfig[];
  /** ruleFiles is kept for the rules engine. */
  readonly ruleFiles: readonly string[];
  /** alerting is kept verbatim (Promtab sends no notifications to Alertmanager) so export round-trips it. */
  readonly alerting?: unknown;
  /** remoteWrite is the remote_write section (absent or empty: nothing is sent). */
  readonly remoteWrite?: readonly RemoteWriteConfig[];
  /** storage is the storage section: `exemplars.max_exemplars` sizes the exemplar ring (absent: 100000). */
  readonly storage?: { readonly exemplars?: { readonly maxExemplars: number } };
}

/** sameProtocols reports whether two protocol lists are equal, order included. */
export function sameProtocols(a: readonly ScrapeProtocol[], b: readonly ScrapeProtocol[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const NO_LIMITS: ScrapeLimits = {
  sampleLimit: 0,
  labelLimit: 0,
  labelNameLengthLimit: 0,
  labelValueLengthLimit: 0,
  bodySizeLimit: 0,
  keepDroppedTargets: 0,
};

/** DEFAULT_GLOBAL is Prometheus's global defaults: scrape every 1m with a 10s timeout, evaluate every 1m. */
export const DEFAULT_GLOBAL: GlobalConfig = {
  ...NO_LIMITS,
  scrapeInterval: 60_000,
  scrapeTimeout: 10_000,
  evaluationInterval: 60_000,
  ruleQueryOffset: 0,
  externalLabels: {},
  scrapeProtocols: DEFAULT_SCRAPE_PROTOCOLS,
  scrapeNativeHistograms: false,
  alwaysScrapeClassicHistograms: false,
  convertClassicHistogramsToNhcb: false,
};

/** DEFAULT_HTTP is the HTTP client with nothing configured: a simple CORS request without cookies. */
export const DEFAULT_HTTP: HttpClientConfig = { followRedirects: true, fetchCredentials: 'omit' };

/** PASTED_INTERVAL is the scrape interval of a job created by pasting URLs. */
export const PASTED_INTERVAL = 15_000;
/** PASTED_TIMEOUT is the scrape timeout of a job created by pasting URLs. */
export const PASTED_TIMEOUT = 10_000;

/** emptyConfig returns a configuration with no scrape jobs. */
export function emptyConfig(): PromConfig {
  return { global: DEFAULT_GLOBAL, scrapeConfigs: [], ruleFiles: [] };
}

/** ScrapeConfigInput is what code (not YAML) gives to build a job: the job name plus any overrides. */
export type ScrapeConfigInput = Partial<Omit<ScrapeConfig, 'jobName'>> & { readonly jobName: string };

/**
 * globalProtocolsSet tells whether the global scrape_protocols was chosen rather than defaulted (a list equal to the
 * default for the global scrape_native_histograms counts as defaulted, which is also how export leaves it out).
 */
function globalProtocolsSet(global: GlobalConfig): boolean {
  return !sameProtocols(global.scrapeProtocols, defaultScrapeProtocols(global.scrapeNativeHistograms));
}

/**
 * scrapeConfig resolves a job's defaults against the global section as Prometheus does: interval and limits from
 * global; timeout from global but never above the job's interval; path /metrics; scheme http; histogram settings
 * from global; scrape_protocols from the job, else from global when set there, else the default for the job's
 * scrape_native_histograms (protobuf first when true).
 */
export function scrapeConfig(input: ScrapeConfigInput, global: GlobalConfig = DEFAULT_GLOBAL): ScrapeConfig {
  const scrapeInterval = input.scrapeInterval || global.scrapeInterval;
  const scrapeTimeout = input.scrapeTimeout || Math.min(global.scrapeTimeout, scrapeInterval);
  const limit = (k: keyof ScrapeLimits) => input[k] || global[k];
  return {
    metricsPath: '/metrics',
    scheme: 'http',
    params: {},
    honorLabels: false,
    honorTimestamps: true,
    staticConfigs: [],
    httpSdConfigs: [],
    fileSdConfigs: [],
    relabelConfigs: [],
    metricRelabelConfigs: [],
    http: DEFAULT_HTTP,
    line: 0,
    nativeHistogramBucketLimit: 0,
    nativeHistogramMinBucketFactor: 0,
    ...input,
    scrapeNativeHistograms: input.scrapeNativeHistograms ?? global.scrapeNativeHistograms,
    alwaysScrapeClassicHistograms: input.alwaysScrapeClassicHistograms ?? global.alwaysScrapeClassicHistograms,
    convertClassicHistogramsToNhcb: input.convertClassicHistogramsToNhcb ?? global.convertClassicHistogramsToNhcb,
    scrapeProtocols:
      input.scrapeProtocols ??
      (globalProtocolsSet(global) ? global.scrapeProtocols : defaultScrapeProtocols(input.scrapeNativeHistograms ?? global.scrapeNativeHistograms)),
    scrapeInterval,
    scrapeTimeout,
    sampleLimit: limit('sampleLimit'),
    labelLimit: limit('labelLimit'),
    labelNameLengthLimit: limit('labelNameLengthLimit'),
    labelValueLengthLimit: limit('labelValueLengthLimit'),
    bodySizeLimit: limit('bodySizeLimit'),
    keepDroppedTargets: limit('keepDroppedTargets'),
  };
}

/** checkTargetAddress returns Prometheus's error for an address that is not host[:port], or null. */
export function checkTargetAddress(address: string): string | null {
  return address.includes('/') ? `"${address}" is not a valid hostname` : null;
}

/** validateConfig returns the first semantic error of a configuration as Prometheus words it, or null. */
export function validateConfig(cfg: PromConfig): { line: number; message: string } | null {
  const seen = new Set<string>();
  for (const sc of cfg.scrapeConfigs) {
    const err = (message: string) => ({ line: sc.line, message });
    if (sc.jobName === '') return err('job_name is empty');
    if (seen.has(sc.jobName)) return err(`found multiple scrape configs with job name "${sc.jobName}"`);
    seen.add(sc.jobName);
    if (sc.scrapeTimeout > sc.scrapeInterval) {
      return err(`scrape timeout greater than scrape interval for scrape config with job name "${sc.jobName}"`);
    }
    for (const r of [...sc.relabelConfigs, ...sc.metricRelabelConfigs]) {
      const bad = validateRelabelConfig(r);
      if (bad) return err(bad);
    }
    for (const g of sc.staticConfigs) {
      for (const t of g.targets) {
        const bad = checkTargetAddress(t);
        if (bad) return err(bad);
      }
    }
  }
  return null;
}
