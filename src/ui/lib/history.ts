/** The query history: the last expressions executed, newest first, kept in this browser's localStorage. */

const KEY = 'promtab-query-history';
const MAX = 50;

/** loadHistory reads the history (an empty list when absent or unreadable). */
export function loadHistory(store: Pick<Storage, 'getItem'> = localStorage): string[] {
  try {
    const v: unknown = JSON.parse(store.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

/** addToHistory puts expr first (once) and saves; returns the new list. */
export function addToHistory(expr: string, store: Pick<Storage, 'getItem' | 'setItem'> = localStorage): string[] {
  const e = expr.trim();
  if (e === '') return loadHistory(store);
  const list = [e, ...loadHistory(store).filter((x) => x !== e)].slice(0, MAX);
  try {
    store.setItem(KEY, JSON.stringify(list));
  } catch {
    /* storage full or disabled: the history is a convenience */
  }
  return list;
}
