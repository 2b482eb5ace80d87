import { describe, expect, it } from 'vitest';
import { exportPromtab, newDashboard, newVariable, type Dashboard } from '../../../src/dashboards';
import { DashboardSettings } from '../../../src/ui/components/dash/settings/settings.svelte';

const dash = (): Dashboard => ({ ...newDashboard('D', 'uid1'), variables: [{ ...newVariable('query'), name: 'job', query: 'label_values(job)' }] });

describe('dashboard settings state', () => {
  it('edits a draft: dirty until saved or discarded', () => {
    const s = new DashboardSettings(dash());
    expect(s.dirty).toBe(false);
    s.draft.title = 'E';
    s.setTime({ nowDelay: '1m' });
    expect(s.dirty).toBe(true);
    expect(s.draft.timepicker).toEqual({ hidden: false, refreshIntervals: ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'], nowDelay: '1m' });
    s.discard();
    expect(s.draft.title).toBe('D');
    expect(s.draft.timepicker).toBeUndefined();
    s.draft.title = 'F';
    expect(s.commit().title).toBe('F');
    expect(s.dirty).toBe(false);
  });

  it('lists what keeps Save from running', () => {
    const s = new DashboardSettings(dash());
    s.draft.title = ' ';
    s.setTime({ refreshIntervals: ['5s', 'x'] });
    s.addVariable();
    s.updateVariable(1, { ...s.draft.variables[1], name: 'job' });
    expect(s.problems).toEqual([
      'A title is required.',
      'Invalid refresh interval: "x" is not a duration such as 30s, 5m or 1h',
      '$job: A variable named "job" already exists.',
      '$job: A variable named "job" already exists.',
    ]);
    expect(s.editingVariable).toBe(1);
  });

  it('duplicates, moves and removes variables and links', () => {
    const s = new DashboardSettings(dash());
    s.duplicateVariable(0);
    s.moveVariable(1, -1);
    expect(s.draft.variables.map((v) => v.name)).toEqual(['copy_of_job', 'job']);
    s.removeVariable(0);
    expect(s.draft.variables.map((v) => v.name)).toEqual(['job']);
    s.addLink();
    s.updateLink(0, { title: 'A', url: 'https://a', tooltip: 't' });
    s.updateLink(0, { type: 'dashboards', tags: ['x'] });
    expect(s.draft.links![0]).toMatchObject({ type: 'dashboards', url: '', tooltip: '', tags: ['x'] });
    s.updateLink(0, { type: 'link' });
    expect(s.draft.links![0].tags).toEqual([]);
    s.duplicateLink(0);
    s.updateLink(1, { title: 'B' });
    s.moveLink(1, -1);
    expect(s.draft.links!.map((l) => l.title)).toEqual(['B', 'A']);
    s.removeLink(0);
    expect(s.draft.links!.map((l) => l.title)).toEqual(['A']);
  });

  it('applies the JSON Model with the import checks, keeping the uid; an error changes nothing', () => {
    const s = new DashboardSettings(dash());
    s.loadJson('promtab');
    expect(JSON.parse(s.jsonText).dashboard.uid).toBe('uid1');
    s.jsonText = exportPromtab({ ...dash(), uid: 'other', title: 'From JSON' });
    expect(s.applyJson()).toBe(true);
    expect(s.draft).toMatchObject({ uid: 'uid1', title: 'From JSON' });
    expect(s.jsonWarnings).toEqual(['uid "other" ignored: the settings keep this dashboard\'s uid "uid1"']);
    s.jsonText = '{';
    expect(s.applyJson()).toBe(false);
    expect(s.jsonError).toMatch(/^not valid JSON/);
    expect(s.draft.title).toBe('From JSON');
    s.loadJson('grafana');
    expect(JSON.parse(s.jsonText)).toMatchObject({ uid: 'uid1', title: 'From JSON', templating: { list: [{ name: 'job' }] } });
  });
});
