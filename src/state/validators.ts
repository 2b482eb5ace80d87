/**
 * The state file's validators, built from the owners' real parsers: the scrape module's prometheus.yml parser and
 * checks, Promtab's dashboard reader, the rule file parser, and the silence shape Alertmanager keeps.
 */
import { importPromtab, type Dashboard } from '../dashboards';
import { ConfigError, parseConfig } from '../scrape/config_parse';
import { validateConfig, type PromConfig } from '../scrape/config';
import { parseRuleFile } from '../rules';
import type { Silence } from '../rules';
import { FileError, read } from './safejson';
import type { RuleFile, StateValidators } from './statefile';

const MATCH_TYPES = new Set(['=', '!=', '=~', '!~']);

/** checkedConfig parses and validates prometheus.yml text as applying it would, or throws naming the line. */
export function checkedConfig(yaml: string): PromConfig {
  const cfg = parseConfig(yaml);
  const bad = validateConfig(cfg);
  if (bad) throw new ConfigError(bad.line, bad.message);
  return cfg;
}

/** readDashboard turns a state file's dashboard (Promtab dashboard JSON) into a dashboard. */
export function readDashboard(d: unknown): Dashboard {
  return importPromtab(d).dashboard;
}

/** checkRuleFile throws the first error of a rule file, located as `file:line:column: message`. */
export function checkRuleFile(f: RuleFile): void {
  const { errors } = parseRuleFile(f.content, { file: f.name });
  if (errors.length === 0) return;
  const e = errors[0];
  const at = e.line ? `${e.line}:${e.column ?? 1}: ` : '';
  const group = e.group ? `group "${e.group}", ` : '';
  const rule = e.rule ? `rule ${e.rule}: ` : '';
  throw new Error(`${at}${group}${rule}${e.message}`);
}

/** readSilence checks a silence's shape (id, matchers, times in ms, author, comment). */
export function readSilence(v: unknown, path: string): Silence {
  const o = read.object(v, path);
  const matchers = read.array(o.matchers, `${path}.matchers`).map((m, i) => {
    const p = `${path}.matchers[${i}]`;
    const mo = read.object(m, p);
    const type = read.string(mo.type, `${p}.type`);
    if (!MATCH_TYPES.has(type)) throw new FileError(`${p}.type`, `expected one of = != =~ !~, not ${JSON.stringify(type)}`);
    return { type: type as '=' | '!=' | '=~' | '!~', name: read.string(mo.name, `${p}.name`), value: read.string(mo.value, `${p}.value`) };
  });
  if (matchers.length === 0) throw new FileError(`${path}.matchers`, 'a silence needs at least one matcher');
  const startsAt = read.number(o.startsAt, `${path}.startsAt`);
  const endsAt = read.number(o.endsAt, `${path}.endsAt`);
  if (endsAt < startsAt) throw new FileError(`${path}.endsAt`, 'a silence cannot end before it starts');
  return {
    id: read.string(o.id, `${path}.id`),
    matchers,
    startsAt,
    endsAt,
    createdBy: read.optString(o.createdBy, `${path}.createdBy`),
    comment: read.optString(o.comment, `${path}.comment`),
    updatedAt: o.updatedAt === undefined ? startsAt : read.number(o.updatedAt, `${path}.updatedAt`),
  };
}

/** STATE_VALIDATORS validates every part of a state file with the real parsers. */
export const STATE_VALIDATORS: StateValidators = {
  scrapeConfig(yaml) {
    if (yaml.trim() !== '') checkedConfig(yaml);
  },
  dashboard(d) {
    readDashboard(d);
  },
  ruleFile(f) {
    checkRuleFile(f);
  },
  silence(s, path) {
    readSilence(s, path);
  },
};
