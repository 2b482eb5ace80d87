/** RecordingRule: evaluates an expression and renames its result to the rule's metric name. */
import { labelsKey, LabelsBuilder, METRIC_NAME, type Labels } from '../model/labels';
import type { RecordingRuleConfig } from './rulefmt';
import type { QueryFunc, RuleHealth } from './types';

/** RuleSample is one sample a rule writes. */
export interface RuleSample {
  readonly labels: Labels;
  readonly t: number;
  readonly v: number;
}

/** RuleStatus is the health bookkeeping shared by both rule kinds. */
export class RuleStatus {
  health: RuleHealth = 'unknown';
  lastError = '';
  /** lastEvaluation is the wall time (ms) the last evaluation started, 0 before the first. */
  lastEvaluation = 0;
  /** evaluationTime is the last evaluation's duration in ms. */
  evaluationTime = 0;
}

/** RecordingRule is one `record:` rule with its status. */
export class RecordingRule {
  readonly status = new RuleStatus();

  constructor(
    readonly config: RecordingRuleConfig,
    readonly labels: Readonly<Record<string, string>>,
  ) {}

  /** name is the recorded metric name. */
  get name(): string {
    return this.config.record;
  }

  /** eval queries at ts - queryOffset and returns the renamed samples, or throws as Prometheus fails the rule. */
  async eval(ts: number, queryOffset: number, query: QueryFunc, limit: number, signal?: AbortSignal): Promise<RuleSample[]> {
    const t = ts - queryOffset;
    const vector = await query(this.config.expr, t, signal);
    const seen = new Set<string>();
    const out: RuleSample[] = [];
    for (const s of vector) {
      const b = new LabelsBuilder(s.labels).set(METRIC_NAME, this.config.record);
      for (const [k, v] of Object.entries(this.labels)) b.set(k, v);
      const labels = b.labels();
      const key = labelsKey(labels);
      if (seen.has(key)) throw new Error('vector contains metrics with the same labelset after applying rule labels');
      seen.add(key);
      out.push({ labels, t, v: s.value });
    }
    if (limit > 0 && out.length > limit) throw new Error(`exceeded limit of ${limit} with ${out.length} series`);
    return out;
  }
}
