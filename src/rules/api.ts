/** The `/api/v1/rules` and `/api/v1/alerts` JSON shapes, built from groups. */
import { labelsToObject, type LabelsObject } from '../model/labels';
import { AlertingRule, type Alert } from './alerting';
import { formatExpr, parseExpr } from '../promql/parser';
import { formatE } from './gofmt';
import type { Group } from './group';
import type { RuleHealth } from './types';

/** ApiAlert is one alert as `/api/v1/alerts` returns it; value is Go's `%e` with shortest digits. */
export interface ApiAlert {
  labels: LabelsObject;
  annotations: LabelsObject;
  state: 'pending' | 'firing';
  activeAt: string;
  keepFiringSince?: string;
  value: string;
}

/** ApiAlertingRule is an alerting rule in `/api/v1/rules`. */
export interface ApiAlertingRule {
  state: 'unknown' | 'inactive' | 'pending' | 'firing';
  name: string;
  query: string;
  duration: number;
  keepFiringFor: number;
  labels: LabelsObject;
  annotations: LabelsObject;
  alerts: ApiAlert[];
  health: RuleHealth;
  lastError?: string;
  evaluationTime: number;
  lastEvaluation: string;
  type: 'alerting';
}

/** ApiRecordingRule is a recording rule in `/api/v1/rules`. */
export interface ApiRecordingRule {
  name: string;
  query: string;
  labels: LabelsObject;
  health: RuleHealth;
  lastError?: string;
  evaluationTime: number;
  lastEvaluation: string;
  type: 'recording';
}

/** ApiRuleGroup is one group in `/api/v1/rules`; interval and evaluationTime in seconds. */
export interface ApiRuleGroup {
  name: string;
  file: string;
  rules: (ApiAlertingRule | ApiRecordingRule)[];
  interval: number;
  limit: number;
  evaluationTime: number;
  lastEvaluation: string;
}

/** RuleDiscovery is the `data` of `/api/v1/rules`. */
export interface RuleDiscovery {
  groups: ApiRuleGroup[];
}

/** AlertDiscovery is the `data` of `/api/v1/alerts`. */
export interface AlertDiscovery {
  alerts: ApiAlert[];
}

/** goTime writes ms as Go's JSON time (RFC 3339, fraction without trailing zeros); 0 is Go's zero time. */
export function goTime(ms: number): string {
  if (ms === 0) return '0001-01-01T00:00:00Z';
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d+)Z$/, (_m, f: string) => (/^0+$/.test(f) ? 'Z' : `.${f.replace(/0+$/, '')}Z`));
}

const printed = new Map<string, string>();

/** queryText prints an expression as Prometheus's API shows a rule's query (parsed and printed), else as written. */
export function queryText(expr: string): string {
  let out = printed.get(expr);
  if (out === undefined) {
    try {
      out = formatExpr(parseExpr(expr, { experimental: true }));
    } catch {
      out = expr;
    }
    if (printed.size > 10_000) printed.clear();
    printed.set(expr, out);
  }
  return out;
}

function plain(o: Readonly<Record<string, string>>): LabelsObject {
  const out: LabelsObject = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

/** apiAlert converts an active alert. */
export function apiAlert(a: Alert): ApiAlert {
  const out: ApiAlert = {
    labels: { ...labelsToObject(a.labels) },
    annotations: { ...labelsToObject(a.annotations) },
    state: a.state === 'firing' ? 'firing' : 'pending',
    activeAt: goTime(a.activeAt),
    value: formatE(a.value),
  };
  if (a.keepFiringSince !== 0) out.keepFiringSince = goTime(a.keepFiringSince);
  return out;
}

function activeAlerts(r: AlertingRule): Alert[] {
  return [...r.active.values()].filter((a) => a.resolvedAt === 0);
}

/** ruleDiscovery builds `/api/v1/rules` data; type filters to alerting or recording rules as the API's `type`. */
export function ruleDiscovery(groups: readonly Group[], type?: 'alert' | 'record'): RuleDiscovery {
  return {
    groups: groups.map((g) => ({
      name: g.config.name,
      file: g.config.file,
      interval: g.interval / 1000,
      limit: g.config.limit,
      evaluationTime: g.evaluationTime / 1000,
      lastEvaluation: goTime(g.lastEvaluation),
      rules: g.rules
        .filter((r) => !type || (type === 'alert') === r instanceof AlertingRule)
        .map((r) => {
          const st = r.status;
          const common = {
            name: r.name,
            query: queryText(r.config.expr),
            labels: plain(r.labels),
            health: st.health,
            ...(st.lastError ? { lastError: st.lastError } : {}),
            evaluationTime: st.evaluationTime / 1000,
            lastEvaluation: goTime(st.lastEvaluation),
          };
          if (!(r instanceof AlertingRule)) return { ...common, type: 'recording' as const };
          return {
            state: r.state,
            name: common.name,
            query: common.query,
            duration: r.config.for / 1000,
            keepFiringFor: r.config.keepFiringFor / 1000,
            labels: common.labels,
            annotations: plain(r.config.annotations),
            alerts: activeAlerts(r).map(apiAlert),
            health: common.health,
            ...(st.lastError ? { lastError: st.lastError } : {}),
            evaluationTime: common.evaluationTime,
            lastEvaluation: common.lastEvaluation,
            type: 'alerting' as const,
          };
        }),
    })),
  };
}

/** alertDiscovery builds `/api/v1/alerts` data: every pending or firing alert of every rule. */
export function alertDiscovery(groups: readonly Group[]): AlertDiscovery {
  const alerts: ApiAlert[] = [];
  for (const g of groups) for (const r of g.rules) if (r instanceof AlertingRule) alerts.push(...activeAlerts(r).map(apiAlert));
  return { alerts };
}
