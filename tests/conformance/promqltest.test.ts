/**
 * Runs Prometheus's own promqltest scripts (../shared/testdata/promqltest) against our engine. A float-only eval
 * that fails must be on the known-failures list; a listed eval that passes must be taken off it. Evals that need
 * native histograms have a known-failures list of their own, kept the same way. Our own scripts
 * (tests/conformance/promql) must pass whole.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../src/promql/promqltest/runner';
import { KNOWN_FAILURES, NATIVE_HISTOGRAM_KNOWN_FAILURES } from './promqltest-known-failures';

const DIR = path.resolve(__dirname, '../../../shared/testdata/promqltest');
const present = existsSync(DIR);
const files = present ? readdirSync(DIR).filter((f) => f.endsWith('.test')).sort() : [];

describe.skipIf(!present)('upstream promqltest scripts in ../shared/testdata/promqltest (skipped when absent)', () => {
  it.each(files)('%s', async (file) => {
    const outcomes = await runScript(readFileSync(path.join(DIR, file), 'utf8'));
    const known = new Set(KNOWN_FAILURES.filter((k) => k.file === file).map((k) => k.line));
    const knownNative = new Set(NATIVE_HISTOGRAM_KNOWN_FAILURES.filter((k) => k.file === file).map((k) => k.line));
    const floats = outcomes.filter((o) => !o.nativeHistograms);
    const native = outcomes.filter((o) => o.nativeHistograms);
    const passed = floats.filter((o) => o.ok).length;
    console.log(
      `${file}: ${passed} passed, ${floats.length - passed} failed` +
        ` (native histograms: ${native.filter((o) => o.ok).length} passed, ${native.filter((o) => !o.ok).length} failed)`,
    );
    const unexpected = floats.filter((o) => !o.ok && !known.has(o.line)).map((o) => `${file}:${o.line}: ${o.query}: ${o.message}`);
    const fixed = floats.filter((o) => o.ok && known.has(o.line)).map((o) => `${file}:${o.line} passes now: remove it from the list`);
    const nativeUnexpected = native.filter((o) => !o.ok && !knownNative.has(o.line)).map((o) => `${file}:${o.line}: ${o.query}: ${o.message}`);
    const nativeFixed = native.filter((o) => o.ok && knownNative.has(o.line)).map((o) => `${file}:${o.line} passes now: remove it from the native list`);
    expect([...unexpected, ...fixed, ...nativeUnexpected, ...nativeFixed]).toEqual([]);
  }, 120_000);
});

const OURS = path.resolve(__dirname, 'promql');

describe('our promqltest scripts in tests/conformance/promql', () => {
  const ours = readdirSync(OURS).filter((f) => f.endsWith('.test')).sort();
  it.each(ours)('%s', async (file) => {
    const outcomes = await runScript(readFileSync(path.join(OURS, file), 'utf8'));
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => !o.ok).map((o) => `${file}:${o.line}: ${o.query}: ${o.message}`)).toEqual([]);
  });
});
