/**
 * Planning a state import: read and validate the whole file, fill `<secret>` placeholders from the current
 * configuration, and work out what would change (jobs and targets, dashboards, rule files, silences, settings)
 * together with the records to write. Nothing here writes: the service applies a plan in one transaction.
 */
import { exportPromtab, type Dashboard } from '../dashboards';
import type { Silence } from '../rules';
import type { PromConfig } from '../scrape/config';
import { FileError } from './safejson';
import { fillSecrets } from './secrets';
import { fillDataSourceSecrets, redactDataSources } from './datasources';
import { readStateFile, writeStateFile, type RuleFile, type Settings } from './statefile';
import { checkedConfig, readDashboard, readSilence, STATE_VALIDATORS } from './validators';

/** CurrentState is what a profile holds now (the scrape configuration with its real secrets). */
export interface CurrentState {
  scrapeYaml: string;
  dashboards: Dashboard[];
  ruleFiles: RuleFile[];
  silences: Silence[];
  settings: Settings;
}

/** Change lists what a part of the state would gain, replace and lose. */
export interface Change {
  added: string[];
  replaced: string[];
  removed: string[];
}

/** StatePreview says what applying a state file would change. */
export interface StatePreview {
  version: number;
  secrets: string;
  warnings: string[];
  jobs: Change;
  targets: Change;
  dashboards: Change;
  ruleFiles: Change;
  silences: Change;
  /** settings names the settings whose value would change. */
  settings: string[];
  /** secretsKept names the placeholders filled from this profile's configuration. */
  secretsKept: string[];
  /** secretsMissing names the placeholders left empty (set them in the configuration after applying). */
  secretsMissing: string[];
}

/** StateRecords are the ConfigStore records a plan writes. */
export interface StateRecords {
  scrapeConfig: string;
  dashboards: Dashboard[];
  ruleFiles: RuleFile[];
  silences: Silence[];
  settings: Settings;
}

/** StatePlan is a validated import: its preview and the records to write. */
export interface StatePlan {
  preview: StatePreview;
  records: StateRecords;
}

/** exportStateText writes the current state as a state file (scrapeYaml already redacted or not, as secrets says). */
export function exportStateText(current: CurrentState, secrets: boolean, now = new Date()): string {
  return writeStateFile(
    {
      scrapeConfig: current.scrapeYaml,
      dashboards: current.dashboards.map((d) => JSON.parse(exportPromtab(d)) as unknown),
      ruleFiles: current.ruleFiles.map((f) => ({ name: f.name, content: f.content })),
      silences: current.silences,
      settings: secrets ? current.settings : { ...current.settings, dataSources: redactDataSources(current.settings.dataSources) },
    },
    secrets ? 'included' : 'redacted',
    now,
  );
}

/** diff compares two keyed lists: keys only in next are added, in both and different replaced, only in prev removed. */
function diff<T>(prev: readonly T[], next: readonly T[], key: (x: T) => string, same: (a: T, b: T) => boolean, removes: boolean): Change {
  const before = new Map(prev.map((x) => [key(x), x]));
  const after = new Map(next.map((x) => [key(x), x]));
  const out: Change = { added: [], replaced: [], removed: [] };
  for (const [k, x] of after) {
    const old = before.get(k);
    if (old === undefined) out.added.push(k);
    else if (!same(old, x)) out.replaced.push(k);
  }
  if (removes) for (const k of before.keys()) if (!after.has(k)) out.removed.push(k);
  return out;
}

/** merge keeps prev's entries that next lacks, and next's version of the rest. */
function merge<T>(prev: readonly T[], next: readonly T[], key: (x: T) => string): T[] {
  const keys = new Set(next.map(key));
  return [...prev.filter((x) => !keys.has(key(x))), ...next];
}

const json = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function staticTargets(cfg: PromConfig): string[] {
  return cfg.scrapeConfigs.flatMap((sc) => sc.staticConfigs.flatMap((g) => g.targets.map((t) => `${sc.jobName}: ${t}`)));
}

/**
 * planState reads a state file and plans its import over current, or throws FileError naming the path (a file with
 * prototype-polluting keys is refused: no honest export writes them). The scrape
 * configuration and settings are replaced; dashboards (by uid), rule files (by name) and silences (by id) are merged.
 */
export function planState(text: string, current: CurrentState): StatePlan {
  const { state: parsed, version, secrets, warnings } = readStateFile(text, STATE_VALIDATORS);
  const dsFill = fillDataSourceSecrets(parsed.settings.dataSources, current.settings.dataSources);
  const state = { ...parsed, settings: { ...parsed.settings, dataSources: dsFill.list } };
  const hostile = warnings.find((w) => w.endsWith('(a reserved key)'));
  if (hostile) throw new FileError(hostile.split(':')[0], 'a reserved key (__proto__, constructor or prototype); the file is refused');
  const hasConfig = state.scrapeConfig.trim() !== '';
  const filled = hasConfig ? fillSecrets(state.scrapeConfig, current.scrapeYaml) : { yaml: current.scrapeYaml, kept: [], missing: [] };
  const nextCfg = checkedConfig(filled.yaml);
  const prevCfg = checkedConfig(current.scrapeYaml);
  const dashboards = state.dashboards.map(readDashboard);
  const silences = state.silences.map((s, i) => readSilence(s, `silences[${i}]`));
  const jobs = (c: PromConfig) => c.scrapeConfigs.map((sc) => sc.jobName);
  const settingsChanged = (Object.keys(state.settings) as (keyof Settings)[]).filter((k) => !json(state.settings[k], current.settings[k]));
  const preview: StatePreview = {
    version,
    secrets,
    warnings,
    jobs: diff(jobs(prevCfg), jobs(nextCfg), (x) => x, () => true, true),
    targets: diff(staticTargets(prevCfg), staticTargets(nextCfg), (x) => x, () => true, true),
    dashboards: diff(current.dashboards, dashboards, (d) => d.uid, json, false),
    ruleFiles: diff(current.ruleFiles, state.ruleFiles, (f) => f.name, (a, b) => a.content === b.content, false),
    silences: diff(current.silences, silences, (s) => s.id, json, false),
    settings: settingsChanged,
    secretsKept: [...filled.kept, ...dsFill.kept],
    secretsMissing: [...filled.missing, ...dsFill.missing],
  };
  for (const m of [...filled.missing, ...dsFill.missing]) preview.warnings.push(`${m}: the file has no secret here and neither has this profile; it is left empty`);
  return {
    preview,
    records: {
      scrapeConfig: filled.yaml,
      dashboards: merge(current.dashboards, dashboards, (d) => d.uid).sort((a, b) => a.title.localeCompare(b.title)),
      ruleFiles: merge(current.ruleFiles, state.ruleFiles, (f) => f.name),
      silences: merge(current.silences, silences, (s) => s.id),
      settings: state.settings,
    },
  };
}
