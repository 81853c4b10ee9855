// @ts-check
// Company picker: the pin/block form's field searches the directory as it is typed (an ARIA 1.2
// combobox over a listbox). A picked company is sent by id, so a name several companies share is
// never a guess, and in the background, so the unsaved text stays. Without this script the field
// takes a name or slug and the form posts as usual.
import { postInBackground } from './companies.js';
import { debounce, el, required } from './dom.js';

/** @typedef {{ id: number, name: string, slug: string }} DirectoryCompany */

/**
 * @param {import('./editor.js').Editor} editor
 * @param {HTMLFormElement} picker
 * @param {import('./companies.js').LiveCompanies} companies
 */
export const addCompanyPicker = (editor, picker, companies) => {
  const input = required(picker, '#add-company', HTMLInputElement);
  const choice = required(picker, 'select[name="choice"]', HTMLSelectElement);
  // Disabled (so not sent) until a company is picked: a typed name goes by name.
  const picked = el('input', { type: 'hidden', name: 'companyId', value: '' });
  picked.disabled = true;
  const list = el('ul', { role: 'listbox', id: 'add-company-options', class: 'picker-options', 'aria-label': 'Directory companies' });
  list.hidden = true;
  const found = el('p', { class: 'sr-only', 'aria-live': 'polite', id: 'add-company-status' });
  input.after(list);
  // Outside the panel, whose own live region says what was pinned or blocked.
  document.body.append(found);
  picker.append(picked);
  for (const [k, v] of Object.entries({ role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': list.id })) input.setAttribute(k, v);
  /** @type {HTMLLIElement[]} */
  let options = [];
  let active = -1;
  /** @param {boolean} open */
  const show = (open) => {
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    if (!open) input.removeAttribute('aria-activedescendant');
  };
  /** @param {number} i */
  const highlight = (i) => {
    active = i;
    for (const [j, o] of options.entries()) o.setAttribute('aria-selected', String(j === i));
    const option = options[i];
    if (!option) return input.removeAttribute('aria-activedescendant');
    input.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView({ block: 'nearest' });
  };
  /** @param {HTMLElement} option */
  const pick = (option) => {
    input.value = option.dataset.name ?? '';
    picked.value = option.dataset.id ?? '';
    picked.disabled = false;
    show(false);
  };
  let asked = 0;
  const search = debounce(async () => {
    const ticket = ++asked;
    const q = input.value.trim();
    if (!q) return show(false);
    const res = await fetch(`/admin/companies/lookup?q=${encodeURIComponent(q)}`, { credentials: 'same-origin', headers: { accept: 'application/json' } }).catch(() => undefined);
    // CASE: a company was picked while this answer was on its way (typing slower than the
    // debounce sends a shorter query first, whose list the person chose from): the pick stands.
    if (!res?.ok || ticket !== asked || !picked.disabled) return;
    const rows = /** @type {{ companies: DirectoryCompany[] }} */ (await res.json()).companies;
    const highlighted = options[active]?.dataset.id;
    options = rows.map((c, i) => el('li', { role: 'option', id: `add-company-option-${i}`, 'aria-selected': 'false', 'data-id': String(c.id), 'data-name': c.name }, c.name, ' ', el('span', { class: 'slug' }, c.slug)));
    list.replaceChildren(...options);
    // CASE: the arrow keys chose from the previous answer: the same company stays chosen, so Enter
    // picks it instead of posting the typed letters as a name.
    highlight(options.findIndex((o) => o.dataset.id === highlighted));
    list.dataset.answered = q;
    found.textContent = rows.length ? `${rows.length} compan${rows.length === 1 ? 'y' : 'ies'} found; use the arrow keys to choose.` : 'No company in the directory matches.';
    show(rows.length > 0);
  }, 150);
  input.addEventListener('input', () => {
    picked.disabled = true;
    search();
  });
  input.addEventListener('keydown', (event) => {
    const open = !list.hidden;
    const current = options[active];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!options.length) return;
      show(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      highlight(open ? (active + step + options.length) % options.length : step > 0 ? 0 : options.length - 1);
    } else if (event.key === 'Enter' && open && current) {
      event.preventDefault();
      pick(current);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      show(false);
    }
  });
  input.addEventListener('blur', () => show(false));
  // Keeps the focus in the field while an option is clicked.
  list.addEventListener('mousedown', (event) => event.preventDefault());
  list.addEventListener('click', (event) => {
    const option = event.target instanceof Element ? event.target.closest('[role="option"]') : null;
    if (option instanceof HTMLElement) pick(option);
  });
  picker.addEventListener('submit', async (event) => {
    if (picked.disabled) return;
    event.preventDefault();
    const name = input.value;
    if (!(await postInBackground(editor, picker))) return;
    await companies.refresh();
    companies.say(`${choice.value === 'blocked' ? 'Blocked' : 'Pinned'} ${name}.`);
    input.value = '';
    picked.disabled = true;
    input.focus();
  });
};
