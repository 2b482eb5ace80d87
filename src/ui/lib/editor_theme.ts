/**
 * The PromQL editor's colours from the theme tokens (`--code-*`, `--bg-input`, `--fg`, ... in app.css), so the same
 * CodeMirror extensions look right in light and dark without rebuilding the editor when the theme changes.
 */
import { EditorView } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';
import type { Extension } from '@codemirror/state';

const highlight = HighlightStyle.define([
  { tag: t.comment, color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [t.string, t.special(t.string)], color: 'var(--code-string)' },
  { tag: t.number, color: 'var(--code-number)' },
  { tag: [t.function(t.variableName), t.function(t.name)], color: 'var(--code-function)' },
  { tag: [t.operatorKeyword, t.keyword, t.modifier, t.logicOperator], color: 'var(--code-keyword)' },
  { tag: t.labelName, color: 'var(--code-label)' },
  { tag: [t.operator, t.arithmeticOperator, t.compareOperator], color: 'var(--code-operator)' },
  { tag: t.invalid, color: 'var(--danger-text)', textDecoration: 'underline wavy' },
]);

/** editorTheme is the editor's look (text, cursor, selection, completion list) plus syntax colours, from tokens. */
export const editorTheme: Extension = [
  syntaxHighlighting(highlight),
  EditorView.theme({
    '&': { color: 'var(--fg)', backgroundColor: 'var(--bg-input)' },
    '.cm-content': { caretColor: 'var(--fg-strong)' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg-strong)' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--accent-subtle)' },
    '.cm-placeholder': { color: 'var(--fg-muted)' },
    '.cm-matchingBracket': { backgroundColor: 'var(--bg-active)', outline: 'none' },
    '.cm-tooltip': { backgroundColor: 'var(--bg-elevated)', color: 'var(--fg)', border: '1px solid var(--border-strong)', boxShadow: 'var(--shadow)' },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent-subtle)', color: 'var(--fg-strong)' },
    '.cm-completionDetail': { color: 'var(--fg-muted)' },
    '.cm-completionInfo': { backgroundColor: 'var(--bg-elevated)', color: 'var(--fg)', border: '1px solid var(--border-strong)' },
    '.cm-diagnostic-error': { borderLeftColor: 'var(--danger-text)' },
  }),
];
