/**
 * Silences as Alertmanager keeps them: matchers over alert labels with a time window, a creator and a comment.
 * An active silence mutes every alert its matchers all match.
 */
import { labelsGet, type Labels, type LabelsObject } from '../model/labels';
import { compileMatcher, type CompiledMatcher, type Matcher } from '../model/matcher';

/** SilenceState is pending (not started), active or expired. */
export type SilenceState = 'pending' | 'active' | 'expired';

/** Silence is one silence as plain data (it persists and crosses postMessage); times in ms. */
export interface Silence {
  readonly id: string;
  readonly matchers: readonly Matcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
  readonly updatedAt: number;
}

/** SilenceInput is what a user fills in; startsAt defaults to now. */
export interface SilenceInput {
  readonly matchers: readonly Matcher[];
  readonly startsAt?: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
}

/** silenceState tells a silence's state at now. */
export function silenceState(s: Silence, now: number): SilenceState {
  if (now < s.startsAt) return 'pending';
  return now < s.endsAt ? 'active' : 'expired';
}

/** matchersForAlert returns equality matchers for every label of an alert (the UI's "silence this alert"). */
export function matchersForAlert(labels: LabelsObject): Matcher[] {
  return Object.keys(labels)
    .sort()
    .map((name) => ({ type: '=', name, value: labels[name] }));
}

function isSilence(s: unknown): s is Silence {
  if (!s || typeof s !== 'object') return false;
  const o = s as Record<string, unknown>;
  const times = [o.startsAt, o.endsAt, o.updatedAt].every((t) => Number.isFinite(t));
  const texts = [o.id, o.createdBy, o.comment].every((t) => typeof t === 'string');
  const matchers =
    Array.isArray(o.matchers) &&
    o.matchers.every(
      (m) => m && typeof m === 'object' && ['=', '!=', '=~', '!~'].includes(m.type) && typeof m.name === 'string' && typeof m.value === 'string',
    );
  return times && texts && matchers;
}

/** Silences stores silences and answers which ones mute a label set. */
export class Silences {
  private readonly items = new Map<string, { s: Silence; compiled: CompiledMatcher[] }>();

  constructor(private readonly now: () => number) {}

  /** create validates and adds a silence as Alertmanager does, returning its id; throws with Alertmanager's message. */
  create(input: SilenceInput): string {
    const now = this.now();
    const startsAt = input.startsAt ?? now;
    if (input.matchers.length === 0) throw new Error('at least one matcher required');
    const compiled = input.matchers.map(compileMatcher);
    if (compiled.every((m) => m.matches(''))) throw new Error('at least one matcher must not match the empty string');
    if (input.endsAt < startsAt) throw new Error('end time must not be before start time');
    if (input.endsAt < now) throw new Error("end time can't be in the past");
    if (input.createdBy === '') throw new Error('creator information missing');
    if (input.comment === '') throw new Error('comment missing');
    const id = crypto.randomUUID();
    const s: Silence = { id, matchers: [...input.matchers], startsAt, endsAt: input.endsAt, createdBy: input.createdBy, comment: input.comment, updatedAt: now };
    this.items.set(id, { s, compiled });
    return id;
  }

  /** expire ends a silence now (a pending one never starts). */
  expire(id: string): void {
    const item = this.items.get(id);
    if (!item) throw new Error(`silence ${id} not found`);
    const now = this.now();
    if (silenceState(item.s, now) === 'expired') throw new Error('silence already expired');
    const startsAt = Math.min(item.s.startsAt, now);
    item.s = { ...item.s, startsAt, endsAt: now, updatedAt: now };
  }

  /** list returns all silences, newest first. */
  list(): Silence[] {
    return [...this.items.values()].map((i) => i.s).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** mutedBy returns the ids of active silences that match the label set. */
  mutedBy(labels: Labels): string[] {
    const now = this.now();
    const out: string[] = [];
    for (const { s, compiled } of this.items.values()) {
      if (silenceState(s, now) !== 'active') continue;
      if (compiled.every((m) => m.matches(labelsGet(labels, m.name)))) out.push(s.id);
    }
    return out;
  }

  /** load replaces the stored silences with persisted ones (untrusted JSON), dropping malformed entries. */
  load(saved: readonly Silence[]): void {
    this.items.clear();
    for (const s of saved) {
      if (!isSilence(s)) continue;
      try {
        this.items.set(s.id, { s, compiled: s.matchers.map(compileMatcher) });
      } catch {
        continue;
      }
    }
  }
}
