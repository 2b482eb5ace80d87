/**
 * parseConfig reads a prometheus.yml with the `yaml` package, keeping line numbers for every error. Each section is
 * a table from YAML key to a reader; a key missing from the table is an error, never a silent drop.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type Scalar } from 'yaml';
import { parseDuration } from '../model/time';
import type { LabelsObject } from '../model/labels';
import {
  DEFAULT_GLOBAL,
  DEFAULT_HTTP,
  defaultScrapeProtocols,
  SCRAPE_PROTOCOL_MEDIA,
  scrapeConfig,
  validateConfig,
  type FileSdConfig,
  type GlobalConfig,
  type HttpClientConfig,
  type HttpHeader,
  type HttpSdConfig,
  type PromConfig,
  type ScrapeConfig,
  type ScrapeConfigInput,
  type ScrapeProtocol,
  type TargetGroup,
} from './config';
import { relabelConfig, validateRelabelConfig, type RelabelAction, type RelabelConfig } from './relabel';
import { remoteWriteConfig, validateRemoteWrite, type RemoteWriteConfig, type RemoteWriteInput } from '../remote/config';

/** ConfigError is a configuration error at a 1-based line of the file. */
export class ConfigError extends Error {
  constructor(
    readonly line: number,
    readonly msg: string,
  ) {
    super(`line ${line}: ${msg}`);
  }
}

type YNode = Node | null;
type Obj = Record<string, unknown>;

class Reader {
  constructor(private readonly lc: LineCounter) {}

  line(node: YNode | Pair, fallback = 1): number {
    const range = node && 'range' in node ? node.range : node && 'key' in node ? (node.key as Node | null)?.range : null;
    return range ? this.lc.linePos(range[0]).line : fallback;
  }

  fail(node: YNode | Pair, msg: string): never {
    throw new ConfigError(this.line(node), msg);
  }

  pairs(node: YNode, what: string): [string, YNode, Pair][] {
    if (node === null || (isScalar(node) && node.value === null)) return [];
    if (!isMap(node)) this.fail(node, `${what} must be a mapping`);
    return node.items.map((p) => [this.str(p.key as YNode), p.value as YNode, p]);
  }

  items(node: YNode, what: string): YNode[] {
    if (node === null || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) this.fail(node, `${what} must be a list`);
    return node.items as YNode[];
  }

  str(node: YNode): string {
    if (node === null) return '';
    if (!isScalar(node)) this.fail(node, 'expected a string');
    const v = (node as Scalar).value;
    return v === null || v === undefined ? '' : String(v);
  }

  /** section reads a mapping through a field table, rejecting keys the table lacks. */
  section(node: YNode, what: string, fields: Readonly<Record<string, Field>>, out: Obj): void {
    for (const [key, value, pair] of this.pairs(node, what)) {
      const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (!field) this.fail(pair, `field "${key}" is not supported by Promtab`);
      field(this, value, out);
    }
  }
}

type Field = (r: Reader, node: YNode, out: Obj) => void;
type Read<T> = (r: Reader, node: YNode) => T;

const str: Read<string> = (r, n) => r.str(n);
const bool: Read<boolean> = (r, n) => {
  const v = isScalar(n) ? n.value : undefined;
  return typeof v === 'boolean' ? v : r.fail(n, `expected true or false, got "${r.str(n)}"`);
};
const uint: Read<number> = (r, n) => {
  const v = isScalar(n) ? n.value : undefined;
  const ok = typeof v === 'number' && Number.isInteger(v) && v >= 0;
  return ok ? v : r.fail(n, `expected a non-negative integer, got "${r.str(n)}"`);
};
const nonNegativeFloat: Read<number> = (r, n) => {
  const v = isScalar(n) ? n.value : undefined;
  return typeof v === 'number' && v >= 0 ? v : r.fail(n, `expected a non-negative number, got "${r.str(n)}"`);
};
const duration: Read<number> = (r, n) => {
  try {
    return parseDuration(r.str(n));
  } catch (e) {
    return r.fail(n, (e as Error).message);
  }
};
const SIZE_UNITS: Record<string, number> = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };
const size: Read<number> = (r, n) => {
  const m = /^(\d+)([KMGT]i?B|B)?$/.exec(r.str(n));
  const unit = m ? SIZE_UNITS[m[2] ?? 'B'] : undefined;
  if (!m || unit === undefined) return r.fail(n, `not a valid size: "${r.str(n)}" (use B, KiB, MiB or GiB)`);
  return Number(m[1]) * unit;
};
const strList: Read<string[]> = (r, n) => r.items(n, 'value').map((i) => r.str(i));
const strMap: Read<LabelsObject> = (r, n) => {
  const o: LabelsObject = Object.create(null);
  for (const [k, v] of r.pairs(n, 'value')) o[k] = r.str(v);
  return o;
};
const protocol: Read<ScrapeProtocol> = (r, n) => {
  const s = r.str(n);
  if (!Object.hasOwn(SCRAPE_PROTOCOL_MEDIA, s)) r.fail(n, `unknown scrape protocol "${s}"`);
  return s as ScrapeProtocol;
};
const protocols: Read<ScrapeProtocol[]> = (r, n) => r.items(n, 'scrape_protocols').map((i) => protocol(r, i));

function set<T>(key: string, read: Read<T>): Field {
  return (r, n, out) => {
    out[key] = read(r, n);
  };
}

/**
 * defaultOnly accepts a Prometheus field only at values Promtab behaves as (its default upstream, or what a browser
 * does anyway), so configurations copied from Prometheus load; any other value is an error.
 */
function defaultOnly(key: string, values: readonly string[]): Field {
  return (r, n) => {
    if (!values.includes(r.str(n))) r.fail(n, `field "${key}" is supported by Promtab only as ${values.join(' or ')}`);
  };
}

/** BROWSER_DEFAULTS lists the fields defaultOnly accepts with their accepted values. */
const BROWSER_DEFAULTS: Record<string, readonly string[]> = {
  enable_compression: ['true'],
  enable_http2: ['true'],
  track_timestamps_staleness: ['false'],
  metric_name_validation_scheme: ['utf8'],
  metric_name_escaping_scheme: ['allow-utf-8'],
  scrape_classic_histograms: ['false'],
  target_limit: ['0'],
};

const DEFAULT_ONLY_FIELDS: Record<string, Field> = Object.fromEntries(
  Object.entries(BROWSER_DEFAULTS).map(([k, v]) => [k, defaultOnly(k, v)]),
);

const LIMIT_FIELDS: Record<string, Field> = {
  sample_limit: set('sampleLimit', uint),
  label_limit: set('labelLimit', uint),
  label_name_length_limit: set('labelNameLengthLimit', uint),
  label_value_length_limit: set('labelValueLengthLimit', uint),
  body_size_limit: set('bodySizeLimit', size),
  keep_dropped_targets: set('keepDroppedTargets', uint),
};

/** HISTOGRAM_FIELDS are the histogram settings a global section and a job both take. */
const HISTOGRAM_FIELDS: Record<string, Field> = {
  scrape_native_histograms: set('scrapeNativeHistograms', bool),
  always_scrape_classic_histograms: set('alwaysScrapeClassicHistograms', bool),
  convert_classic_histograms_to_nhcb: set('convertClassicHistogramsToNhcb', bool),
};

const GLOBAL_FIELDS: Record<string, Field> = {
  ...LIMIT_FIELDS,
  ...HISTOGRAM_FIELDS,
  ...DEFAULT_ONLY_FIELDS,
  scrape_interval: set('scrapeInterval', duration),
  scrape_timeout: set('scrapeTimeout', duration),
  evaluation_interval: set('evaluationInterval', duration),
  rule_query_offset: set('ruleQueryOffset', duration),
  external_labels: set('externalLabels', strMap),
  scrape_protocols: set('scrapeProtocols', protocols),
};

const HEADER_FIELDS: Record<string, Field> = { values: set('values', strList), secrets: set('secrets', strList) };

const headers: Read<Record<string, HttpHeader>> = (r, n) => {
  const out: Record<string, HttpHeader> = Object.create(null);
  for (const [name, v] of r.pairs(n, 'http_headers')) {
    const h: Obj = { values: [], secrets: [] };
    r.section(v, `header ${name}`, HEADER_FIELDS, h);
    out[name] = h as unknown as HttpHeader;
  }
  return out;
};

const BASIC_AUTH_FIELDS: Record<string, Field> = { username: set('username', str), password: set('password', str) };
const AUTHORIZATION_FIELDS: Record<string, Field> = { type: set('type', str), credentials: set('credentials', str) };
const FETCH_CREDENTIALS = new Set(['omit', 'same-origin', 'include']);

const HTTP_FIELDS: Record<string, Field> = {
  basic_auth: (r, n, out) => {
    const o: Obj = { username: '', password: '' };
    r.section(n, 'basic_auth', BASIC_AUTH_FIELDS, o);
    out.basicAuth = o;
  },
  authorization: (r, n, out) => {
    const o: Obj = { type: 'Bearer', credentials: '' };
    r.section(n, 'authorization', AUTHORIZATION_FIELDS, o);
    out.authorization = o;
  },
  bearer_token: (r, n, out) => {
    out.authorization = { type: 'Bearer', credentials: r.str(n) };
  },
  http_headers: set('httpHeaders', headers),
  follow_redirects: set('followRedirects', bool),
  fetch_credentials: (r, n, out) => {
    const v = r.str(n);
    if (!FETCH_CREDENTIALS.has(v)) r.fail(n, `fetch_credentials must be omit, same-origin or include, got "${v}"`);
    out.fetchCredentials = v;
  },
};

/** httpPart reads a section that also takes HTTP client fields and returns those. */
function httpPart(r: Reader, node: YNode, what: string, fields: Record<string, Field>, out: Obj): HttpClientConfig {
  const http: Obj = { ...DEFAULT_HTTP };
  const all: Record<string, Field> = { ...fields };
  for (const [k, f] of Object.entries(HTTP_FIELDS)) all[k] = (rr, n) => f(rr, n, http);
  r.section(node, what, all, out);
  return http as unknown as HttpClientConfig;
}

const STATIC_FIELDS: Record<string, Field> = { targets: set('targets', strList), labels: set('labels', strMap) };

const staticConfigs: Read<TargetGroup[]> = (r, n) =>
  r.items(n, 'static_configs').map((item, i) => {
    const g: Obj = { targets: [], labels: {}, source: String(i) };
    r.section(item, 'static_config', STATIC_FIELDS, g);
    return g as unknown as TargetGroup;
  });

const HTTP_SD_FIELDS: Record<string, Field> = { url: set('url', str), refresh_interval: set('refreshInterval', duration) };

const httpSdConfigs: Read<HttpSdConfig[]> = (r, n) =>
  r.items(n, 'http_sd_configs').map((item) => {
    const o: Obj = { url: '', refreshInterval: 60_000 };
    o.http = httpPart(r, item, 'http_sd_config', HTTP_SD_FIELDS, o);
    const url = URL.canParse(o.url as string) ? new URL(o.url as string) : null;
    if (!url) return r.fail(item, o.url === '' ? 'URL is missing' : `invalid URL "${o.url}"`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') r.fail(item, "URL scheme must be 'http' or 'https'");
    return o as unknown as HttpSdConfig;
  });

const FILE_SD_FIELDS: Record<string, Field> = { files: set('files', strList), refresh_interval: set('refreshInterval', duration) };

const fileSdConfigs: Read<FileSdConfig[]> = (r, n) =>
  r.items(n, 'file_sd_configs').map((item) => {
    const o: Obj = { files: [], refreshInterval: 300_000 };
    r.section(item, 'file_sd_config', FILE_SD_FIELDS, o);
    if ((o.files as string[]).length === 0) r.fail(item, 'file service discovery config must contain at least one path name');
    return o as unknown as FileSdConfig;
  });

const RELABEL_FIELDS: Record<string, Field> = {
  source_labels: set('sourceLabels', strList),
  separator: set('separator', str),
  regex: set('regex', str),
  modulus: set('modulus', uint),
  target_label: set('targetLabel', str),
  replacement: set('replacement', str),
  action: (r, n, out) => {
    out.action = r.str(n).toLowerCase() as RelabelAction;
  },
};

const relabelConfigs: Read<RelabelConfig[]> = (r, n) =>
  r.items(n, 'relabel configs').map((item) => {
    const o: Obj = {};
    r.section(item, 'relabel config', RELABEL_FIELDS, o);
    const cfg = relabelConfig(o as Partial<RelabelConfig>);
    const err = validateRelabelConfig(cfg);
    if (err) r.fail(item, err);
    return cfg;
  });

const SCRAPE_FIELDS: Record<string, Field> = {
  ...LIMIT_FIELDS,
  ...HISTOGRAM_FIELDS,
  native_histogram_bucket_limit: set('nativeHistogramBucketLimit', uint),
  native_histogram_min_bucket_factor: set('nativeHistogramMinBucketFactor', nonNegativeFloat),
  ...DEFAULT_ONLY_FIELDS,
  job_name: set('jobName', str),
  scrape_interval: set('scrapeInterval', duration),
  scrape_timeout: set('scrapeTimeout', duration),
  metrics_path: set('metricsPath', str),
  scheme: (r, n, out) => {
    const s = r.str(n);
    if (s !== 'http' && s !== 'https') r.fail(n, `scheme must be http or https, got "${s}"`);
    out.scheme = s;
  },
  params: (r, n, out) => {
    const p: Record<string, string[]> = Object.create(null);
    for (const [k, v] of r.pairs(n, 'params')) p[k] = strList(r, v);
    out.params = p;
  },
  honor_labels: set('honorLabels', bool),
  honor_timestamps: set('honorTimestamps', bool),
  scrape_protocols: set('scrapeProtocols', protocols),
  fallback_scrape_protocol: set('fallbackScrapeProtocol', protocol),
  static_configs: set('staticConfigs', staticConfigs),
  http_sd_configs: set('httpSdConfigs', httpSdConfigs),
  file_sd_configs: set('fileSdConfigs', fileSdConfigs),
  relabel_configs: set('relabelConfigs', relabelConfigs),
  metric_relabel_configs: set('metricRelabelConfigs', relabelConfigs),
};

const QUEUE_FIELDS: Record<string, Field> = {
  capacity: set('capacity', uint),
  max_shards: set('maxShards', uint),
  min_shards: set('minShards', uint),
  max_samples_per_send: set('maxSamplesPerSend', uint),
  batch_send_deadline: set('batchSendDeadline', duration),
  min_backoff: set('minBackoff', duration),
  max_backoff: set('maxBackoff', duration),
  retry_on_http_429: set('retryOnRateLimit', bool),
  sample_age_limit: defaultOnly('sample_age_limit', ['0s', '0']),
};

/** REMOTE_WRITE_DEFAULT_ONLY are remote_write fields Promtab accepts at the value it behaves as. */
const REMOTE_WRITE_DEFAULT_ONLY: Record<string, readonly string[]> = {
  round_robin_dns: ['false'],
  enable_http2: ['true', 'false'],
};

const REMOTE_WRITE_FIELDS: Record<string, Field> = {
  ...Object.fromEntries(Object.entries(REMOTE_WRITE_DEFAULT_ONLY).map(([k, v]) => [k, defaultOnly(k, v)])),
  url: set('url', str),
  name: set('name', str),
  remote_timeout: set('remoteTimeout', duration),
  protobuf_message: set('protobufMessage', str),
  send_native_histograms: set('sendNativeHistograms', bool),
  send_exemplars: set('sendExemplars', bool),
  headers: set('headers', strMap),
  write_relabel_configs: set('writeRelabelConfigs', relabelConfigs),
  queue_config: (r, n, out) => {
    const q: Obj = {};
    r.section(n, 'queue_config', QUEUE_FIELDS, q);
    out.queueConfig = q;
  },
  metadata_config: (r, n) => {
    for (const [key, v, pair] of r.pairs(n, 'metadata_config')) {
      if (key === 'send' && r.str(v) !== 'false') r.fail(pair, 'Promtab sends metadata only inside remote write 2.0 requests (protobuf_message): metadata_config.send must be false');
    }
  },
};

function readRemoteWrite(r: Reader, node: YNode): RemoteWriteConfig {
  const o: Obj = { line: r.line(node), url: '' };
  o.http = httpPart(r, node, 'remote_write config', REMOTE_WRITE_FIELDS, o);
  const cfg = remoteWriteConfig(o as unknown as RemoteWriteInput);
  const bad = validateRemoteWrite([cfg]);
  if (bad) r.fail(node, bad.message);
  return cfg;
}

/** parseRelabelConfigs reads a YAML list of relabel rules (as under write_relabel_configs); errors name the line. */
export function parseRelabelConfigs(text: string): RelabelConfig[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new ConfigError(e.linePos?.[0].line ?? 1, e.message.split('\n')[0]);
  }
  return relabelConfigs(new Reader(lc), doc.contents as YNode);
}

function readScrapeConfig(r: Reader, node: YNode, global: GlobalConfig): ScrapeConfig {
  const o: Obj = { line: r.line(node) };
  o.http = httpPart(r, node, 'scrape config', SCRAPE_FIELDS, o);
  if (!o.jobName) r.fail(node, 'job_name is empty');
  return scrapeConfig(o as unknown as ScrapeConfigInput, global);
}

/** readStorage reads the storage section; Promtab takes only `exemplars: {max_exemplars}` from it. */
function readStorage(r: Reader, node: YNode): PromConfig['storage'] {
  const ex: Obj = {};
  r.section(node, 'storage', { exemplars: (r2, n) => r2.section(n, 'exemplars', { max_exemplars: set('maxExemplars', uint) }, ex) }, {});
  return ex.maxExemplars === undefined ? undefined : { exemplars: { maxExemplars: ex.maxExemplars as number } };
}

/** parseConfig parses prometheus.yml text; throws ConfigError with the line of the first problem. */
export function parseConfig(text: string): PromConfig {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new ConfigError(e.linePos?.[0].line ?? 1, e.message.split('\n')[0]);
  }
  const r = new Reader(lc);
  const top: Obj = {};
  const parts: Record<string, YNode> = {};
  r.section(doc.contents as YNode, 'configuration', {
    global: (_r, n) => (parts.global = n),
    scrape_configs: (_r, n) => (parts.scrape = n),
    rule_files: set('ruleFiles', strList),
    alerting: (_r, n) => (top.alerting = n ? (n as Node).toJSON() : null),
    remote_write: (_r, n) => (parts.remoteWrite = n),
    storage: (_r, n) => (parts.storage = n),
  }, top);
  const g: Obj = { ...DEFAULT_GLOBAL, scrapeTimeout: 0 };
  if (parts.global) r.section(parts.global, 'global', GLOBAL_FIELDS, g);
  if (g.scrapeProtocols === DEFAULT_GLOBAL.scrapeProtocols) g.scrapeProtocols = defaultScrapeProtocols(g.scrapeNativeHistograms === true);
  const global = g as unknown as GlobalConfig;
  if (global.scrapeTimeout > global.scrapeInterval) {
    r.fail(parts.global, 'global scrape timeout greater than scrape interval');
  }
  if (global.scrapeTimeout === 0) g.scrapeTimeout = Math.min(DEFAULT_GLOBAL.scrapeTimeout, global.scrapeInterval);
  const scrapeConfigs = r.items(parts.scrape ?? null, 'scrape_configs').map((n) => readScrapeConfig(r, n, global));
  const ruleFiles = (top.ruleFiles as string[]) ?? [];
  const remoteWrite = r.items(parts.remoteWrite ?? null, 'remote_write').map((n) => readRemoteWrite(r, n));
  const storage = parts.storage ? readStorage(r, parts.storage) : undefined;
  const cfg: PromConfig = {
    global,
    scrapeConfigs,
    ruleFiles,
    ...(storage ? { storage } : {}),
    ...('alerting' in top ? { alerting: top.alerting } : {}),
    ...(remoteWrite.length > 0 ? { remoteWrite } : {}),
  };
  const bad = validateConfig(cfg) ?? validateRemoteWrite(remoteWrite);
  if (bad) throw new ConfigError(bad.line, bad.message);
  return cfg;
}
