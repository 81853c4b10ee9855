// @ts-check
// Markdown toolbar: acts on the Body's selection; Tab reaches it once, arrow keys move inside.
import { el } from './dom.js';

/** @typedef {{ label: string, key?: string, run: () => void }} Tool */

/** @param {HTMLTextAreaElement} body */
export const addToolbar = (body) => {
  /**
   * Replaces text in the Body keeping the browser's undo history where it can, then selects [from, to).
   * @param {number} start
   * @param {number} end
   * @param {string} text
   * @param {number} from
   * @param {number} to
   */
  const replace = (start, end, text, from, to) => {
    body.focus();
    body.setSelectionRange(start, end);
    if (!document.execCommand('insertText', false, text)) {
      body.setRangeText(text, start, end, 'end');
      body.dispatchEvent(new Event('input', { bubbles: true }));
    }
    body.setSelectionRange(from, to);
  };
  /**
   * @param {string} before
   * @param {string} after
   * @param {string} placeholder
   */
  const wrap = (before, after, placeholder) => {
    const { selectionStart: s, selectionEnd: e, value } = body;
    const text = value.slice(s, e) || placeholder;
    replace(s, e, before + text + after, s + before.length, s + before.length + text.length);
  };
  /**
   * Prefixes every line the selection touches (or removes the prefix when all have it).
   * @param {(line: number) => string} prefixOf
   * @param {RegExp} present
   */
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
  /** @type {Tool[]} */
  const tools = [
    { label: 'Bold', key: 'b', run: () => wrap('**', '**', 'bold text') },
    { label: 'Italic', key: 'i', run: () => wrap('_', '_', 'italic text') },
    { label: 'Heading', run: () => prefixLines(() => '## ', /^#{1,6} /) },
    { label: 'Link', key: 'k', run: link },
    { label: 'Bulleted list', run: () => prefixLines(() => '- ', /^[-*] /) },
    { label: 'Numbered list', run: () => prefixLines((i) => `${i + 1}. `, /^\d+\. /) },
    { label: 'Quote', run: () => prefixLines(() => '> ', /^> ?/) },
  ];
  const toolbar = el('div', { role: 'toolbar', 'aria-label': 'Formatting', 'aria-controls': 'body', class: 'toolbar' });
  for (const [i, tool] of tools.entries()) {
    /** @type {Record<string, string>} */
    const attrs = { type: 'button', class: 'secondary', tabindex: i === 0 ? '0' : '-1' };
    if (tool.key) attrs['aria-keyshortcuts'] = `Control+${tool.key.toUpperCase()}`;
    const button = el('button', attrs, tool.label);
    button.addEventListener('click', tool.run);
    toolbar.append(button);
  }
  toolbar.addEventListener('keydown', (event) => {
    const buttons = [...toolbar.querySelectorAll('button')];
    const i = buttons.indexOf(/** @type {HTMLButtonElement} */ (document.activeElement));
    /** @type {Record<string, number>} */
    const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 };
    const next = moves[event.key];
    if (next === undefined || i < 0) return;
    event.preventDefault();
    const target = /** @type {HTMLButtonElement} */ (buttons[(next + buttons.length) % buttons.length]);
    for (const b of buttons) b.tabIndex = b === target ? 0 : -1;
    target.focus();
  });
  body.before(toolbar);
  body.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    const tool = tools.find((t) => t.key === event.key.toLowerCase());
    if (!tool) return;
    event.preventDefault();
    tool.run();
  });
};
