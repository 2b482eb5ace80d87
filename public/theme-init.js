// Applies the stored colour theme before the first paint (see src/ui/lib/theme.svelte.ts, which takes over after).
// A file, not an inline script, because the Content-Security-Policy allows scripts from 'self' only.
(function () {
  var mode = null;
  try {
    mode = localStorage.getItem('promtab.theme');
  } catch (e) {
    mode = null;
  }
  if (mode !== 'light' && mode !== 'dark') {
    mode = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  document.documentElement.setAttribute('data-theme', mode);
})();
