/**
 * The dashboard settings' UI state: a draft of the dashboard that the sections (General, Variables, Links,
 * JSON Model) edit, its problems, and Save / Discard. The page keeps one instance while the draft has unsaved
 * changes, so closing the settings loses nothing.
 */
import {
  allVariableIssues,
  changeType,
  duplicateVariable,
  exportGrafana,
  exportPromtab,
  moveVariable,
  newLink,
  newVariable,
  nowDelayError,
  readDashboardText,
  refreshIntervalsError,
  removeVariable,
  timePicker,
  type Dashboard,
  type DashboardLink,
  type TimePicker,
  type Variable,
  type VariableIssue,
  type VariableType,
} from '../../../../dashboards';

/** SettingsSection is one page of the settings, in Grafana's order. */
export type SettingsSection = 'general' | 'variables' | 'links' | 'json';

/** SECTIONS names the settings pages for the section tabs. */
export const SECTIONS: readonly { id: SettingsSection; label: string }[] = [
  { id: 'general', label: 'General' },
  { id: 'variables', label: 'Variables' },
  { id: 'links', label: 'Links' },
  { id: 'json', label: 'JSON Model' },
];

/** JsonFormat is the JSON Model's format: Grafana's dashboard JSON or Promtab's own file. */
export type JsonFormat = 'grafana' | 'promtab';

const copy = (d: Dashboard): Dashboard => $state.snapshot(d) as unknown as Dashboard;

/** DashboardSettings holds the draft being edited and what the settings sections show. */
export class DashboardSettings {
  /** saved is the dashboard as last saved (Discard returns to it). */
  saved = $state<Dashboard>() as Dashboard;
  /** draft is the dashboard being edited. */
  draft = $state<Dashboard>() as Dashboard;
  section = $state<SettingsSection>('general');
  /** editingVariable is the index of the variable whose form is open, or null for the list. */
  editingVariable = $state<number | null>(null);
  /** editingLink is the index of the link whose form is open, or null for the list. */
  editingLink = $state<number | null>(null);
  jsonFormat = $state<JsonFormat>('grafana');
  jsonText = $state('');
  jsonError = $state('');
  jsonWarnings = $state<string[]>([]);

  constructor(dash: Dashboard) {
    this.saved = copy(dash);
    this.draft = copy(dash);
  }

  /** dirty says whether the draft differs from the saved dashboard. */
  get dirty(): boolean {
    return JSON.stringify(this.draft) !== JSON.stringify(this.saved);
  }

  /** time is the draft's time options (Grafana's defaults until edited). */
  get time(): TimePicker {
    return timePicker(this.draft);
  }

  /** setTime changes some time options of the draft. */
  setTime(patch: Partial<TimePicker>): void {
    this.draft.timepicker = { ...this.time, ...patch };
  }

  /** generalErrors lists the problems of the General page, by field. */
  get generalErrors(): { refreshIntervals: string; nowDelay: string; title: string } {
    return {
      title: this.draft.title.trim() === '' ? 'A title is required.' : '',
      refreshIntervals: refreshIntervalsError(this.time.refreshIntervals),
      nowDelay: nowDelayError(this.time.nowDelay),
    };
  }

  /** variableIssues maps each variable index with problems to them. */
  get variableIssues(): Map<number, VariableIssue[]> {
    return allVariableIssues(this.draft.variables);
  }

  /** problems counts what keeps Save from running (shown beside the button). */
  get problems(): string[] {
    const out = Object.values(this.generalErrors).filter(Boolean);
    for (const [i, issues] of this.variableIssues) out.push(`$${this.draft.variables[i].name || '(no name)'}: ${issues[0].message}`);
    return out;
  }

  /** addVariable appends a new query variable and opens its form. */
  addVariable(type: VariableType = 'query'): void {
    this.draft.variables = [...this.draft.variables, newVariable(type, this.draft.variables.map((v) => v.name))];
    this.editingVariable = this.draft.variables.length - 1;
  }

  /** updateVariable replaces the variable at index i. */
  updateVariable(i: number, v: Variable): void {
    this.draft.variables = this.draft.variables.map((x, j) => (j === i ? v : x));
  }

  /** setVariableType gives the variable at index i another type. */
  setVariableType(i: number, type: VariableType): void {
    this.updateVariable(i, changeType(this.draft.variables[i], type));
  }

  duplicateVariable(i: number): void {
    this.draft.variables = duplicateVariable($state.snapshot(this.draft.variables) as Variable[], i);
  }

  moveVariable(i: number, by: number): void {
    this.draft.variables = moveVariable(this.draft.variables, i, i + by);
  }

  removeVariable(i: number): void {
    this.draft.variables = removeVariable(this.draft.variables, i);
    this.editingVariable = null;
  }

  addLink(): void {
    this.draft.links = [...(this.draft.links ?? []), newLink()];
    this.editingLink = this.draft.links.length - 1;
  }

  /** updateLink changes some fields of the link at index i; a type change clears the other type's fields, as Grafana does. */
  updateLink(i: number, patch: Partial<DashboardLink>): void {
    this.draft.links = (this.draft.links ?? []).map((l, j) => {
      if (j !== i) return l;
      const next = { ...l, ...patch };
      if (patch.type === 'dashboards' && l.type !== 'dashboards') Object.assign(next, { url: '', tooltip: '' });
      if (patch.type === 'link' && l.type !== 'link') next.tags = [];
      return next;
    });
  }

  moveLink(i: number, by: number): void {
    const list = [...(this.draft.links ?? [])];
    const to = i + by;
    if (to < 0 || to >= list.length) return;
    [list[i], list[to]] = [list[to], list[i]];
    this.draft.links = list;
  }

  duplicateLink(i: number): void {
    const list = this.draft.links ?? [];
    this.draft.links = [...list, $state.snapshot(list[i]) as DashboardLink];
  }

  removeLink(i: number): void {
    this.draft.links = (this.draft.links ?? []).filter((_, j) => j !== i);
    this.editingLink = null;
  }

  /** loadJson fills the JSON Model's text from the draft in the chosen format. */
  loadJson(format: JsonFormat = this.jsonFormat): void {
    this.jsonFormat = format;
    const d = copy(this.draft);
    this.jsonText = format === 'promtab' ? exportPromtab(d) : JSON.stringify(exportGrafana(d), null, 2);
    this.jsonError = '';
    this.jsonWarnings = [];
  }

  /**
   * applyJson reads the JSON Model's text with the import's checks and makes it the draft. The uid stays the
   * dashboard's own (a different uid would be another dashboard: import it instead). On an error nothing changes.
   */
  applyJson(): boolean {
    try {
      const { dashboard, warnings } = readDashboardText(this.jsonText);
      if (dashboard.uid !== this.draft.uid) warnings.push(`uid ${JSON.stringify(dashboard.uid)} ignored: the settings keep this dashboard's uid ${JSON.stringify(this.draft.uid)}`);
      this.draft = { ...dashboard, uid: this.draft.uid };
      this.jsonError = '';
      this.jsonWarnings = warnings;
      return true;
    } catch (e) {
      this.jsonError = (e as Error).message;
      return false;
    }
  }

  /** discard returns the draft to the saved dashboard. */
  discard(): void {
    this.draft = copy(this.saved);
    this.editingVariable = null;
    this.editingLink = null;
    if (this.section === 'json') this.loadJson();
  }

  /** commit marks the draft as saved and returns a plain copy for the page to store. */
  commit(): Dashboard {
    this.saved = copy(this.draft);
    return copy(this.draft);
  }
}
