import { describe, expect, it } from 'vitest';
import { isAllowedOrigin, pushRequestOf } from '../../../src/push';

describe('isAllowedOrigin', () => {
  const allowed = ['http://127.0.0.1:4000', 'https://example.com'];
  const table: [string, boolean][] = [
    ['http://127.0.0.1:4000', true],
    ['https://example.com', true],
    ['http://127.0.0.1:4001', false],
    ['http://example.com', false],
    ['https://example.com.evil', false],
    ['null', false],
    ['', false],
  ];
  for (const [origin, want] of table) it(origin || '(empty)', () => expect(isAllowedOrigin(origin, allowed)).toBe(want));
});

describe('pushRequestOf', () => {
  const table: [unknown, boolean][] = [
    [{ promtabPush: { method: 'PUT', job: 'j', body: 'x 1\n' } }, true],
    [{ promtabPush: { method: 'DELETE', job: 'j', labels: { a: 'b' } } }, true],
    [{ promtabPush: { method: 'GET', job: 'j' } }, false],
    [{ promtabPush: { method: 'PUT', job: 1 } }, false],
    [{ promtabPush: { method: 'PUT', job: 'j', labels: { a: 1 } } }, false],
    [{ promtabPush: { method: 'PUT', job: 'j', body: 5 } }, false],
    [{ other: 1 }, false],
    ['promtabPush', false],
    [null, false],
  ];
  for (const [data, want] of table) it(JSON.stringify(data), () => expect(pushRequestOf(data) !== undefined).toBe(want));
});
