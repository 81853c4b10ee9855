// @ts-check
// Companies: what the tagger finds in the text as it is typed; Pin/Block/Undo post the panel's own
// forms in the background so the unsaved text stays.
import { debounce, el, required } from './dom.js';

/** @typedef {'auto' | 'pinned' | 'blocked'} Origin */
/** @typedef {{ id: number, name: string, slug: string, origin: Origin, mentions: number }} FoundCompany */
/** @typedef {'pinned' | 'blocked' | 'clear'} Choice */

/**
 * @typedef {object} LiveCompanies
 * @property {() => Promise<boolean>} refresh Asks the server what the tagger finds now and shows it.
 * @property {(text: string) => void} say Tells screen readers (and everyone) what a change did.
 */

/** @type {Record<Origin, string>} */
const ORIGIN = { auto: 'found by the tagger', pinned: 'pinned', blocked: 'blocked' };

/**
 * Posts a form in the background; when that fails, posts it as usual (the page reloads).
 * @param {import('./editor.js').Editor} editor
 * @param {HTMLFormElement} target
 * @returns {Promise<boolean>} whether the background post went through
 */
export const postInBackground = async (editor, target) => {
  const res = await editor.post(target.action, new FormData(target), { redirect: 'manual' }).catch(() => undefined);
  if (res && (res.type === 'opaqueredirect' || res.ok)) return true;
  target.submit();
  return false;
};

/**
 * @param {import('./editor.js').Editor} editor
 * @param {HTMLElement} companies
 * @returns {LiveCompanies}
 */
export const addLiveCompanies = (editor, companies) => {
  const note = el('p', { class: 'hint', 'aria-live': 'polite' });
  /**
   * @param {FoundCompany} company
   * @param {Choice} choice
   * @param {string} label
   */
  const choiceForm = (company, choice, label) =>
    el(
      'form',
      { method: 'post', action: `${editor.base()}/companies`, class: 'inline' },
      el('input', { type: 'hidden', name: '_csrf', value: editor.csrf }),
      el('input', { type: 'hidden', name: 'companyId', value: String(company.id) }),
      el('input', { type: 'hidden', name: 'choice', value: choice }),
      el('button', { type: 'submit', class: 'secondary', 'aria-label': `${label} ${company.name}` }, label),
    );
  /** @param {FoundCompany[]} list */
  const render = (list) => {
    const holder = required(document, '#companies-found', HTMLElement);
    if (!list.length) return holder.replaceChildren(el('p', {}, 'The tagger found no directory company in this article.'));
    const canChange = editor.articleId() !== '';
    const heads = ['Company', 'Tag', 'Mentions', ...(canChange ? ['Change'] : [])].map((h) => el('th', { scope: 'col' }, h));
    const rows = list.map((c) => {
      const cells = [el('td', {}, el('a', { href: `/companies/${c.slug}` }, c.name)), el('td', {}, ORIGIN[c.origin]), el('td', {}, String(c.mentions))];
      if (canChange) {
        const change = el('td');
        if (c.origin !== 'pinned') change.append(choiceForm(c, 'pinned', 'Pin'));
        if (c.origin !== 'blocked') change.append(choiceForm(c, 'blocked', 'Block'));
        if (c.origin !== 'auto') change.append(choiceForm(c, 'clear', 'Undo'));
        cells.push(change);
      }
      return el('tr', { 'data-company': String(c.id) }, ...cells);
    });
    holder.replaceChildren(el('table', {}, el('thead', {}, el('tr', {}, ...heads)), el('tbody', {}, ...rows)));
  };
  let finding = 0;
  const refresh = async () => {
    const ticket = ++finding;
    const res = await editor.post(`${editor.base()}/found-companies`).catch(() => undefined);
    if (!res?.ok || ticket !== finding) return false;
    render(/** @type {{ companies: FoundCompany[] }} */ (await res.json()).companies);
    companies.dataset.updated = String(ticket);
    return true;
  };
  const refreshSoon = debounce(refresh, 500);
  companies.append(note);
  for (const field of ['headline', 'standfirst', 'body']) required(editor.form, `#${field}`, HTMLElement).addEventListener('input', refreshSoon);
  companies.addEventListener('submit', async (event) => {
    const target = /** @type {HTMLFormElement} */ (event.target);
    const choice = target.querySelector('input[name="choice"]');
    if (!(choice instanceof HTMLInputElement)) return; // Adding a company by name is an ordinary form post.
    event.preventDefault();
    const companyId = required(target, 'input[name="companyId"]', HTMLInputElement).value;
    const name = (required(target, 'button', HTMLButtonElement).getAttribute('aria-label') ?? '').replace(/^\S+ /, '');
    if (!(await postInBackground(editor, target))) return;
    await refresh();
    /** @type {Record<string, string>} */
    const said = { pinned: `Pinned ${name}.`, blocked: `Blocked ${name}.`, clear: `${name} is back to the tagger's choice.` };
    note.textContent = said[choice.value] ?? '';
    /** @type {HTMLButtonElement | null} */ (companies.querySelector(`tr[data-company="${companyId}"] button`))?.focus();
  });
  return {
    refresh,
    say: (text) => {
      note.textContent = text;
    },
  };
};
