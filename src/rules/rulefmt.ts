/**
 * Rule files in Prometheus's YAML format: parse with line numbers and validate as `promtool check rules` does,
 * with its error texts (`file: line:col: group "g", rule 1, "name": message`).
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { parseDuration } from '../model/time';
import { ParseError, positionText } from '../promql/ast';
import { parseExpr } from '../promql/parser';
import { checkTemplate } from './template';

/** RecordingRuleConfig is one `record:` rule as written. */
export interface RecordingRuleConfig {
  readonly kind: 'recording';
  readonly record: string;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** AlertingRuleConfig is one `alert:` rule as written; durations in ms. */
export interface AlertingRuleConfig {
  readonly kind: 'alerting';
  readonly alert: string;
  readonly expr: string;
  readonly for: number;
  readonly keepFiringFor: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** RuleConfig is a recording or alerting rule. */
export type RuleConfig = RecordingRuleConfig | AlertingRuleConfig;

/** RuleGroupConfig is one group; interval 0 means the manager's default, queryOffset null the default offset. */
export interface RuleGroupConfig {
  readonly name: string;
  readonly file: string;
  readonly interval: number;
  readonly queryOffset: number | null;
  readonly limit: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly rules: readonly RuleConfig[];
}

/** RuleFileError is one validation error; message is promtool's line for it. */
export interface RuleFileError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly group?: string;
  /** rule is the 1-based index of the rule in its group. */
  readonly rule?: number;
  readonly ruleName?: string;
  readonly message: string;
}

/** RuleFileOptions names the file; parseExpr checks PromQL (default: the PromQL parser, experimental syntax off). */
export interface RuleFileOptions {
  readonly file: string;
  readonly parseExpr?: (expr: string) => unknown;
}

/** exprErrorText words a PromQL error as Prometheus's ParseErr does: `1:5: parse error: ...`. */
export function exprErrorText(e: unknown): string {
  if (e instanceof ParseError) return `${positionText(e.query, e.pos.start)}: parse error: ${e.msg}`;
  return (e as Error).message;
}

const FIELDS: Record<string, { type: string; names: ReadonlySet<string> }> = {
  top: { type: 'rulefmt.RuleGroups', names: new Set(['groups']) },
  group: {
    type: 'rulefmt.RuleGroup',
    names: new Set(['name', 'interval', 'query_offset', 'limit', 'rules', 'labels']),
  },
  rule: {
    type: 'rulefmt.Rule',
    names: new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']),
  },
};

class FileParser {
  readonly errors: RuleFileError[] = [];
  private readonly unknown: string[] = [];
  private readonly lc = new LineCounter();
  private doc: Document | null = null;

  constructor(
    private readonly opts: RuleFileOptions,
    private readonly text: string,
  ) {}

  pos(node: Node | null | undefined): { line?: number; column?: number } {
    if (!node?.range) return {};
    const p = this.lc.linePos(node.range[0]);
    return { line: p.line, column: p.col };
  }

  fileError(message: string, node?: Node | null): void {
    const { line, column } = this.pos(node);
    const where = line === undefined ? '' : `${line}:${column}: `;
    this.errors.push({ file: this.opts.file, line, column, message: `${this.opts.file}: ${where}${message}` });
  }

  /** mistyped records go-yaml's type error: `line 3: cannot unmarshal !!str \`x\` into []rulefmt.RuleGroup`. */
  mistyped(node: Node, type: string): void {
    let what = isMap(node) ? '!!map' : '!!seq';
    if (isScalar(node)) {
      const v = node.value;
      const tag = typeof v === 'number' ? (Number.isInteger(v) ? '!!int' : '!!float') : typeof v === 'boolean' ? '!!bool' : '!!str';
      what = `${tag} \`${String(v)}\``;
    }
    this.unknown.push(`line ${this.pos(node).line}: cannot unmarshal ${what} into ${type}`);
  }

  seqOf(raw: Node | null, type: string): Node[] {
    if (raw === null || (isScalar(raw) && raw.value === null)) return [];
    if (!isSeq(raw)) {
      this.mistyped(raw, type);
      return [];
    }
    return raw.items as Node[];
  }

  deref(node: unknown): unknown {
    return isAlias(node) && this.doc ? node.resolve(this.doc) : node;
  }

  get(m: YAMLMap, key: string): Node | null {
    return (this.deref(m.get(key, true)) as Node | undefined) ?? null;
  }

  mapOf(raw: unknown, kind: keyof typeof FIELDS): YAMLMap | null {
    const node = this.deref(raw);
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return null;
    if (!isMap(node)) {
      this.mistyped(node as Node, FIELDS[kind].type);
      return null;
    }
    for (const p of node.items as Pair<Node, Node>[]) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      if (!FIELDS[kind].names.has(key)) {
        this.unknown.push(`line ${this.pos(p.key).line}: field ${key} not found in type ${FIELDS[kind].type}`);
      }
    }
    return node;
  }

  str(m: YAMLMap, key: string): { value: string; node: Node | null } {
    const node = this.get(m, key);
    if (node === null) return { value: '', node: null };
    if (!isScalar(node)) {
      this.mistyped(node, 'string');
      return { value: '', node };
    }
    return { value: node.value === null ? '' : String(node.value), node };
  }

  duration(m: YAMLMap, key: string): number | null {
    const { value, node } = this.str(m, key);
    if (node === null || value === '') return null;
    try {
      return parseDuration(value);
    } catch (e) {
      this.fileError((e as Error).message, node);
      return 0;
    }
  }

  stringMap(m: YAMLMap, key: string): Record<string, string> {
    const node = this.get(m, key);
    const out: Record<string, string> = Object.create(null);
    if (!node || (isScalar(node) && node.value === null)) return out;
    if (!isMap(node)) {
      this.mistyped(node, 'map[string]string');
      return out;
    }
    for (const p of node.items as Pair<Node, Node>[]) {
      const k = isScalar(p.key) ? String(p.key.value) : '';
      const v = this.deref(p.value);
      out[k] = isScalar(v) && v.value !== null ? String(v.value) : '';
    }
    return out;
  }

  parse(): RuleGroupConfig[] {
    const doc = parseDocument(this.text, { lineCounter: this.lc, uniqueKeys: true });
    this.doc = doc;
    if (doc.errors.length === 0) {
      try {
        doc.toJS({ maxAliasCount: 100 });
      } catch {
        this.errors.push({ file: this.opts.file, message: `${this.opts.file}: yaml: document contains excessive aliasing` });
        return [];
      }
    }
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const line = e.linePos?.[0].line;
      this.errors.push({ file: this.opts.file, line, message: `${this.opts.file}: yaml: line ${line}: ${e.message.split('\n')[0]}` });
      return [];
    }
    const top = this.mapOf(doc.contents, 'top');
    const groupsNode = top ? this.get(top, 'groups') : null;
    const groups: { node: YAMLMap; cfg: RuleGroupConfig; ruleNodes: YAMLMap[] }[] = [];
    for (const gn of this.seqOf(groupsNode, '[]rulefmt.RuleGroup')) {
      const g = this.mapOf(gn, 'group');
      if (g) groups.push(this.group(g));
    }
    if (this.unknown.length > 0) {
      this.errors.push({
        file: this.opts.file,
        message: `${this.opts.file}: yaml: unmarshal errors:\n  ${this.unknown.join('\n  ')}`,
      });
      return [];
    }
    this.validate(groups);
    return this.errors.length > 0 ? [] : groups.map((g) => g.cfg);
  }

  group(g: YAMLMap): { node: YAMLMap; cfg: RuleGroupConfig; ruleNodes: YAMLMap[] } {
    const rulesNode = this.get(g, 'rules');
    const ruleNodes: YAMLMap[] = [];
    const rules: RuleConfig[] = [];
    for (const rn of this.seqOf(rulesNode, '[]rulefmt.Rule')) {
      const r = this.mapOf(rn, 'rule');
      if (!r) continue;
      ruleNodes.push(r);
      rules.push(this.rule(r));
    }
    const limit = Number(this.str(g, 'limit').value || 0);
    const cfg: RuleGroupConfig = {
      name: this.str(g, 'name').value,
      file: this.opts.file,
      interval: this.duration(g, 'interval') ?? 0,
      queryOffset: this.duration(g, 'query_offset'),
      limit: Number.isInteger(limit) ? limit : 0,
      labels: this.stringMap(g, 'labels'),
      rules,
    };
    return { node: g, cfg, ruleNodes };
  }

  rule(r: YAMLMap): RuleConfig {
    const record = this.str(r, 'record').value;
    const expr = this.str(r, 'expr').value;
    const labels = this.stringMap(r, 'labels');
    if (record !== '' || this.str(r, 'alert').value === '') return { kind: 'recording', record, expr, labels };
    return {
      kind: 'alerting',
      alert: this.str(r, 'alert').value,
      expr,
      for: this.duration(r, 'for') ?? 0,
      keepFiringFor: this.duration(r, 'keep_firing_for') ?? 0,
      labels,
      annotations: this.stringMap(r, 'annotations'),
    };
  }

  validate(groups: { node: YAMLMap; cfg: RuleGroupConfig; ruleNodes: YAMLMap[] }[]): void {
    const seen = new Set<string>();
    for (const { node, cfg, ruleNodes } of groups) {
      if (cfg.name === '') this.fileError('Groupname must not be empty', node);
      if (seen.has(cfg.name)) this.fileError(`groupname: "${cfg.name}" is repeated in the same file`, node);
      seen.add(cfg.name);
      for (const k of Object.keys(cfg.labels)) if (!validLabelName(k)) this.fileError(`invalid label name: ${k}`);
      ruleNodes.forEach((rn, i) => this.validateRule(cfg.name, i + 1, rn));
    }
  }

  validateRule(group: string, index: number, rn: YAMLMap): void {
    const record = this.str(rn, 'record');
    const alert = this.str(rn, 'alert');
    const expr = this.str(rn, 'expr');
    const name = alert.value !== '' ? alert.value : record.value;
    const add = (message: string, node?: Node | null, alt?: Node | null) => {
      const p = this.pos(node);
      const q = this.pos(alt);
      let where = '';
      if (node) where = `${p.line ?? 0}:${p.column ?? 0}: `;
      if (node && alt) where += `${q.line ?? 0}:${q.column ?? 0}: `;
      this.errors.push({
        file: this.opts.file,
        line: p.line,
        column: p.column,
        group,
        rule: index,
        ruleName: name,
        message: `${this.opts.file}: ${where}group ${JSON.stringify(group)}, rule ${index}, ${JSON.stringify(name)}: ${message}`,
      });
    };
    if (record.value !== '' && alert.value !== '') add("only one of 'record' and 'alert' must be set", record.node ?? rn, alert.node ?? rn);
    if (record.value === '' && alert.value === '') add("one of 'record' or 'alert' must be set", record.node ?? rn, alert.node ?? rn);
    if (expr.value === '') add("field 'expr' must be set in rule", expr.node ?? rn);
    else {
      try {
        (this.opts.parseExpr ?? parseExpr)(expr.value);
      } catch (e) {
        add(`could not parse expression: ${exprErrorText(e)}`, expr.node);
      }
    }
    if (record.value !== '') {
      for (const f of ['annotations', 'for', 'keep_firing_for']) {
        if (rn.has(f) && !isEmptyField(this.get(rn, f))) add(`invalid field '${f}' in recording rule`, record.node);
      }
      if (/[{}]/.test(record.value)) {
        add(`braces present in the recording rule name; should it be in expr?: ${record.value}`, record.node);
      }
    }
    for (const k of Object.keys(this.stringMap(rn, 'labels'))) if (!validLabelName(k)) add(`invalid label name: ${k}`);
    for (const k of Object.keys(this.stringMap(rn, 'annotations'))) if (k === '') add(`invalid annotation name: ${k}`);
    if (alert.value === '') return;
    for (const [what, key] of [['label', 'labels'], ['annotation', 'annotations']] as const) {
      const m = this.stringMap(rn, key);
      for (const k of Object.keys(m)) {
        const err = checkTemplate(`__alert_${alert.value}`, m[k]);
        if (err) add(`${what} ${JSON.stringify(k)}: ${err}`);
      }
    }
  }
}

function isEmptyField(n: Node | null): boolean {
  if (!n) return true;
  if (isScalar(n)) return n.value === null || n.value === '' || n.value === '0' || n.value === 0 || n.value === '0s';
  if (isMap(n) || isSeq(n)) return n.items.length === 0;
  return false;
}

function validLabelName(k: string): boolean {
  return k !== '' && k !== '__name__';
}

/** parseRuleFile parses and validates one rule file; groups is empty whenever errors is not. */
export function parseRuleFile(text: string, opts: RuleFileOptions): { groups: RuleGroupConfig[]; errors: RuleFileError[] } {
  const p = new FileParser(opts, text);
  const groups = p.parse();
  return { groups, errors: p.errors };
}
