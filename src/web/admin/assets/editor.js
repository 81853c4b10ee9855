// @ts-check
// What every editor module shares: the form, its CSRF token, and the article's id, which a new
// article's first autosave sets.
import { required } from './dom.js';

/**
 * @typedef {object} Editor
 * @property {HTMLFormElement} form
 * @property {string} csrf
 * @property {() => string} articleId The article's id: '' until a new article's first autosave makes it a draft.
 * @property {(id: string) => void} setArticleId
 * @property {() => string} base The article's admin URL, or /admin/articles for a new one.
 * @property {(url: string, data?: FormData, init?: RequestInit) => Promise<Response>} post
 *   Posts the editor's fields (or `data`) with the session's CSRF token, as every state-changing request must.
 */

/**
 * @param {HTMLFormElement} form
 * @returns {Editor}
 */
export const editorOf = (form) => {
  const csrf = required(form, 'input[name="_csrf"]', HTMLInputElement).value;
  let articleId = form.dataset.article ?? '';
  return {
    form,
    csrf,
    articleId: () => articleId,
    setArticleId: (id) => {
      articleId = id;
    },
    base: () => (articleId ? `/admin/articles/${articleId}` : '/admin/articles'),
    post: (url, data = new FormData(form), init = {}) =>
      fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'x-csrf-token': csrf },
        // URLSearchParams takes FormData (its lib type does not say so): the editor's forms upload no file.
        body: new URLSearchParams(/** @type {string[][]} */ (/** @type {unknown} */ (data))),
        ...init,
      }),
  };
};
