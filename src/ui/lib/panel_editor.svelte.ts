/**
 * The panel editor's state: a draft of the panel being edited, the preview that follows it a moment after each
 * change, the options search, and the edits the editor's controls make (all through src/dashboards/panel_edit).
 * The editor components stay thin: they read the draft and call these methods.
 */
import {
  addOverride,
  addTarget,
  addThresholdStep,
  changePanelType,
  duplicateTarget,
  removeTarget,
  removeThresholdStep,
  setOverrideProperty,
  setQueryType,
  setThresholdValue,
  type FieldMatcher,
  type JsonValue,
  type MatcherType,
  type Panel,
  type PanelType,
  type QueryType,
  type Thresholds,
} from '../../dashboards';
import { fromControl, readField, toControl, writeField, type FieldOptionDef, type OptionValue, type PanelOptionDef } from './panel_options';

const PREVIEW_DELAY_MS = 300;

function clone(p: Panel): Panel {
  return JSON.parse(JSON.stringify(p)) as Panel;
}

/** PanelEditorState holds one editing session of one panel. */
export class PanelEditorState {
  /** draft is the panel as edited so far. */
  draft = $state<Panel>() as Panel;
  /** preview is the draft as the preview last drew it (it follows the draft after a short pause). */
  preview = $state<Panel>() as Panel;
  /** search filters the options pane. */
  search = $state('');
  /** seriesNames are the display names of the series the preview drew (offered by name matchers). */
  seriesNames = $state<string[]>([]);
  /** isNew is true for a panel that is not on the dashboard yet (Add panel). */
  readonly isNew: boolean;
  /** dirty says whether the draft differs from the panel as last saved. */
  dirty = $derived.by(() => JSON.stringify(this.draft) !== this.#savedState);
  #savedState = $state('');

  constructor(panel: Panel, isNew: boolean) {
    this.draft = clone(panel);
    this.preview = clone(panel);
    this.isNew = isNew;
    this.#savedState = JSON.stringify(this.draft);
  }

  /** previewLater redraws the preview after a pause; returns the cancel function (for an effect's cleanup). */
  previewLater(): () => void {
    const snap = clone(this.draft);
    const t = setTimeout(() => (this.preview = snap), PREVIEW_DELAY_MS);
    return () => clearTimeout(t);
  }

  /** previewNow redraws the preview at once (Shift+Enter in a query). */
  previewNow(): void {
    this.preview = clone(this.draft);
  }

  /** result is a plain copy of the draft, to save. */
  result(): Panel {
    return clone(this.draft);
  }

  /** markSaved records the draft as saved (dirty becomes false). */
  markSaved(): void {
    this.#savedState = JSON.stringify(this.draft);
  }

  /** setType switches the visualization. */
  setType(type: PanelType): void {
    changePanelType(this.draft, type);
  }

  /** addQuery adds a query row. */
  addQuery(): void {
    addTarget(this.draft);
  }

  /** duplicateQuery copies query row i below it. */
  duplicateQuery(i: number): void {
    duplicateTarget(this.draft, i);
  }

  /** removeQuery removes query row i. */
  removeQuery(i: number): void {
    removeTarget(this.draft, i);
  }

  /** toggleHide hides or shows query i's response. */
  toggleHide(i: number): void {
    const t = this.draft.targets[i];
    if (t) t.hide = !t.hide;
  }

  /** setQueryType makes query i a range, instant or both query. */
  setQueryType(i: number, type: QueryType): void {
    const t = this.draft.targets[i];
    if (t) setQueryType(t, type);
  }

  /** thresholds are the default thresholds (created on first use). */
  get thresholds(): Thresholds {
    return (this.draft.fieldConfig.defaults.thresholds ??= { mode: 'absolute', steps: [{ value: null, color: 'green' }] });
  }

  /** addThreshold adds a threshold step to t (the defaults' when absent). */
  addThreshold(t: Thresholds = this.thresholds): void {
    addThresholdStep(t);
  }

  /** removeThreshold removes step i of t. */
  removeThreshold(t: Thresholds, i: number): void {
    removeThresholdStep(t, i);
  }

  /** setThreshold sets step i of t to a value. */
  setThreshold(t: Thresholds, i: number, value: number): void {
    setThresholdValue(t, i, value);
  }

  /** fieldValue is a field option's control value in the defaults. */
  fieldValue(def: FieldOptionDef): OptionValue {
    return toControl(def, readField(this.draft.fieldConfig.defaults, def.id));
  }

  /** setField sets a field option in the defaults from its control value. */
  setField(def: FieldOptionDef, v: OptionValue): void {
    writeField(this.draft.fieldConfig.defaults, def.id, fromControl(def, v));
  }

  /** panelValue reads a panel option. */
  panelValue(def: PanelOptionDef): OptionValue {
    return def.get(this.draft);
  }

  /** setPanel sets a panel option. */
  setPanel(def: PanelOptionDef, v: OptionValue): void {
    def.set(this.draft, v);
  }

  /** addOverride adds a field override with a matcher of the given kind. */
  addOverride(type: MatcherType): void {
    addOverride(this.draft, type);
  }

  /** removeOverride removes override i. */
  removeOverride(i: number): void {
    this.draft.fieldConfig.overrides.splice(i, 1);
  }

  /** setMatcher replaces override i's matcher. */
  setMatcher(i: number, m: FieldMatcher): void {
    const o = this.draft.fieldConfig.overrides[i];
    if (o) o.matcher = m;
  }

  /** overrideValue is a property's control value in override i. */
  overrideValue(i: number, def: FieldOptionDef): OptionValue {
    const v = this.draft.fieldConfig.overrides[i]?.properties.find((p) => p.id === def.id)?.value;
    return toControl(def, v);
  }

  /** setOverride sets a property of override i from its control value (kept, as null, when emptied). */
  setOverride(i: number, def: FieldOptionDef, v: OptionValue): void {
    const o = this.draft.fieldConfig.overrides[i];
    if (o) setOverrideProperty(o, def.id, fromControl(def, v) ?? null);
  }

  /** addOverrideProperty adds a property to override i, empty (null: not applied) until it is given a value. */
  addOverrideProperty(i: number, id: string, value: JsonValue = null): void {
    const o = this.draft.fieldConfig.overrides[i];
    if (o && !o.properties.some((p) => p.id === id)) setOverrideProperty(o, id, value);
  }

  /** removeOverrideProperty removes a property from override i. */
  removeOverrideProperty(i: number, id: string): void {
    const o = this.draft.fieldConfig.overrides[i];
    if (o) setOverrideProperty(o, id, undefined);
  }

  /** addLink adds an empty panel link. */
  addLink(): void {
    (this.draft.links ??= []).push({ title: '', url: '', targetBlank: false });
  }

  /** removeLink removes panel link i. */
  removeLink(i: number): void {
    this.draft.links?.splice(i, 1);
    if (this.draft.links?.length === 0) delete this.draft.links;
  }

  /** setRepeat repeats the panel by a variable ('' stops repeating). */
  setRepeat(variable: string): void {
    if (!variable) delete this.draft.repeat;
    else this.draft.repeat = { direction: 'h', ...this.draft.repeat, variable };
  }
}
