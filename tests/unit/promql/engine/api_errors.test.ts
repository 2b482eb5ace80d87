import { describe, expect, it } from 'vitest';
import { labelsFromPairs } from '../../../../src/model/labels';
import { QueryService } from '../../../../src/api/query_service';
import { MemoryStorage } from '../../../../src/promql/promqltest/storage';

function service(): QueryService {
  const storage = new MemoryStorage();
  storage.append(labelsFromPairs([['__name__', 'up']]), 0, 1);
  const s = new QueryService();
  s.useQueryable(storage);
  return s;
}

describe('query API errors are worded as Prometheus words them', () => {
  it('a parse error names the parameter, the position and "parse error"', async () => {
    const r = await service().query('foo bar', 0);
    expect(r).toMatchObject({
      status: 'error',
      errorType: 'bad_data',
      error: 'invalid parameter "query": 1:5: parse error: unexpected identifier "bar"',
      parseError: { start: 4, end: 7, message: 'unexpected identifier "bar"' },
    });
  });

  const range: [string, string, number, number, number, string][] = [
    ['a range vector', 'up[5m]', 0, 60, 15, 'invalid parameter "query": invalid expression type "range vector" for range query, must be Scalar or instant Vector'],
    ['a zero step', 'up', 0, 60, 0, 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer'],
    ['an end before the start', 'up', 60, 0, 15, 'invalid parameter "end": end timestamp must not be before start time'],
    ['a type error', 'sum(up[5m])', 0, 60, 15, 'invalid parameter "query": 1:5: parse error: expected type instant vector in aggregation expression, got range vector'],
  ];
  it.each(range)('a range query with %s', async (_name, q, start, end, step, error) => {
    expect(await service().queryRange(q, start, end, step)).toMatchObject({ status: 'error', errorType: 'bad_data', error });
  });

  it('an evaluation error keeps its own wording', async () => {
    const r = await service().query('label_replace(up, "", "", "", "(")', 0);
    expect(r).toMatchObject({ status: 'error', errorType: 'execution', error: 'invalid regular expression in label_replace(): (' });
  });
});
