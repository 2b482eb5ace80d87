/**
 * The state file: one versioned JSON document with Promtab's whole configuration (scrape configuration as
 * prometheus.yml text, dashboards, rule files, silences, settings). Reading it validates everything before anything
 * is applied; older versions migrate forward, newer ones are refused.
 */
import type { DataSource } from '../remote/datasource_config';
import { readDataSources } from './datasources';
import { FileError, parseUntrustedJson, read } from './safejson';

/** STATE_VERSION is the version this build writes. */
export const STATE_VERSION = 1;

/** Settings are the user's preferences that travel with the state. */
export interface Settings {
  /** allowedPushOrigins lists origins whose postMessage pushes are accepted. */
  allowedPushOrigins: string[];
  /** experimentalFunctions enables PromQL's experimental functions. */
  experimentalFunctions: boolean;
  /** retention bounds the TSDB: time in ms and size in bytes (0: a share of the quota). */
  retentionMs: number;
  retentionBytes: number;
  /** dataSources are the remote Prometheus-compatible APIs queries may go to. */
  dataSources: DataSource[];
}

/** DEFAULT_SETTINGS are a fresh profile's settings. */
export const DEFAULT_SETTINGS: Settings = {
  allowedPushOrigins: [],
  experimentalFunctions: false,
  retentionMs: 7 * 86_400_000,
  retentionBytes: 0,
  dataSources: [],
};

/** RuleFile is one Prometheus rule file as YAML text. */
export interface RuleFile {
  name: string;
  content: string;
}

/** PromtabState is everything the state file carries. */
export interface PromtabState {
  scrapeConfig: string;
  dashboards: unknown[];
  ruleFiles: RuleFile[];
  silences: unknown[];
  settings: Settings;
}

/** StateFile is the document on disk. */
export interface StateFile extends PromtabState {
  promtab: 'state';
  version: number;
  exportedAt: string;
  secrets: 'redacted' | 'included';
}

/** StateValidators check the parts with their owners' parsers; each throws an Error naming what is wrong. */
export interface StateValidators {
  scrapeConfig(yaml: string): void;
  dashboard(d: unknown, path: string): void;
  ruleFile(f: RuleFile, path: string): void;
  silence(s: unknown, path: string): void;
}

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** MIGRATIONS upgrade a document from version N (the key) to N + 1. */
const MIGRATIONS: ReadonlyMap<number, Migration> = new Map<number, Migration>([
  // Version 0 was the pre-release layout: `config` held the YAML and rules were a single string.
  [
    0,
    (d) => {
      const { config, rules, ...rest } = d;
      return {
        ...rest,
        version: 1,
        scrapeConfig: config ?? '',
        ruleFiles: typeof rules === 'string' && rules !== '' ? [{ name: 'rules.yml', content: rules }] : [],
      };
    },
  ],
]);

/** writeStateFile serialises state; secrets are the caller's business (pass YAML already redacted or not). */
export function writeStateFile(state: PromtabState, secrets: 'redacted' | 'included', now = new Date()): string {
  const file: StateFile = {
    promtab: 'state',
    version: STATE_VERSION,
    exportedAt: now.toISOString(),
    secrets,
    ...state,
  };
  return JSON.stringify(file, null, 2);
}

/** readStateFile parses, migrates and validates a state file, or throws FileError naming what and where. */
export function readStateFile(
  text: string,
  validators: StateValidators,
): { state: PromtabState; version: number; secrets: string; warnings: string[] } {
  const { value, dropped } = parseUntrustedJson(text);
  let doc = read.object(value, '');
  if (doc.promtab !== 'state') throw new FileError('promtab', 'this is not a Promtab state file');
  const version = read.number(doc.version, 'version');
  if (!Number.isInteger(version) || version < 0) throw new FileError('version', 'expected a whole number');
  if (version > STATE_VERSION) {
    throw new FileError(
      'version',
      `the file is version ${version}, newer than this Promtab understands (${STATE_VERSION}); update Promtab`,
    );
  }
  for (let v = version; v < STATE_VERSION; v++) doc = MIGRATIONS.get(v)!(doc);

  const scrapeConfig = read.optString(doc.scrapeConfig, 'scrapeConfig');
  wrap('scrapeConfig', () => validators.scrapeConfig(scrapeConfig));
  const dashboards = read.array(doc.dashboards ?? [], 'dashboards');
  dashboards.forEach((d, i) => wrap(`dashboards[${i}]`, () => validators.dashboard(d, `dashboards[${i}]`)));
  const ruleFiles = read.array(doc.ruleFiles ?? [], 'ruleFiles').map((f, i) => {
    const o = read.object(f, `ruleFiles[${i}]`);
    const rf = { name: read.string(o.name, `ruleFiles[${i}].name`), content: read.string(o.content, `ruleFiles[${i}].content`) };
    wrap(`ruleFiles[${i}]`, () => validators.ruleFile(rf, `ruleFiles[${i}]`));
    return rf;
  });
  const silences = read.array(doc.silences ?? [], 'silences');
  silences.forEach((s, i) => wrap(`silences[${i}]`, () => validators.silence(s, `silences[${i}]`)));
  const settings = readSettings(doc.settings);
  const warnings = dropped.map((p) => `${p}: ignored (a reserved key)`);
  return {
    state: { scrapeConfig, dashboards, ruleFiles, silences, settings },
    version,
    secrets: read.optString(doc.secrets, 'secrets', 'redacted'),
    warnings,
  };
}

function wrap(path: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof FileError) throw e;
    throw new FileError(path, (e as Error).message);
  }
}

/** readSettings checks settings from a file or a form, filling defaults; throws FileError naming the bad field. */
export function readSettings(v: unknown): Settings {
  if (v === undefined) return { ...DEFAULT_SETTINGS };
  const o = read.object(v, 'settings');
  const origins = read.array(o.allowedPushOrigins ?? [], 'settings.allowedPushOrigins').map((x, i) => {
    const s = read.string(x, `settings.allowedPushOrigins[${i}]`);
    if (!/^https?:\/\/[^/\s]+$/.test(s)) throw new FileError(`settings.allowedPushOrigins[${i}]`, 'expected an origin such as https://example.com');
    return s;
  });
  return {
    allowedPushOrigins: origins,
    experimentalFunctions:
      o.experimentalFunctions === undefined ? false : read.boolean(o.experimentalFunctions, 'settings.experimentalFunctions'),
    retentionMs: o.retentionMs === undefined ? DEFAULT_SETTINGS.retentionMs : read.number(o.retentionMs, 'settings.retentionMs'),
    retentionBytes:
      o.retentionBytes === undefined ? DEFAULT_SETTINGS.retentionBytes : read.number(o.retentionBytes, 'settings.retentionBytes'),
    dataSources: readDataSources(o.dataSources, 'settings.dataSources'),
  };
}
