/**
 * addRule puts one recording or alerting rule, described by a form, into a rule file's YAML text (creating the
 * group when missing), keeping the rest of the file, its comments and its order.
 */
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';

/** RuleForm is what the rule form collects. */
export interface RuleForm {
  group: string;
  kind: 'record' | 'alert';
  name: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** addRule returns the file text with the rule appended to its group; throws on a file that is not a rule file. */
export function addRule(text: string, f: RuleForm): string {
  if (!f.group.trim() || !f.name.trim() || !f.expr.trim()) throw new Error('group, name and expression are required');
  const doc = parseDocument(text.trim() === '' ? 'groups: []\n' : text);
  if (doc.errors.length) throw new Error(`the rule file is not valid YAML: ${doc.errors[0].message}`);
  if (!isMap(doc.contents)) throw new Error('a rule file is a map with a "groups" list');
  let groups = doc.get('groups');
  if (!isSeq(groups)) {
    groups = new YAMLSeq();
    doc.set('groups', groups);
  }
  const list = groups as YAMLSeq;
  let group = list.items.find((g) => isMap(g) && g.get('name') === f.group) as YAMLMap | undefined;
  if (!group) {
    group = doc.createNode({ name: f.group, rules: [] }) as YAMLMap;
    list.add(group);
  }
  let rules = group.get('rules');
  if (!isSeq(rules)) {
    rules = new YAMLSeq();
    group.set('rules', rules);
  }
  const rule: Record<string, unknown> = { [f.kind]: f.name.trim(), expr: f.expr.trim() };
  if (f.kind === 'alert' && f.for?.trim()) rule.for = f.for.trim();
  if (f.labels && Object.keys(f.labels).length) rule.labels = f.labels;
  if (f.kind === 'alert' && f.annotations && Object.keys(f.annotations).length) rule.annotations = f.annotations;
  (rules as YAMLSeq).add(doc.createNode(rule));
  return doc.toString();
}

/** parsePairs reads `a=b, c="d"` into a prototype-free object. */
export function parsePairs(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const part of text.split(',').map((x) => x.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`"${part}" is not name=value`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return out;
}
