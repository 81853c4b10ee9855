// Progressive enhancement only: every admin form works without this file.
// Warns before leaving the article editor with unsaved changes.
(() => {
  const form = document.querySelector('form[data-editor]');
  if (!form) return;
  let dirty = false;
  form.addEventListener('input', () => {
    dirty = true;
  });
  form.addEventListener('submit', () => {
    dirty = false;
  });
  window.addEventListener('beforeunload', (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = '';
  });
})();
