/** saveFile saves text or byte pieces as a download through a temporary object URL. */
export function saveFile(name: string, type: string, parts: readonly (string | Uint8Array)[]): void {
  const url = URL.createObjectURL(new Blob(parts as BlobPart[], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** stamp is a file-name-safe timestamp such as 2026-11-24T17-40-00. */
export function stamp(d = new Date()): string {
  return d.toISOString().slice(0, 19).replace(/:/g, '-');
}
