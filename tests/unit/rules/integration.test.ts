import { describe, expect, it } from 'vitest';
import { Notifier, type Notification } from '../../../src/rules/notifier';
import { RuleManager } from '../../../src/rules/manager';
import { parseRuleFile } from '../../../src/rules/rulefmt';
import { FakeClock, RecordingAppendable, ScriptedQuery } from './fakes';

const YAML = `groups:
  - name: node
    interval: 15s
    rules:
      - alert: TargetDown
        expr: up == 0
        for: 30s
        annotations:
          summary: "{{ $labels.instance }} of job {{ $labels.job }} is down"
`;

describe('rule manager → notifier', () => {
  it('fires after for, notifies after group_wait, resolves, and stops cleanly', async () => {
    const clock = new FakeClock(1_700_000_000_000);
    const q = new ScriptedQuery();
    const sent: Notification[] = [];
    const notifier = new Notifier({ clock, onNotify: (n) => sent.push(n), groupWait: 10_000, groupInterval: 60_000 });
    const m = new RuleManager({
      query: q.fn,
      appendable: new RecordingAppendable(),
      clock,
      notify: (_expr, alerts) => notifier.push(alerts),
    });
    const { groups, errors } = parseRuleFile(YAML, { file: 'node.yml' });
    expect(errors).toEqual([]);
    await m.update(groups);
    m.start();
    q.set('up == 0', [{ labels: { __name__: 'up', instance: 'h1', job: 'node' }, value: 0 }]);
    await clock.advance(15_000 * 2 + 1);
    expect(m.alerts().alerts.map((a) => a.state)).toEqual(['pending']);
    await clock.advance(15_000 * 2);
    expect(m.alerts().alerts.map((a) => a.state)).toEqual(['firing']);
    await clock.advance(10_000);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      groupKey: '{}:{alertname="TargetDown"}',
      status: 'firing',
      alerts: [{ status: 'firing', annotations: { summary: 'h1 of job node is down' } }],
    });
    q.set('up == 0', []);
    await clock.advance(75_000);
    expect(sent.map((n) => n.status)).toEqual(['firing', 'resolved']);
    expect(m.alerts().alerts).toEqual([]);
    await m.stop();
    notifier.stop();
    expect(clock.pending()).toEqual([]);
  });
});
