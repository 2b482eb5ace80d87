/**
 * `npx tsx src/cli/parse.ts [--openmetrics | --protobuf] FILE`: parses an exposition file and prints one JSON object
 * per sample, `{"name","labels","value","timestamp"}` (labels without `__name__`, value as the Prometheus API writes
 * it, timestamp in ms or null), or exits 1 with `line L, column C: message` (`byte N: message` for protobuf) on
 * stderr. With --protobuf (delimited MetricFamily messages) a native histogram's sample has `histogram` in the API's
 * shape instead of `value`, and a sample with a created timestamp has `start_timestamp` (ms).
 */
import { readFileSync } from 'node:fs';
import { ExpositionError, formatFloat, newParser, ProtobufError, ProtoParser, type ExpositionParser } from '../exposition/index';
import { histogramJSON } from '../model/histogram_json';
import { dropMetricName, labelsToObject } from '../model/labels';

const FLAGS = ['--openmetrics', '--protobuf'];

function main(args: string[]): number {
  const om = args.includes('--openmetrics');
  const pb = args.includes('--protobuf');
  const files = args.filter((a) => !FLAGS.includes(a));
  if (files.length !== 1 || (om && pb)) {
    process.stderr.write('usage: parse [--openmetrics | --protobuf] FILE\n');
    return 2;
  }
  let body: Buffer;
  try {
    body = readFileSync(files[0]);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  const out: string[] = [];
  try {
    const p: ExpositionParser = pb
      ? new ProtoParser(new Uint8Array(body), { nativeHistograms: true, classicHistograms: false })
      : newParser(body.toString('utf8'), om ? 'openmetrics' : 'text');
    for (let e = p.next(); e !== null; e = p.next()) {
      if (e !== 'series') continue;
      const h = p.histogram?.();
      const value = h ? { histogram: histogramJSON(h) } : { value: formatFloat(p.value()) };
      const st = p.startTimestamp?.();
      const sample = { name: p.metricName(), labels: labelsToObject(dropMetricName(p.labels())), ...value, timestamp: p.timestamp() ?? null };
      out.push(JSON.stringify(st === undefined ? sample : { ...sample, start_timestamp: st }));
    }
  } catch (e) {
    if (!(e instanceof ExpositionError) && !(e instanceof ProtobufError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
  if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
