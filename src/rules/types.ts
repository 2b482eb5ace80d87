/** The rules module's seams: how it queries, how it tells time, and the alert shape it hands to the notifier. */
import type { Labels, LabelsObject } from '../model/labels';

/** QueryFunc evaluates an instant query at tMs; a scalar result is one sample with no labels. */
export type QueryFunc = (
  expr: string,
  tMs: number,
  signal?: AbortSignal,
) => Promise<{ labels: Labels; value: number }[]>;

/** Clock is injected so tests drive time: now() in ms and a setTimeout-like scheduler. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** REAL_CLOCK is the platform clock. */
export const REAL_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** RuleHealth is a rule's health as the API reports it. */
export type RuleHealth = 'ok' | 'err' | 'unknown';

/** AlertState is an alert's state; a rule's state is the highest of its alerts', or unknown before evaluation. */
export type AlertState = 'inactive' | 'pending' | 'firing';

/** NotifierAlert is an alert as Prometheus sends it to Alertmanager (times in ms; endsAt in the past = resolved). */
export interface NotifierAlert {
  readonly labels: LabelsObject;
  readonly annotations: LabelsObject;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly generatorURL: string;
}

/** NotifyFunc receives the alerts of one rule that are due to be (re)sent. */
export type NotifyFunc = (expr: string, alerts: readonly NotifierAlert[]) => void;
