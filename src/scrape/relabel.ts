/**
 * Relabeling as Prometheus's model/relabel: an ordered list of rules, each reading the joined values of its
 * source labels and acting on the label set. Regular expressions are RE2, anchored at both ends, `.` matching
 * newlines (Prometheus compiles `^(?s:regex)$`).
 */
import type { RE2JS } from 're2js';
import { compileRegex } from '../model/matcher';
import { LabelsBuilder, type Labels } from '../model/labels';
import { md5 } from './md5';

/** RelabelAction is one of Prometheus 3.x's relabel actions. */
export type RelabelAction =
  | 'replace'
  | 'keep'
  | 'drop'
  | 'keepequal'
  | 'dropequal'
  | 'hashmod'
  | 'labelmap'
  | 'labeldrop'
  | 'labelkeep'
  | 'lowercase'
  | 'uppercase';

/** RelabelConfig is one relabel rule as written in prometheus.yml, with every default filled in. */
export interface RelabelConfig {
  readonly sourceLabels: readonly string[];
  readonly separator: string;
  readonly regex: string;
  readonly modulus: number;
  readonly targetLabel: string;
  readonly replacement: string;
  readonly action: RelabelAction;
}

/** DEFAULT_RELABEL is Prometheus's default rule: replace with separator `;`, regex `(.*)`, replacement `$1`. */
export const DEFAULT_RELABEL: RelabelConfig = {
  sourceLabels: [],
  separator: ';',
  regex: '(.*)',
  modulus: 0,
  targetLabel: '',
  replacement: '$1',
  action: 'replace',
};

/** relabelConfig fills the defaults of a partial rule. */
export function relabelConfig(partial: Partial<RelabelConfig>): RelabelConfig {
  return { ...DEFAULT_RELABEL, ...partial };
}

/** RELABEL_ACTIONS lists the valid actions. */
export const RELABEL_ACTIONS: readonly RelabelAction[] = [
  'replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase',
  'uppercase',
];

const NEEDS_TARGET = new Set<RelabelAction>(['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal']);

/** validateRelabelConfig returns Prometheus's error message for an invalid rule, or null when it is valid. */
export function validateRelabelConfig(c: RelabelConfig): string | null {
  const d = DEFAULT_RELABEL;
  if (!RELABEL_ACTIONS.includes(c.action)) return `unknown relabel action "${c.action}"`;
  if (c.action === 'hashmod' && c.modulus === 0) return 'relabel configuration for hashmod requires non-zero modulus';
  if (NEEDS_TARGET.has(c.action) && c.targetLabel === '') {
    return `relabel configuration for ${c.action} action requires 'target_label' value`;
  }
  if (['lowercase', 'uppercase', 'keepequal', 'dropequal'].includes(c.action) && c.replacement !== d.replacement) {
    return `'replacement' can not be set for ${c.action} action`;
  }
  if ((c.action === 'keepequal' || c.action === 'dropequal') &&
    (c.regex !== d.regex || c.modulus !== d.modulus || c.separator !== d.separator)) {
    return `${c.action} action requires only 'source_labels' and \`target_label\`, and no other fields`;
  }
  if ((c.action === 'labeldrop' || c.action === 'labelkeep') &&
    (c.sourceLabels.length > 0 || c.targetLabel !== d.targetLabel || c.modulus !== d.modulus ||
      c.separator !== d.separator || c.replacement !== d.replacement)) {
    return `${c.action} action requires only 'regex', and no other fields`;
  }
  try {
    compileRegex(c.regex);
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

/** CompiledRelabel is a rule with its regular expression compiled. */
export interface CompiledRelabel {
  readonly config: RelabelConfig;
  readonly re: RE2JS;
}

/** compileRelabel compiles rules; throws on the first invalid one. */
export function compileRelabel(cfgs: readonly RelabelConfig[]): CompiledRelabel[] {
  return cfgs.map((config) => {
    const err = validateRelabelConfig(config);
    if (err) throw new Error(err);
    return { config, re: compileRegex(config.regex) };
  });
}

/** Submatch is one regex match: groups[i] is the text of group i or null when it did not take part. */
interface Submatch {
  readonly groups: readonly (string | null)[];
  readonly names: Readonly<Record<string, number>>;
}

function submatch(re: RE2JS, s: string): Submatch | null {
  const m = re.matcher(s);
  if (!m.matches()) return null;
  const groups: (string | null)[] = [];
  for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i));
  return { groups, names: re.namedGroups() };
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/** expandTemplate expands `$1`, `${1}`, `$name`, `${name}` and `$$` in template as Go's regexp.Expand does. */
export function expandTemplate(template: string, m: Submatch): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) return out + template.slice(i);
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    const brace = template[i] === '{';
    let j = brace ? i + 1 : i;
    const nameStart = j;
    for (const ch of template.slice(nameStart)) {
      if (!NAME_CHAR.test(ch)) break;
      j += ch.length;
    }
    const name = template.slice(nameStart, j);
    if (name === '' || (brace && template[j] !== '}')) {
      out += '$';
      continue;
    }
    i = brace ? j + 1 : j;
    out += groupValue(name, m);
  }
  return out;
}

function groupValue(name: string, m: Submatch): string {
  let idx = /^(0|[1-9]\d{0,7})$/.test(name) ? Number(name) : -1;
  if (idx < 0) idx = m.names[name] ?? -1;
  return (idx >= 0 && m.groups[idx]) || '';
}

function hashmod(val: string, modulus: number): string {
  const sum = md5(new TextEncoder().encode(val));
  let h = 0n;
  for (let i = 8; i < 16; i++) h = (h << 8n) | BigInt(sum[i]);
  return (h % BigInt(modulus)).toString();
}

type Apply = (r: CompiledRelabel, lb: LabelsBuilder, val: string) => boolean;

function mapNames(lb: LabelsBuilder, fn: (name: string, value: string) => void): void {
  const snapshot = lb.labels();
  for (let i = 0; i < snapshot.length; i += 2) fn(snapshot[i], snapshot[i + 1]);
}

const ACTIONS: Record<RelabelAction, Apply> = {
  drop: (r, _lb, val) => !r.re.matches(val),
  keep: (r, _lb, val) => r.re.matches(val),
  dropequal: (r, lb, val) => lb.get(r.config.targetLabel) !== val,
  keepequal: (r, lb, val) => lb.get(r.config.targetLabel) === val,
  replace: (r, lb, val) => {
    const c = r.config;
    if (val === '' && c.regex === DEFAULT_RELABEL.regex && !c.targetLabel.includes('$') && !c.replacement.includes('$')) {
      lb.set(c.targetLabel, c.replacement);
      return true;
    }
    const m = submatch(r.re, val);
    if (!m) return true;
    const target = expandTemplate(c.targetLabel, m);
    if (target === '') return true;
    lb.set(target, expandTemplate(c.replacement, m));
    return true;
  },
  lowercase: (r, lb, val) => (lb.set(r.config.targetLabel, val.toLowerCase()), true),
  uppercase: (r, lb, val) => (lb.set(r.config.targetLabel, val.toUpperCase()), true),
  hashmod: (r, lb, val) => (lb.set(r.config.targetLabel, hashmod(val, r.config.modulus)), true),
  labelmap: (r, lb) => {
    mapNames(lb, (name, value) => {
      const m = submatch(r.re, name);
      const target = m ? expandTemplate(r.config.replacement, m) : '';
      if (target !== '') lb.set(target, value);
    });
    return true;
  },
  labeldrop: (r, lb) => {
    mapNames(lb, (name) => {
      if (r.re.matches(name)) lb.del(name);
    });
    return true;
  },
  labelkeep: (r, lb) => {
    mapNames(lb, (name) => {
      if (!r.re.matches(name)) lb.del(name);
    });
    return true;
  },
};

function applyRule(r: CompiledRelabel, lb: LabelsBuilder): boolean {
  const src = r.config.sourceLabels;
  const val = src.length === 1 ? lb.get(src[0]) : src.map((n) => lb.get(n)).join(r.config.separator);
  return ACTIONS[r.config.action](r, lb, val);
}

/** relabel applies the rules in order; returns the new label set, or null when a rule dropped it. */
export function relabel(ls: Labels, rules: readonly CompiledRelabel[]): Labels | null {
  if (rules.length === 0) return ls;
  const lb = new LabelsBuilder(ls);
  for (const r of rules) if (!applyRule(r, lb)) return null;
  return lb.labels();
}

/** RelabelStep is the state after one rule: the labels it produced, or keep false when it dropped the set. */
export interface RelabelStep {
  readonly rule: RelabelConfig;
  readonly labels: Labels;
  readonly keep: boolean;
}

/** relabelSteps applies the rules one by one and returns the labels after each (stops after a drop). */
export function relabelSteps(ls: Labels, rules: readonly CompiledRelabel[]): RelabelStep[] {
  const lb = new LabelsBuilder(ls);
  const steps: RelabelStep[] = [];
  for (const r of rules) {
    const keep = applyRule(r, lb);
    steps.push({ rule: r.config, labels: lb.labels(), keep });
    if (!keep) break;
  }
  return steps;
}
