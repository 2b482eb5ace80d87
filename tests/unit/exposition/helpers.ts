/** Test helpers: parse a body into plain rows that read well in tables. */
import { parseAll, type Format } from '../../../src/exposition/index';
import { labelsToObject } from '../../../src/model/labels';

/** Row is a parsed sample as a table row: labels as an object without `__name__`. */
export interface Row {
  name: string;
  labels: Record<string, string>;
  value: number;
  ts?: number;
}

/** rows parses body and returns its samples as rows. */
export function rows(body: string, format: Format): Row[] {
  return parseAll(body, format).samples.map((s) => {
    const labels = { ...labelsToObject(s.labels) };
    delete labels.__name__;
    const row: Row = { name: s.name, labels, value: s.value };
    if (s.timestamp !== undefined) row.ts = s.timestamp;
    return row;
  });
}

/** errorOf returns the message of the error parsing body throws, or 'no error'. */
export function errorOf(body: string, format: Format): string {
  try {
    parseAll(body, format);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}
