/** MenuItem is one entry of a Menu: an action named by its label, or a separator line. */
export type MenuItem =
  | { label: string; onSelect: () => void; shortcut?: string; disabled?: boolean; danger?: boolean }
  | { separator: true };

/** Option is one choice of a Select, MultiSelect or Combobox. */
export interface Option {
  value: string;
  label: string;
}

/** TabItem is one tab of Tabs. */
export interface TabItem {
  id: string;
  label: string;
}
