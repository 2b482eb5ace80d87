/**
 * `npx tsx src/cli/parse.ts [--openmetrics] FILE`: parses an exposition file and prints one JSON object per sample,
 * `{"name","labels","value","timestamp"}` (labels without `__name__`, value as the Prometheus API writes it, timestamp in ms or null), or exits
 * 1 with `line L, column C: message` on stderr.
 */
import { readFileSync } from 'node:fs';
import { ExpositionError, formatFloat, newParser } from '../exposition/index';
import { dropMetricName, labelsToObject } from '../model/labels';

function main(args: string[]): number {
  const om = args.includes('--openmetrics');
  const files = args.filter((a) => a !== '--openmetrics');
  if (files.length !== 1) {
    process.stderr.write('usage: parse [--openmetrics] FILE\n');
    return 2;
  }
  let body: string;
  try {
    body = readFileSync(files[0], 'utf8');
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  const p = newParser(body, om ? 'openmetrics' : 'text');
  const out: string[] = [];
  try {
    for (let e = p.next(); e !== null; e = p.next()) {
      if (e !== 'series') continue;
      const sample = { name: p.metricName(), labels: labelsToObject(dropMetricName(p.labels())), value: formatFloat(p.value()), timestamp: p.timestamp() ?? null };
      out.push(JSON.stringify(sample));
    }
  } catch (e) {
    if (!(e instanceof ExpositionError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
  if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
