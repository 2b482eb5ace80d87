import { describe, expect, it } from 'vitest';
import { isStartTimestampReset, startTimeOverlaps } from '../../../../src/promql/functions/start_time';
import { parseStartLine } from '../../../../src/promql/promqltest/series';
import { parseScript, type LoadCommand } from '../../../../src/promql/promqltest/script';

describe('isStartTimestampReset(prevST, prevT, curST, curT)', () => {
  const cases: [string, [number, number, number, number], boolean][] = [
    ['unknown start time', [0, 1000, 0, 2000], false],
    ['start time after the sample (invalid)', [0, 1000, 3000, 2000], false],
    ['start time at the sample (OpenTelemetry unknown start)', [0, 1000, 2000, 2000], false],
    ['start time before the previous sample (same count)', [500, 1000, 500, 2000], false],
    ['start time between the samples', [500, 1000, 1500, 2000], true],
    ['delta: start at the previous sample whose own start is known', [500, 1000, 1000, 2000], true],
    ['cumulative with unknown start: previous start unknown', [0, 1000, 1000, 2000], false],
    ['previous start equal to its own time', [1000, 1000, 1000, 2000], false],
    ['previous start after its own time (invalid)', [1500, 1000, 1000, 2000], false],
  ];
  it.each(cases)('%s', (_name, args, want) => expect(isStartTimestampReset(...args)).toBe(want));
});

describe('startTimeOverlaps(prevST, prevT, curST)', () => {
  const cases: [string, [number, number, number], boolean][] = [
    ['delta', [0, 1000, 1000], false],
    ['same cumulative start', [200, 1000, 200], false],
    ['unknown', [200, 1000, 0], false],
    ['start before the previous sample, different start', [200, 1000, 100], true],
  ];
  it.each(cases)('%s', (_name, args, want) => expect(startTimeOverlaps(...args)).toBe(want));
});

describe('@st lines', () => {
  const cases: [string, (number | null)[]][] = [
    ['m@st _ _ -30s-1mx2', [null, null, -30_000, -90_000, -150_000]],
    ['m{a="b"}@st _x2 0 +1m 1ms', [null, null, 0, 60_000, 1]],
    ['m@st -59999msx2 -0ms', [-59_999, -59_999, -59_999, 0]],
    ['m@st 1m+1sx1', [60_000, 61_000]],
  ];
  it.each(cases)('%s', (line, want) => expect(parseStartLine(line)[1]).toEqual(want));

  it('reads the metric', () => expect(parseStartLine('m{a="b"}@st 1s')[0]).toEqual(['__name__', 'm', 'a', 'b']));

  it.each(['m@st 1m+1s', 'm@st x', 'm 1s'])('rejects %s', (line) => expect(() => parseStartLine(line)).toThrow());

  it('attaches the offsets to the next series line of a load', () => {
    const [load] = parseScript('load 1m\n  m@st _ -1m\n  m 1 2\n  n 3 4\n') as LoadCommand[];
    expect(load.series.map((s) => s.startOffsets)).toEqual([[null, -60_000], null]);
  });

  const bad: [string, string][] = [
    ['another metric', 'load 1m\n  m@st -1m\n  n 1\n'],
    ['another length', 'load 1m\n  m@st -1m -1m\n  m 1\n'],
    ['no series line', 'load 1m\n  m@st -1m\n'],
  ];
  it.each(bad)('reports an @st line for %s', (_name, script) => expect(parseScript(script)[0].kind).toBe('error'));
});
