import { describe, expect, it } from 'vitest';
import { Notifier, type Notification } from '../../../src/rules/notifier';
import { matchersForAlert, silenceState } from '../../../src/rules/silences';
import type { NotifierAlert } from '../../../src/rules/types';
import { FakeClock } from './fakes';

const S = 1000;
const M = 60 * S;

function alert(name: string, instance: string, startsAt: number, endsAt: number): NotifierAlert {
  return { labels: { alertname: name, instance }, annotations: {}, startsAt, endsAt, generatorURL: '' };
}

function setup(extra: Partial<ConstructorParameters<typeof Notifier>[0]> = {}) {
  const clock = new FakeClock(0);
  const sent: (Notification & { at: number })[] = [];
  const n = new Notifier({
    clock,
    onNotify: (x) => sent.push({ ...x, at: clock.now() }),
    groupWait: 30 * S,
    groupInterval: 5 * M,
    repeatInterval: 60 * M,
    ...extra,
  });
  const summary = () => sent.map((x) => `${x.at / S}s ${x.groupKey} ${x.status} ${x.alerts.map((a) => `${a.labels.instance}:${a.status}`).join(',')}`);
  return { clock, n, sent, summary };
}

describe('Notifier grouping and timers', () => {
  it('waits group_wait, batches by group_by, then notifies changes at group_interval and repeats', async () => {
    const { clock, n, summary } = setup();
    n.push([alert('A', 'h1', 0, 100 * M)]);
    await clock.advance(10 * S);
    n.push([alert('A', 'h2', 10 * S, 100 * M), alert('B', 'h1', 10 * S, 100 * M)]);
    await clock.advance(30 * S);
    expect(summary()).toEqual([
      '30s {}:{alertname="A"} firing h1:firing,h2:firing',
      '40s {}:{alertname="B"} firing h1:firing',
    ]);
    await clock.advance(2 * M);
    n.push([alert('A', 'h3', 2 * M, 10 * M)]);
    await clock.advance(3 * M);
    expect(summary().slice(2)).toEqual(['330s {}:{alertname="A"} firing h1:firing,h2:firing,h3:firing']);
  });

  it('sends resolved notifications and forgets resolved alerts', async () => {
    const { clock, n, summary } = setup();
    n.push([alert('A', 'h1', 0, 100 * M)]);
    await clock.advance(31 * S);
    n.push([alert('A', 'h1', 0, 60 * S)]);
    await clock.advance(5 * M);
    expect(summary()).toEqual(['30s {}:{alertname="A"} firing h1:firing', '330s {}:{alertname="A"} resolved h1:resolved']);
    expect(n.alerts()).toEqual([]);
  });

  it('repeats an unchanged firing group after repeat_interval only', async () => {
    const { clock, n, sent } = setup();
    n.push([alert('A', 'h1', 0, 1000 * M)]);
    await clock.advance(61 * M);
    expect(sent.map((x) => x.at / S)).toEqual([30, 30 + 12 * 300]);
  });

  it('flushes at once when the alert is older than group_wait', async () => {
    const { clock, n, sent } = setup();
    clock.t = 10 * M;
    n.push([alert('A', 'h1', 0, 100 * M)]);
    await clock.advance(0);
    expect(sent.map((x) => x.at)).toEqual([10 * M]);
  });

  it('groups by all labels with "..."', async () => {
    const { clock, n, sent } = setup({ groupBy: ['...'] });
    n.push([alert('A', 'h1', 0, 10 * M), alert('A', 'h2', 0, 10 * M)]);
    await clock.advance(30 * S);
    expect(sent.map((x) => x.groupKey)).toEqual(['{}:{alertname="A", instance="h1"}', '{}:{alertname="A", instance="h2"}']);
  });
});

describe('silences', () => {
  it('mute matching alerts while active, and expire', async () => {
    const { clock, n, summary } = setup();
    const id = n.silences.create({
      matchers: [{ type: '=~', name: 'instance', value: 'h[12]' }],
      endsAt: 20 * M,
      createdBy: 'me',
      comment: 'maintenance',
    });
    n.push([alert('A', 'h1', 0, 100 * M), alert('A', 'h3', 0, 100 * M)]);
    await clock.advance(30 * S);
    expect(summary()).toEqual(['30s {}:{alertname="A"} firing h3:firing']);
    expect(n.alerts().map((a) => [a.alert.labels.instance, a.state, a.silencedBy])).toEqual([
      ['h1', 'suppressed', [id]],
      ['h3', 'active', []],
    ]);
    n.silences.expire(id);
    expect(silenceState(n.silences.list()[0], clock.now())).toBe('expired');
    await clock.advance(5 * M);
    expect(summary().slice(1)).toEqual(['330s {}:{alertname="A"} firing h1:firing,h3:firing']);
  });

  it('can be created from an alert and start later', () => {
    const { clock, n } = setup();
    const id = n.silences.create({
      matchers: matchersForAlert({ instance: 'h1', alertname: 'A' }),
      startsAt: 5 * M,
      endsAt: 10 * M,
      createdBy: 'me',
      comment: 'later',
    });
    const s = n.silences.list()[0];
    expect(s.matchers).toEqual([
      { type: '=', name: 'alertname', value: 'A' },
      { type: '=', name: 'instance', value: 'h1' },
    ]);
    expect(silenceState(s, clock.now())).toBe('pending');
    expect(n.silences.mutedBy(['alertname', 'A', 'instance', 'h1'])).toEqual([]);
    clock.t = 6 * M;
    expect(n.silences.mutedBy(['alertname', 'A', 'instance', 'h1'])).toEqual([id]);
    expect(n.silences.mutedBy(['alertname', 'A', 'instance', 'h2'])).toEqual([]);
  });

  it('round-trips through list() and load(), dropping malformed entries', () => {
    const { n } = setup();
    n.silences.create({ matchers: [{ type: '=', name: 'a', value: 'b' }], endsAt: 10 * M, createdBy: 'me', comment: 'c' });
    const saved = JSON.parse(JSON.stringify(n.silences.list()));
    const other = setup().n;
    other.silences.load([...saved, null, { id: 'x', matchers: 'nope' }, { ...saved[0], id: 'y', matchers: [{ type: '=~', name: 'a', value: '(' }] }]);
    expect(other.silences.list()).toEqual(saved);
    expect(other.silences.mutedBy(['a', 'b'])).toEqual([saved[0].id]);
  });

  it.each([
    [{ matchers: [] }, 'at least one matcher required'],
    [{ matchers: [{ type: '=~', name: 'a', value: '.*' }] }, 'at least one matcher must not match the empty string'],
    [{ startsAt: 5 * M, endsAt: 4 * M }, 'end time must not be before start time'],
    [{ startsAt: -5 * M, endsAt: -1 }, "end time can't be in the past"],
    [{ createdBy: '' }, 'creator information missing'],
    [{ comment: '' }, 'comment missing'],
  ] as const)('rejects %j', (over, msg) => {
    const { n } = setup();
    const base = { matchers: [{ type: '=' as const, name: 'a', value: 'b' }], endsAt: 10 * M, createdBy: 'me', comment: 'c' };
    expect(() => n.silences.create({ ...base, ...over })).toThrow(msg);
  });
});
