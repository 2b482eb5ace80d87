/**
 * The worker API's types, mirroring Prometheus's `/api/v1` field names and result shapes, so anyone who knows the
 * Prometheus HTTP API knows ours. The page imports only these types; the engine stays in the workers.
 */
import type { LabelsObject } from '../model/labels';
import type { HistogramJSON } from '../model/histogram_json';
import type { HistogramColumns } from './histogram_columns';
import type { MetricType } from '../model/metadata';
import type { ProxyMarked } from 'comlink';
import type { DashboardsApi } from './dashboards_service';
import type { AlertDiscovery, ApiAlert, ApiRuleGroup, Notification, RuleFileError, Silence, SilenceInput } from '../rules';
import type { PushRequest, PushResult } from '../push/message';
import type { DataSource } from '../remote/datasource_config';
import type { DataSourceCheck } from '../remote/datasource';
import type { ProtobufMessage } from '../remote/write_request';
import type { DashboardDataImport, DataExportRequest, DataExportStep, DataImportReport, Settings, StatePreview } from '../state/api_types';
import type { ScrapeProtocol } from '../scrape/config';

/** ErrorType is Prometheus's `errorType` vocabulary. */
export type ErrorType = 'bad_data' | 'timeout' | 'canceled' | 'execution' | 'internal' | 'unavailable' | 'not_found';

/** ApiResponse is the envelope of every API call: success with data, or error; never a thrown exception. */
export type ApiResponse<T> =
  | { status: 'success'; data: T; warnings?: string[]; infos?: string[] }
  | { status: 'error'; errorType: ErrorType; error: string; data?: T; warnings?: string[]; infos?: string[] };

/** TargetHealth is a target's state as the API spells it. */
export type TargetHealth = 'up' | 'down' | 'unknown';

/** ActiveTarget is one entry of `targets().activeTargets`. */
export interface ActiveTarget {
  discoveredLabels: LabelsObject;
  labels: LabelsObject;
  scrapePool: string;
  scrapeUrl: string;
  globalUrl: string;
  lastError: string;
  /** lastScrape is an ISO timestamp ('0001-01-01T00:00:00Z' before the first scrape, as Prometheus). */
  lastScrape: string;
  lastScrapeDuration: number;
  health: TargetHealth;
  scrapeInterval: string;
  scrapeTimeout: string;
  /** paused is Promtab's own field: the user paused this target. */
  paused?: boolean;
  /** errorKind and errorFix explain lastError for a browser user (Promtab's own fields). */
  errorKind?: string;
  errorFix?: string;
}

/** DroppedTarget is one entry of `targets().droppedTargets`. */
export interface DroppedTarget {
  discoveredLabels: LabelsObject;
  scrapePool?: string;
}

/** TargetsResult is the data of `targets`. */
export interface TargetsResult {
  activeTargets: ActiveTarget[];
  droppedTargets: DroppedTarget[];
  droppedTargetCounts?: Record<string, number>;
}

/** MetadataEntry is one entry of the `metadata` endpoint. */
export interface MetadataEntry {
  type: MetricType;
  help: string;
  unit: string;
}

/** RuntimeInfo is the data of `status/runtimeinfo`, with browser facts in place of Go's. */
export interface RuntimeInfo {
  startTime: string;
  reloadConfigSuccess: boolean;
  lastConfigTime: string;
  storageRetention: string;
  /** storageWorker says how the single writer runs: 'shared' (SharedWorker) or 'dedicated' (Web Locks leader). */
  storageWorker: string;
  userAgent: string;
  hardwareConcurrency: number;
  storageUsedBytes: number;
  storageQuotaBytes: number;
  /**
   * storageQuotaInForceBytes is the storage level Promtab keeps to since the browser refused a write for quota,
   * measured from that write (0 until a refusal); the browser's estimate() often reports a far larger quota.
   */
  storageQuotaInForceBytes: number;
  workerRestarts: number;
  timeSeriesCount: number;
}

/** BuildInfo is the data of `status/buildinfo`. */
export interface BuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildUser: string;
  buildDate: string;
  goVersion: string;
}

/** NameValue is one row of the TSDB status top-10 tables. */
export interface NameValue {
  name: string;
  value: number;
}

/** TsdbStatus is the data of `status/tsdb`. */
export interface TsdbStatus {
  headStats: { numSeries: number; numLabelPairs: number; chunkCount: number; minTime: number; maxTime: number };
  seriesCountByMetricName: NameValue[];
  labelValueCountByLabelName: NameValue[];
  memoryInBytesByLabelName: NameValue[];
  seriesCountByLabelValuePair: NameValue[];
  storageBytes?: number;
  quotaBytes?: number;
}

/**
 * InstantSample is one element of a vector result: a float `value`, or a native histogram in `histogram` (then
 * there is no `value`), as Prometheus's API answers.
 */
export type InstantSample =
  | { metric: LabelsObject; value: [number, string]; histogram?: undefined }
  | { metric: LabelsObject; histogram: [number, HistogramJSON]; value?: undefined };

/** RangeSeries is one element of a matrix result; `histograms`, when present, holds its native histogram points. */
export interface RangeSeries {
  metric: LabelsObject;
  values: [number, string][];
  histograms?: [number, HistogramJSON][];
}

/**
 * QueryStats is Prometheus's `stats` of a query answer (what `stats=all` adds): the evaluation time in seconds and
 * the samples read, plus the number of series read, which Prometheus does not report.
 */
export interface QueryStats {
  timings: { evalTotalTime: number };
  samples: { totalQueryableSamples: number };
  seriesLoaded: number;
}

/** QueryData is the data of `query` and `query_range`; `stats` is present when the engine measured them. */
export type QueryData =
  | { resultType: 'vector'; result: InstantSample[]; stats?: QueryStats }
  | { resultType: 'matrix'; result: RangeSeries[]; stats?: QueryStats }
  | { resultType: 'scalar'; result: [number, string]; stats?: QueryStats }
  | { resultType: 'string'; result: [number, string]; stats?: QueryStats };

/** AddTargetsRequest is what the Targets view's form sends. */
export interface AddTargetsRequest {
  urls: string;
  job?: string;
  interval?: string;
  timeout?: string;
  labels?: LabelsObject;
  /** honorLabels, scrapeProtocols and scrapeNativeHistograms apply to a job the request creates. */
  honorLabels?: boolean;
  scrapeProtocols?: ScrapeProtocol[];
  scrapeNativeHistograms?: boolean;
}

/** RelabelStepView is one relabel rule's effect on a target's labels. */
export interface RelabelStepView {
  rule: string;
  labels: LabelsObject;
  keep: boolean;
}

/** DiscoveryView is one discovery source's state. */
export interface DiscoveryView {
  scrapePool: string;
  source: string;
  lastError: string;
  targetGroups: number;
}

/** StorageApi is what the storage worker serves (one per origin). */
export interface StorageApi {
  /** dashboards stores dashboards for every tab. */
  readonly dashboards: DashboardsApi & ProxyMarked;
  /** rules runs recording and alerting rules, silences and notifications for every tab. */
  readonly rules: RulesApi;
  /** state exports and imports state files and data files. */
  readonly state: StateApi & ProxyMarked;
  /** push keeps metrics pushed into the tab with Pushgateway semantics (scraped as job `pushgateway`). */
  readonly push: PushApi & ProxyMarked;
  /** remote edits the remote_write endpoints and reports their queues. */
  readonly remote: RemoteApi & ProxyMarked;
  /** scrapeIntervals returns each job's scrape interval in ms (for $__rate_interval). */
  scrapeIntervals(): Promise<Record<string, number>>;
  targets(): Promise<ApiResponse<TargetsResult>>;
  labels(match?: string[], start?: number, end?: number): Promise<ApiResponse<string[]>>;
  labelValues(name: string, match?: string[], start?: number, end?: number): Promise<ApiResponse<string[]>>;
  series(match: string[], start?: number, end?: number): Promise<ApiResponse<LabelsObject[]>>;
  metadata(metric?: string, limit?: number): Promise<ApiResponse<Record<string, MetadataEntry[]>>>;
  runtimeinfo(): Promise<ApiResponse<RuntimeInfo>>;
  buildinfo(): Promise<ApiResponse<BuildInfo>>;
  tsdbStatus(): Promise<ApiResponse<TsdbStatus>>;
  /**
   * queryExemplars answers `/api/v1/query_exemplars`: the exemplars of the series any selector of the PromQL
   * expression selects, in [start, end] (seconds; absent: unbounded), grouped by series (data null: no selector).
   */
  queryExemplars(query: string, start?: number, end?: number): Promise<ApiResponse<ExemplarData[] | null>>;
  /** addTargets adds pasted targets; `hints` notes paths other than /metrics, warnings name duplicates. */
  addTargets(req: AddTargetsRequest): Promise<ApiResponse<{ added: string[]; hints: string[] }>>;
  removeTarget(scrapePool: string, scrapeUrl: string): Promise<ApiResponse<null>>;
  /** targetAction scrapes now, pauses or resumes one target (or all with no pool). */
  targetAction(action: 'scrape' | 'pause' | 'resume', scrapePool?: string, scrapeUrl?: string): Promise<ApiResponse<null>>;
  /** lastBody returns the raw body of a target's last scrape (bounded), or null. */
  lastBody(scrapePool: string, scrapeUrl: string): Promise<ApiResponse<string | null>>;
  /** relabelSteps shows a target's labels after each relabel rule of its pool. */
  relabelSteps(scrapePool: string, discovered: LabelsObject): Promise<ApiResponse<RelabelStepView[]>>;
  /** discovery lists each discovery source with its last error. */
  discovery(): Promise<ApiResponse<DiscoveryView[]>>;
  /** config returns the effective prometheus.yml (secrets as `<secret>` unless asked). */
  config(secrets?: boolean): Promise<ApiResponse<{ yaml: string }>>;
  /** applyConfig replaces the scrape configuration with a prometheus.yml; errors name the line. */
  applyConfig(yaml: string): Promise<ApiResponse<null>>;
  /** importFileSD supplies the contents of a file named by file_sd_configs. */
  importFileSD(name: string, text: string): Promise<ApiResponse<{ groups: number; scrapePools: string[] }>>;
  /**
   * waitForScrape resolves with the count of stored scrapes once it differs from `since` (or after timeoutMs, at
   * most 60 s): the change notification that lets views draw new data as soon as it is stored.
   */
  waitForScrape(since: number, timeoutMs: number): Promise<number>;
  /** notices lists recent storage notices (quota, failed flushes). */
  notices(): Promise<{ kind: string; message: string }[]>;
  /**
   * prepareUpdate readies the writer for a page reload into a new build: it pauses scraping, waits for the flush
   * that saves every sample taken so far, and resumes scraping after `holdMs` if the worker is still running then.
   */
  prepareUpdate(holdMs: number): Promise<void>;
  /** observeQuery records a query's duration (from a query worker) in the self-metrics. */
  observeQuery(seconds: number): Promise<void>;
  /** attach serves this API (and the select API for a query worker) on another port. */
  attach(port: MessagePort): Promise<void>;
  /** whoami returns where the API runs, so tests can prove it is a worker. */
  whoami(): Promise<{ global: string; isWorker: boolean }>;
}

/** ExemplarJSON is one exemplar as the API writes it: value as a string, timestamp in seconds. */
export interface ExemplarJSON {
  labels: LabelsObject;
  value: string;
  timestamp: number;
}

/** ExemplarData is one series' exemplars in a `query_exemplars` answer. */
export interface ExemplarData {
  seriesLabels: LabelsObject;
  exemplars: ExemplarJSON[];
}

/** SilencedAlert is an alert of `/api/v1/alerts` with the silences muting it (Promtab's own field). */
export type SilencedAlert = ApiAlert & { silencedBy?: string[] };

/** RulesData is the data of `/api/v1/rules`, its alerts marked with their silences. */
export interface RulesData {
  groups: (Omit<ApiRuleGroup, 'rules'> & {
    rules: (ApiRuleGroup['rules'][number] & { alerts?: SilencedAlert[] })[];
  })[];
}

/** AlertsData is the data of `/api/v1/alerts`, each alert marked with its silences. */
export interface AlertsData extends AlertDiscovery {
  alerts: SilencedAlert[];
}

/** RuleFile is one stored rule file (YAML text as the user wrote it). */
export interface RuleFile {
  name: string;
  content: string;
}

/** SetRuleFileResult counts a saved file's groups, or lists its errors (file, group, rule, line, column). */
export interface SetRuleFileResult {
  groups: number;
  errors: RuleFileError[];
}

/** SilenceView is a silence with its state, as Alertmanager's API lists it. */
export type SilenceView = Silence & { status: { state: 'pending' | 'active' | 'expired' } };

/** NotificationEntry is one notification the notifier emitted; id grows, time is ms. */
export type NotificationEntry = Notification & { id: number; time: number };

/** AlertmanagerStatus is the Alertmanager alerts are also sent to ('' for none), with a count and the last error. */
export interface AlertmanagerStatus {
  url: string;
  sent: number;
  lastSent: number;
  lastError: string;
}

/** RulesApi is the rules part of the storage worker's API (`storage.rules`). */
export interface RulesApi {
  /** rules returns `/api/v1/rules` data; type keeps only alerting ('alert') or recording ('record') rules. */
  rules(type?: 'alert' | 'record'): Promise<ApiResponse<RulesData>>;
  /** alerts returns `/api/v1/alerts` data. */
  alerts(): Promise<ApiResponse<AlertsData>>;
  /** ruleFiles lists the stored rule files. */
  ruleFiles(): Promise<ApiResponse<RuleFile[]>>;
  /** setRuleFile validates and stores a rule file, or returns its errors and changes nothing. */
  setRuleFile(name: string, yaml: string): Promise<ApiResponse<SetRuleFileResult>>;
  /** deleteRuleFile removes a rule file; its rules' series go stale. */
  deleteRuleFile(name: string): Promise<ApiResponse<null>>;
  /** silences lists the silences, newest first. */
  silences(): Promise<ApiResponse<SilenceView[]>>;
  /** addSilence validates and adds a silence with Alertmanager's rules. */
  addSilence(input: SilenceInput): Promise<ApiResponse<{ silenceID: string }>>;
  /** expireSilence ends a silence now. */
  expireSilence(id: string): Promise<ApiResponse<null>>;
  /** notifications returns the kept notifications with an id above sinceId, oldest first. */
  notifications(sinceId?: number): Promise<ApiResponse<NotificationEntry[]>>;
  /** alertmanager tells where alerts are also sent and how the last send went. */
  alertmanager(): Promise<ApiResponse<AlertmanagerStatus>>;
  /** setAlertmanager sends alerts to a real Alertmanager's /api/v2/alerts too ('' stops). */
  setAlertmanager(url: string): Promise<ApiResponse<null>>;
}

/**
 * MatrixSeries is one series of a range result as typed arrays (timestamps in ms), as it crosses from the worker;
 * `histograms`, present only when the series has native histogram points, packs those points (see HistogramColumns).
 */
export interface MatrixSeries {
  metric: LabelsObject;
  timestamps: Float64Array;
  values: Float64Array;
  histograms?: HistogramColumns;
}

/** RangeData is the data of `queryRange`: a matrix whose series travel as typed arrays. */
export interface RangeData {
  resultType: 'matrix';
  result: MatrixSeries[];
  stats?: QueryStats;
}

/** ParseErrorInfo locates a PromQL error in the query text (offsets into the string). */
export interface ParseErrorInfo {
  start: number;
  end: number;
  message: string;
}

/** QueryApi is what the query worker serves (one per tab). */
export interface QueryApi {
  /** query evaluates an instant query at time (seconds, as the HTTP API); id allows cancel(). */
  query(expr: string, time: number, id?: string): Promise<ApiResponse<QueryData> & { parseError?: ParseErrorInfo }>;
  /** queryRange evaluates a range query from start to end (seconds) at step (seconds). */
  queryRange(
    expr: string,
    start: number,
    end: number,
    step: number,
    id?: string,
  ): Promise<ApiResponse<RangeData> & { parseError?: ParseErrorInfo }>;
  /** cancel aborts a running query by id. */
  cancel(id: string): Promise<void>;
  formatQuery(expr: string): Promise<ApiResponse<string> & { parseError?: ParseErrorInfo }>;
  parseQuery(expr: string): Promise<ApiResponse<unknown> & { parseError?: ParseErrorInfo }>;
  /** datasources sends queries to remote Prometheus-compatible APIs instead of Promtab's storage. */
  readonly datasources: DataSourceApi & ProxyMarked;
}

/** StateApi is the state and data files part of the storage worker's API (`storage.state`). */
export interface StateApi {
  /** exportState writes the state file (the scrape configuration's secrets as `<secret>` unless secrets). */
  exportState(opts: { secrets: boolean }): Promise<ApiResponse<string>>;
  /** previewState validates a state file and says what applying it would change, or the error with its path. */
  previewState(text: string): Promise<ApiResponse<StatePreview>>;
  /** applyState validates everything, then writes every record in one transaction and applies the scrape configuration. */
  applyState(text: string): Promise<ApiResponse<StatePreview>>;
  /** settings returns the stored settings (defaults filled in). */
  settings(): Promise<Settings>;
  /** setSettings validates and stores changed settings. */
  setSettings(patch: Partial<Settings>): Promise<ApiResponse<Settings>>;
  /** exportDataStart begins a data export; read it with exportDataNext until done. */
  exportDataStart(req: DataExportRequest): Promise<ApiResponse<{ id: string }>>;
  /** exportDataNext returns the next piece (text or snapshot bytes) with progress. */
  exportDataNext(id: string): Promise<ApiResponse<DataExportStep>>;
  /** exportDataCancel stops a running export. */
  exportDataCancel(id: string): Promise<void>;
  /** importData merges an OpenMetrics/Prometheus text file with timestamps or a snapshot into the head. */
  importData(bytes: Uint8Array | string): Promise<ApiResponse<DataImportReport>>;
  /** exportDashboardWithData writes a dashboard and the samples its queries select over its time range. */
  exportDashboardWithData(uid: string): Promise<ApiResponse<string>>;
  /** importDashboardWithData adds the dashboard and its data. */
  importDashboardWithData(text: string): Promise<ApiResponse<DashboardDataImport>>;
}

/** PushGroupInfo describes one push group for the UI: its labels, family names and push times in seconds. */
export interface PushGroupInfo {
  labels: LabelsObject;
  families: string[];
  pushTime: number;
  failureTime: number;
}

/** PushApi is the push part of the storage worker's API (`storage.push`). */
export interface PushApi {
  /** push applies one PUT/POST/DELETE; a refused push says why (a malformed body with its line and column). */
  push(req: PushRequest): Promise<PushResult>;
  /** groups lists the groups sorted by their labels. */
  groups(): Promise<PushGroupInfo[]>;
  /** text renders every group as Prometheus text, as the `pushgateway` job scrapes it. */
  text(): Promise<string>;
}

/** RemoteQueueStatus is one remote-write queue's state (counts in samples, times in ms since the epoch, 0 for never). */
export interface RemoteQueueStatus {
  /** id is the queue's name: the endpoint's name, or a hash of its URL when it has none. */
  id: string;
  url: string;
  sent: number;
  failed: number;
  retried: number;
  /** dropped counts samples dropped by write relabeling or beyond the queue's capacity. */
  dropped: number;
  pending: number;
  bytes: number;
  lastError: string;
  lastErrorTime: number;
  lastSend: number;
  highestSent: number;
  /** protobufMessage is the request message the queue sends. */
  protobufMessage: ProtobufMessage;
  /** histogramsSent counts the native histogram samples among sent. */
  histogramsSent: number;
  /** histogramsSkipped counts native histogram samples not sent because send_native_histograms is off. */
  histogramsSkipped: number;
  /** written is what a remote write 2.0 receiver last said it wrote (response headers; null: it did not say). */
  written: { samples: number | null; histograms: number | null; exemplars: number | null } | null;
  /**
   * headerMode is 'minimal' when the receiver's CORS answer allowed only Content-Type, 'opaque' when its answers
   * carry no CORS header and cannot be read, so only network errors are seen (see the README).
   */
  headerMode: 'full' | 'minimal' | 'opaque';
}

/** RemoteAuth is how a remote-write endpoint authenticates. */
export type RemoteAuth = 'none' | 'basic' | 'bearer';

/** RemoteEndpoint is one remote_write entry as the Settings form edits it; a set secret reads as `<secret>`. */
export interface RemoteEndpoint {
  /** id names the entry to replace (empty for a new one); see RemoteQueueStatus.id. */
  id: string;
  url: string;
  name: string;
  /** remoteTimeout is a Prometheus duration ('' for the default 30s). */
  remoteTimeout: string;
  auth: RemoteAuth;
  username: string;
  /** secret is the basic-auth password or the bearer token; `<secret>` keeps the stored one. */
  secret: string;
  /** relabelYaml is a YAML list of write_relabel_configs rules ('' for none). */
  relabelYaml: string;
  /** protobufMessage is remote_write's protobuf_message: 1.0 (`prometheus.WriteRequest`) or 2.0 (`io.prometheus.write.v2.Request`). */
  protobufMessage: ProtobufMessage;
  /** sendNativeHistograms is remote_write's send_native_histograms. */
  sendNativeHistograms: boolean;
  /** sendExemplars is remote_write's send_exemplars. */
  sendExemplars: boolean;
}

/** RemoteApi is the remote-write part of the storage worker's API (`storage.remote`). */
export interface RemoteApi {
  /** endpoints lists the remote_write entries of the configuration, secrets hidden. */
  endpoints(): Promise<ApiResponse<RemoteEndpoint[]>>;
  /** status reports each queue, in configuration order. */
  status(): Promise<ApiResponse<RemoteQueueStatus[]>>;
  /** saveEndpoint adds an entry, or replaces the one with the same id, through the prometheus.yml path. */
  saveEndpoint(endpoint: RemoteEndpoint): Promise<ApiResponse<null>>;
  /** removeEndpoint deletes an entry by id; its unsent samples are forgotten. */
  removeEndpoint(id: string): Promise<ApiResponse<null>>;
}

/** DataSourceApi is the query worker's client for remote Prometheus-compatible APIs (`query.datasources`). */
export interface DataSourceApi {
  /** query runs an instant query (time in seconds) on ds; id allows cancel(). */
  query(ds: DataSource, expr: string, time: number, id?: string): Promise<ApiResponse<QueryData>>;
  /** queryRange runs a range query (seconds) on ds; the matrix comes back as typed arrays. */
  queryRange(ds: DataSource, expr: string, start: number, end: number, step: number, id?: string): Promise<ApiResponse<RangeData>>;
  labels(ds: DataSource, match?: string[], start?: number, end?: number): Promise<ApiResponse<string[]>>;
  labelValues(ds: DataSource, name: string, match?: string[], start?: number, end?: number): Promise<ApiResponse<string[]>>;
  series(ds: DataSource, match: string[], start?: number, end?: number): Promise<ApiResponse<LabelsObject[]>>;
  metadata(ds: DataSource, metric?: string, limit?: number): Promise<ApiResponse<Record<string, MetadataEntry[]>>>;
  /** queryExemplars asks ds's `/api/v1/query_exemplars` (seconds). */
  queryExemplars(ds: DataSource, query: string, start: number, end: number): Promise<ApiResponse<ExemplarData[] | null>>;
  /** test checks that ds answers (buildinfo, else the query `1`). */
  test(ds: DataSource): Promise<ApiResponse<DataSourceCheck>>;
  /** cancel aborts a running remote query by id. */
  cancel(id: string): Promise<void>;
}
