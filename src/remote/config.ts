/**
 * The remote_write section of prometheus.yml as plain data, with Prometheus's defaults and checks. Durations are
 * milliseconds. The YAML reader lives with the rest of prometheus.yml in src/scrape/config_parse.ts; this file
 * resolves defaults (remoteWriteConfig) and checks the result (validateRemoteWrite).
 */
import { DEFAULT_HTTP, type HttpClientConfig } from '../scrape/config';
import type { RelabelConfig } from '../scrape/relabel';
import { validateRelabelConfig } from '../scrape/relabel';
import { PROTOBUF_MESSAGES, type ProtobufMessage } from './write_request';

/** QueueConfig is a remote_write entry's queue_config. Promtab sends one request at a time, so shards are kept only for export. */
export interface QueueConfig {
  /** capacity is how many samples may wait to be sent; beyond it the oldest are dropped and counted. */
  readonly capacity: number;
  readonly maxShards: number;
  readonly minShards: number;
  readonly maxSamplesPerSend: number;
  readonly batchSendDeadline: number;
  readonly minBackoff: number;
  readonly maxBackoff: number;
  /** retryOnRateLimit retries a batch refused with HTTP 429 instead of dropping it. */
  readonly retryOnRateLimit: boolean;
}

/** RemoteWriteConfig is one remote_write entry with every default resolved. */
export interface RemoteWriteConfig {
  readonly url: string;
  /** name is the user's name for the endpoint ('' when none: remoteName derives one). */
  readonly name: string;
  readonly remoteTimeout: number;
  /** headers are extra request headers (Authorization and the protocol's own headers are refused). */
  readonly headers: Readonly<Record<string, string>>;
  readonly writeRelabelConfigs: readonly RelabelConfig[];
  readonly queueConfig: QueueConfig;
  readonly http: HttpClientConfig;
  /** protobufMessage is the request message: remote write 1.0 (`prometheus.WriteRequest`) or 2.0. */
  readonly protobufMessage: ProtobufMessage;
  /** sendNativeHistograms sends native histogram samples too (off: they are left out and counted). */
  readonly sendNativeHistograms: boolean;
  /** sendExemplars sends the exemplars of the samples too (send_exemplars). */
  readonly sendExemplars: boolean;
  /** line is the 1-based line of the entry in the imported file (0 when built in code). */
  readonly line: number;
}

/** DEFAULT_QUEUE_CONFIG is Prometheus's queue_config defaults. */
export const DEFAULT_QUEUE_CONFIG: QueueConfig = {
  capacity: 10_000,
  maxShards: 50,
  minShards: 1,
  maxSamplesPerSend: 2000,
  batchSendDeadline: 5000,
  minBackoff: 30,
  maxBackoff: 5000,
  retryOnRateLimit: false,
};

/** DEFAULT_REMOTE_TIMEOUT is Prometheus's remote_timeout default. */
export const DEFAULT_REMOTE_TIMEOUT = 30_000;

/** RESERVED_HEADERS are headers a remote_write entry may not set, as Prometheus refuses them (lower case). */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-encoding',
  'content-length',
  'content-type',
  'user-agent',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'www-authenticate',
  'accept-encoding',
  'x-prometheus-remote-write-version',
  'x-prometheus-scrape-timeout-seconds',
]);

/** RemoteWriteInput is what code or YAML gives to build an entry: the URL plus any overrides. */
export type RemoteWriteInput = Partial<Omit<RemoteWriteConfig, 'url' | 'queueConfig'>> & {
  readonly url: string;
  readonly queueConfig?: Partial<QueueConfig>;
};

/** remoteWriteConfig resolves an entry's defaults as Prometheus does. */
export function remoteWriteConfig(input: RemoteWriteInput): RemoteWriteConfig {
  return {
    name: '',
    remoteTimeout: DEFAULT_REMOTE_TIMEOUT,
    headers: {},
    writeRelabelConfigs: [],
    http: DEFAULT_HTTP,
    protobufMessage: 'prometheus.WriteRequest',
    sendNativeHistograms: false,
    sendExemplars: false,
    line: 0,
    ...input,
    queueConfig: { ...DEFAULT_QUEUE_CONFIG, ...input.queueConfig },
  };
}

type Check = (c: RemoteWriteConfig) => string | null;

/** REMOTE_WRITE_CHECKS are the per-entry checks, each with Prometheus's wording where it has one. */
const REMOTE_WRITE_CHECKS: readonly Check[] = [
  (c) => (c.url === '' ? 'url for remote_write is empty' : null),
  (c) => {
    const u = URL.canParse(c.url) ? new URL(c.url) : null;
    if (!u) return `invalid remote_write url "${c.url}"`;
    return u.protocol === 'http:' || u.protocol === 'https:' ? null : "remote_write url scheme must be 'http' or 'https'";
  },
  (c) => {
    for (const h of Object.keys(c.headers)) {
      const lower = h.toLowerCase();
      if (lower === 'authorization') return 'authorization header must be changed via the basic_auth or authorization parameter';
      if (RESERVED_HEADERS.has(lower)) return `${h} is a reserved header. It must not be changed`;
    }
    return null;
  },
  (c) =>
    PROTOBUF_MESSAGES.includes(c.protobufMessage)
      ? null
      : `unknown remote write protobuf message ${c.protobufMessage}, supported: ${PROTOBUF_MESSAGES.join(', ')}`,
  (c) => (c.http.basicAuth && c.http.authorization ? 'at most one of basic_auth and authorization must be configured' : null),
  (c) => (c.queueConfig.maxShards <= 0 ? 'remote write queue max_shards must be positive' : null),
  (c) => (c.queueConfig.minShards <= 0 ? 'remote write queue min_shards must be positive' : null),
  (c) => (c.queueConfig.minShards > c.queueConfig.maxShards ? 'remote write queue min_shards must not be greater than max_shards' : null),
  (c) => (c.queueConfig.maxSamplesPerSend <= 0 ? 'remote write queue max_samples_per_send must be positive' : null),
  (c) => (c.queueConfig.capacity <= 0 ? 'remote write queue capacity must be positive' : null),
  (c) => (c.queueConfig.maxBackoff < c.queueConfig.minBackoff ? 'remote write queue max_backoff must not be less than min_backoff' : null),
  (c) => {
    for (const r of c.writeRelabelConfigs) {
      const bad = validateRelabelConfig(r);
      if (bad) return bad;
    }
    return null;
  },
];

/** validateRemoteWrite returns the first error of the remote_write entries with its line, or null. */
export function validateRemoteWrite(cfgs: readonly RemoteWriteConfig[]): { line: number; message: string } | null {
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const c of cfgs) {
    for (const check of REMOTE_WRITE_CHECKS) {
      const message = check(c);
      if (message) return { line: c.line, message };
    }
    if (c.name !== '' && names.has(c.name)) return { line: c.line, message: `found multiple remote write configs with job name "${c.name}"` };
    names.add(c.name);
    const id = remoteName(c);
    if (ids.has(id)) return { line: c.line, message: `duplicate remote write configs are not allowed, found duplicate for URL: ${c.url}` };
    ids.add(id);
  }
  return null;
}

/**
 * remoteName is the queue's name: the configured name, or (as Prometheus does with a hash of the entry) the first
 * six hex digits of a hash of the URL, so the persisted queue of an unnamed endpoint survives a reload.
 */
export function remoteName(c: Pick<RemoteWriteConfig, 'name' | 'url'>): string {
  if (c.name !== '') return c.name;
  let h = 0x811c9dc5;
  for (let i = 0; i < c.url.length; i++) h = Math.imul(h ^ c.url.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0').slice(0, 6);
}
