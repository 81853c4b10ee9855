// @ts-check
// Live preview: the /admin/preview page (the public page from unsaved fields) in a frame that runs
// no script. A fresh frame each time adds no history entries; it keeps the reader's scroll.
import { debounce, el } from './dom.js';

/**
 * @param {import('./editor.js').Editor} editor
 * @param {HTMLElement} panel
 */
export const addLivePreview = (editor, panel) => {
  /** @type {HTMLIFrameElement | undefined} */
  let frame;
  let previewing = 0;
  const preview = debounce(async () => {
    const ticket = ++previewing;
    const res = await editor.post('/admin/preview').catch(() => undefined);
    if (!res?.ok || ticket !== previewing) return;
    const html = await res.text();
    const next = el('iframe', { title: 'Preview of the article', class: 'preview-frame', sandbox: 'allow-same-origin', hidden: '' });
    const scroll = frame?.contentWindow?.scrollY ?? 0;
    next.addEventListener('load', () => {
      next.contentWindow?.scrollTo(0, scroll);
      next.hidden = false;
      frame?.remove();
      frame = next;
      panel.dataset.updated = String(ticket);
    });
    next.srcdoc = html;
    panel.append(next);
  }, 400);
  panel.hidden = false;
  editor.form.addEventListener('input', preview);
  preview();
};
