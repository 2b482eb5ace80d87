/**
 * Secrets in an imported scrape configuration: a state file exported without secrets carries `<secret>` where a
 * password, token or secret header was. On import each placeholder takes the value the current configuration has
 * at the same place (the same job, the same field); a placeholder with nothing to take is emptied and named.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { SECRET } from '../scrape/config_export';

/** SecretFill is the result of fillSecrets. */
export interface SecretFill {
  yaml: string;
  /** kept names the fields whose secret came from the current configuration. */
  kept: string[];
  /** missing names the fields left empty: the file had no secret and neither had this profile. */
  missing: string[];
}

type Key = string | number;

/** placeholders lists the key paths of every `<secret>` scalar in a YAML document. */
function placeholders(doc: Document): Key[][] {
  const out: Key[][] = [];
  const visit = (node: unknown, path: Key[]) => {
    if (isScalar(node)) {
      if (node.value === SECRET) out.push(path);
    } else if (isMap(node)) {
      for (const pair of node.items) visit(pair.value, [...path, isScalar(pair.key) ? String(pair.key.value) : String(pair.key)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...path, i]));
    }
  };
  visit(doc.contents, []);
  return out;
}

/** jobIndex maps each job_name to its index in scrape_configs. */
function jobIndex(doc: Document): Map<string, number> {
  const out = new Map<string, number>();
  const list = doc.get('scrape_configs');
  if (isSeq(list)) {
    list.items.forEach((item, i) => {
      if (isMap(item)) out.set(String(item.get('job_name')), i);
    });
  }
  return out;
}

function describe(doc: Document, path: Key[]): string {
  if (path[0] === 'scrape_configs' && typeof path[1] === 'number') {
    return `job "${String(doc.getIn(['scrape_configs', path[1], 'job_name']))}": ${path.slice(2).join('.')}`;
  }
  return path.join('.');
}

/** fillSecrets replaces `<secret>` placeholders in fileYaml with the secrets of currentYaml (which holds real ones). */
export function fillSecrets(fileYaml: string, currentYaml: string): SecretFill {
  if (!fileYaml.includes(SECRET)) return { yaml: fileYaml, kept: [], missing: [] };
  const doc = parseDocument(fileYaml);
  const cur = parseDocument(currentYaml);
  const fileJobs = new Map([...jobIndex(doc)].map(([k, v]) => [v, k]));
  const curJobs = jobIndex(cur);
  const kept: string[] = [];
  const missing: string[] = [];
  for (const path of placeholders(doc)) {
    let curPath: Key[] | null = path;
    if (path[0] === 'scrape_configs' && typeof path[1] === 'number') {
      const at = curJobs.get(fileJobs.get(path[1]) ?? '');
      curPath = at === undefined ? null : ['scrape_configs', at, ...path.slice(2)];
    }
    const value = curPath ? cur.getIn(curPath) : undefined;
    const name = describe(doc, path);
    if (typeof value === 'string' && value !== SECRET) {
      doc.setIn(path, value);
      kept.push(name);
    } else {
      doc.setIn(path, '');
      missing.push(name);
    }
  }
  return { yaml: doc.toString(), kept, missing };
}
