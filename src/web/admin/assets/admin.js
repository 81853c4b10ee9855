// Progressive enhancement only: every admin form works without this file.
// On the article editor it adds: the unsaved-changes warning, a Markdown toolbar, a live preview,
// the tagger's companies as the text is typed, and autosave of drafts.
(() => {
  const form = document.querySelector('form[data-editor]');
  if (!form) return;
  const csrf = form.querySelector('input[name="_csrf"]').value;
  const body = form.querySelector('#body');
  /** The article's id: '' until a new article's first autosave makes it a draft. */
  let articleId = form.dataset.article;
  const base = () => (articleId ? `/admin/articles/${articleId}` : '/admin/articles');

  const debounce = (fn, ms) => {
    let timer;
    const run = () => {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
    run.cancel = () => clearTimeout(timer);
    return run;
  };
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    node.append(...children);
    return node;
  };
  /** Posts the editor's fields (with the session's CSRF token, as every state-changing request must). */
  const postForm = (url, data = new FormData(form), init = {}) =>
    fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': csrf }, body: new URLSearchParams(data), ...init });

  // ---- Unsaved changes: warn before leaving; an autosave that kept every edit clears the warning.
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

  // ---- Markdown toolbar: acts on the Body's selection; Tab reaches it once, arrow keys move inside.
  /** Replaces text in the Body keeping the browser's undo history where it can, then selects [from, to). */
  const replace = (start, end, text, from, to) => {
    body.focus();
    body.setSelectionRange(start, end);
    if (!document.execCommand('insertText', false, text)) {
      body.setRangeText(text, start, end, 'end');
      body.dispatchEvent(new Event('input', { bubbles: true }));
    }
    body.setSelectionRange(from, to);
  };
  const wrap = (before, after, placeholder) => {
    const { selectionStart: s, selectionEnd: e, value } = body;
    const text = value.slice(s, e) || placeholder;
    replace(s, e, before + text + after, s + before.length, s + before.length + text.length);
  };
  /** Prefixes every line the selection touches (or removes the prefix when all have it). */
  const prefixLines = (prefixOf, present) => {
    const { value } = body;
    const s = value.lastIndexOf('\n', body.selectionStart - 1) + 1;
    const last = body.selectionEnd > body.selectionStart && value[body.selectionEnd - 1] === '\n' ? body.selectionEnd - 1 : body.selectionEnd;
    const e = value.indexOf('\n', last) < 0 ? value.length : value.indexOf('\n', last);
    const lines = value.slice(s, e).split('\n');
    const undo = lines.every((line) => present.test(line));
    const out = lines.map((line, i) => (undo ? line.replace(present, '') : prefixOf(i) + line)).join('\n');
    replace(s, e, out, s, s + out.length);
  };
  const link = () => {
    const { selectionStart: s, selectionEnd: e, value } = body;
    const text = value.slice(s, e) || 'link text';
    const url = 'https://';
    const at = s + text.length + 3;
    replace(s, e, `[${text}](${url})`, at, at + url.length);
  };
  const TOOLS = [
    { label: 'Bold', key: 'b', run: () => wrap('**', '**', 'bold text') },
    { label: 'Italic', key: 'i', run: () => wrap('_', '_', 'italic text') },
    { label: 'Heading', run: () => prefixLines(() => '## ', /^#{1,6} /) },
    { label: 'Link', key: 'k', run: link },
    { label: 'Bulleted list', run: () => prefixLines(() => '- ', /^[-*] /) },
    { label: 'Numbered list', run: () => prefixLines((i) => `${i + 1}. `, /^\d+\. /) },
    { label: 'Quote', run: () => prefixLines(() => '> ', /^> ?/) },
  ];
  const toolbar = el('div', { role: 'toolbar', 'aria-label': 'Formatting', 'aria-controls': 'body', class: 'toolbar' });
  for (const [i, tool] of TOOLS.entries()) {
    const attrs = { type: 'button', class: 'secondary', tabindex: i === 0 ? '0' : '-1' };
    if (tool.key) attrs['aria-keyshortcuts'] = `Control+${tool.key.toUpperCase()}`;
    const button = el('button', attrs, tool.label);
    button.addEventListener('click', tool.run);
    toolbar.append(button);
  }
  toolbar.addEventListener('keydown', (event) => {
    const buttons = [...toolbar.querySelectorAll('button')];
    const i = buttons.indexOf(document.activeElement);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined || i < 0) return;
    event.preventDefault();
    const target = buttons[(next + buttons.length) % buttons.length];
    for (const b of buttons) b.tabIndex = b === target ? 0 : -1;
    target.focus();
  });
  body.before(toolbar);
  body.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    const tool = TOOLS.find((t) => t.key === event.key.toLowerCase());
    if (!tool) return;
    event.preventDefault();
    tool.run();
  });

  // ---- Live preview: the /admin/preview page (the public page from unsaved fields) in a frame that
  // runs no script. A fresh frame each time adds no history entries; it keeps the reader's scroll.
  const panel = document.getElementById('live-preview');
  let frame;
  let previewing = 0;
  const preview = debounce(async () => {
    const ticket = ++previewing;
    const res = await postForm('/admin/preview').catch(() => undefined);
    if (!res?.ok || ticket !== previewing) return;
    const html = await res.text();
    const next = el('iframe', { title: 'Preview of the article', class: 'preview-frame', sandbox: 'allow-same-origin', hidden: '' });
    const scroll = frame?.contentWindow?.scrollY ?? 0;
    next.addEventListener('load', () => {
      next.contentWindow.scrollTo(0, scroll);
      next.hidden = false;
      frame?.remove();
      frame = next;
      panel.dataset.updated = String(ticket);
    });
    next.srcdoc = html;
    panel.append(next);
  }, 400);
  if (panel) {
    panel.hidden = false;
    form.addEventListener('input', preview);
    preview();
  }

  // ---- Companies: what the tagger finds in the text as it is typed; Pin/Block/Undo post the
  // panel's own forms in the background so the unsaved text stays.
  const companies = document.getElementById('companies');
  const ORIGIN = { auto: 'found by the tagger', pinned: 'pinned', blocked: 'blocked' };
  const companiesNote = el('p', { class: 'hint', 'aria-live': 'polite' });
  const choiceForm = (company, choice, label) =>
    el(
      'form',
      { method: 'post', action: `${base()}/companies`, class: 'inline' },
      el('input', { type: 'hidden', name: '_csrf', value: csrf }),
      el('input', { type: 'hidden', name: 'companyId', value: String(company.id) }),
      el('input', { type: 'hidden', name: 'choice', value: choice }),
      el('button', { type: 'submit', class: 'secondary', 'aria-label': `${label} ${company.name}` }, label),
    );
  const renderCompanies = (list) => {
    const holder = document.getElementById('companies-found');
    if (!list.length) return holder.replaceChildren(el('p', {}, 'The tagger found no directory company in this article.'));
    const heads = ['Company', 'Tag', 'Mentions', ...(articleId ? ['Change'] : [])].map((h) => el('th', { scope: 'col' }, h));
    const rows = list.map((c) => {
      const cells = [el('td', {}, el('a', { href: `/companies/${c.slug}` }, c.name)), el('td', {}, ORIGIN[c.origin]), el('td', {}, String(c.mentions))];
      if (articleId) {
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
  const findCompanies = async () => {
    const ticket = ++finding;
    const res = await postForm(`${base()}/found-companies`).catch(() => undefined);
    if (!res?.ok || ticket !== finding) return false;
    renderCompanies((await res.json()).companies);
    companies.dataset.updated = String(ticket);
    return true;
  };
  const refreshCompanies = debounce(findCompanies, 500);
  if (companies) {
    companies.append(companiesNote);
    for (const field of ['headline', 'standfirst', 'body']) form.querySelector(`#${field}`).addEventListener('input', refreshCompanies);
    companies.addEventListener('submit', async (event) => {
      const choice = event.target.querySelector('input[name="choice"]');
      if (!choice) return; // Adding a company by name is an ordinary form post.
      event.preventDefault();
      const companyId = event.target.querySelector('input[name="companyId"]').value;
      const name = event.target.querySelector('button').getAttribute('aria-label').replace(/^\S+ /, '');
      const res = await postForm(event.target.action, new FormData(event.target), { redirect: 'manual' }).catch(() => undefined);
      if (!res || (res.type !== 'opaqueredirect' && !res.ok)) return event.target.submit();
      await findCompanies();
      companiesNote.textContent = { pinned: `Pinned ${name}.`, blocked: `Blocked ${name}.`, clear: `${name} is back to the tagger's choice.` }[choice.value];
      companies.querySelector(`tr[data-company="${companyId}"] button`)?.focus();
    });
  }

  // ---- Company picker: the pin/block form's field searches the directory as it is typed (an ARIA
  // 1.2 combobox over a listbox). A picked company is sent by id, so a name several companies
  // share is never a guess, and in the background, so the unsaved text stays. Without this
  // script the field takes a name or slug and the form posts as usual.
  const picker = document.querySelector('form[data-company-picker]');
  if (picker && companies) {
    const input = picker.querySelector('#add-company');
    const choice = picker.querySelector('select[name="choice"]');
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
    let options = [];
    let active = -1;
    const show = (open) => {
      list.hidden = !open;
      input.setAttribute('aria-expanded', String(open));
      if (!open) input.removeAttribute('aria-activedescendant');
    };
    const highlight = (i) => {
      active = i;
      for (const [j, o] of options.entries()) o.setAttribute('aria-selected', String(j === i));
      if (i < 0) return input.removeAttribute('aria-activedescendant');
      input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    };
    const pick = (option) => {
      input.value = option.dataset.name;
      picked.value = option.dataset.id;
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
      const rows = (await res.json()).companies;
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
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (!options.length) return;
        show(true);
        const step = event.key === 'ArrowDown' ? 1 : -1;
        highlight(open ? (active + step + options.length) % options.length : step > 0 ? 0 : options.length - 1);
      } else if (event.key === 'Enter' && open && active >= 0) {
        event.preventDefault();
        pick(options[active]);
      } else if (event.key === 'Escape' && open) {
        event.preventDefault();
        show(false);
      }
    });
    input.addEventListener('blur', () => show(false));
    // Keeps the focus in the field while an option is clicked.
    list.addEventListener('mousedown', (event) => event.preventDefault());
    list.addEventListener('click', (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) pick(option);
    });
    picker.addEventListener('submit', async (event) => {
      if (picked.disabled) return;
      event.preventDefault();
      const name = input.value;
      const res = await postForm(picker.action, new FormData(picker), { redirect: 'manual' }).catch(() => undefined);
      if (!res || (res.type !== 'opaqueredirect' && !res.ok)) return picker.submit();
      await findCompanies();
      companiesNote.textContent = `${choice.value === 'blocked' ? 'Blocked' : 'Pinned'} ${name}.`;
      input.value = '';
      picked.disabled = true;
      input.focus();
    });
  }

  // ---- Autosave: drafts (and new articles, which become drafts) are saved through the same
  // editor rules as Save draft, a few seconds after typing stops. The server refuses to autosave
  // a published or scheduled article (it would change what readers see) and says so.
  const status = el('p', { class: 'autosave-status', id: 'autosave-status', 'aria-live': 'polite' });
  form.querySelector('.actions').after(status);
  let autosaveOff = false;
  let saving;
  const autosave = debounce(() => {
    if (autosaveOff || saving || !dirty()) return;
    const sent = edits;
    saving = postForm(`${base()}/autosave`)
      .then((res) => (res.ok ? res.json() : Promise.reject(res.status)))
      .then((reply) => {
        status.textContent = reply.message;
        if (reply.state === 'live') autosaveOff = true;
        if (reply.state !== 'saved') return;
        savedEdits = sent;
        if (!articleId) {
          articleId = String(reply.id);
          form.action = reply.url;
          history.replaceState(null, '', reply.url);
        }
      })
      .catch(() => {
        status.textContent = 'Not saved: the server could not be reached. Use Save draft before leaving.';
      })
      .finally(() => {
        saving = undefined;
        if (dirty()) autosave();
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
    if (!toPreview) savedEdits = edits;
  });
})();
