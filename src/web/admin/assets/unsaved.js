// @ts-check
// Unsaved changes: warn before leaving; a save that kept every edit clears the warning.

/**
 * @typedef {object} Unsaved
 * @property {() => boolean} dirty
 * @property {() => number} edits How many edits so far: a save that sent them passes this back to `saved`.
 * @property {(edits: number) => void} saved
 */

/**
 * @param {HTMLFormElement} form
 * @returns {Unsaved}
 */
export const trackUnsaved = (form) => {
  let edits = 0;
  let savedEdits = 0;
  const dirty = () => edits !== savedEdits;
  form.addEventListener('input', () => {
    edits++;
  });
  window.addEventListener('beforeunload', (event) => {
    if (!dirty()) return;
    event.preventDefault();
    event.returnValue = '';
  });
  return {
    dirty,
    edits: () => edits,
    saved: (sent) => {
      savedEdits = sent;
    },
  };
};
