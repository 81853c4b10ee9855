// @ts-check
// Autosave: drafts (and new articles, which become drafts) are saved through the same editor rules
// as Save draft, a few seconds after typing stops. The server refuses to autosave a published or
// scheduled article (it would change what readers see) and says so.
import { debounce, el, required } from './dom.js';

/** @typedef {{ state: 'saved' | 'live' | string, message: string, id?: number, url?: string }} AutosaveReply */

/**
 * @param {import('./editor.js').Editor} editor
 * @param {import('./unsaved.js').Unsaved} unsaved
 */
export const addAutosave = (editor, unsaved) => {
  const { form } = editor;
  const status = el('p', { class: 'autosave-status', id: 'autosave-status', 'aria-live': 'polite' });
  required(form, '.actions', HTMLElement).after(status);
  let off = false;
  /** @type {Promise<void> | undefined} */
  let saving;
  const autosave = debounce(() => {
    if (off || saving || !unsaved.dirty()) return;
    const sent = unsaved.edits();
    saving = editor
      .post(`${editor.base()}/autosave`)
      .then((res) => (res.ok ? res.json() : Promise.reject(res.status)))
      .then((/** @type {AutosaveReply} */ reply) => {
        status.textContent = reply.message;
        if (reply.state === 'live') off = true;
        if (reply.state !== 'saved') return;
        unsaved.saved(sent);
        if (!editor.articleId() && reply.url) {
          editor.setArticleId(String(reply.id));
          form.action = reply.url;
          history.replaceState(null, '', reply.url);
        }
      })
      .catch(() => {
        status.textContent = 'Not saved: the server could not be reached. Use Save draft before leaving.';
      })
      .finally(() => {
        saving = undefined;
        if (unsaved.dirty()) autosave();
      });
  }, 5000);
  form.addEventListener('input', autosave);
  form.addEventListener('submit', (event) => {
    autosave.cancel();
    const toPreview = event.submitter?.getAttribute('formaction') === '/admin/preview';
    // CASE: a new article's first autosave is still on its way; posting to /new now would make a second article.
    if (saving && !toPreview) {
      event.preventDefault();
      const submitter = event.submitter;
      saving.finally(() => form.requestSubmit(submitter));
      return;
    }
    if (!toPreview) unsaved.saved(unsaved.edits());
  });
};
