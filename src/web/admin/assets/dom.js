// @ts-check
// Small DOM helpers shared by the editor's modules.

/**
 * @typedef {(() => void) & { cancel: () => void }} Debounced
 */

/**
 * Runs `fn` once calls have stopped for `ms` milliseconds.
 * @param {() => unknown} fn
 * @param {number} ms
 * @returns {Debounced}
 */
export const debounce = (fn, ms) => {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const run = () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
};

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} [attrs]
 * @param {...(Node | string)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
};

/**
 * The element a selector must find: the server renders it, so its absence is a bug worth an error.
 * @template {Element} T
 * @param {ParentNode} root
 * @param {string} selector
 * @param {{ new (): T }} type
 * @returns {T}
 */
export const required = (root, selector, type) => {
  const found = root.querySelector(selector);
  if (!(found instanceof type)) throw new Error(`admin: no ${type.name} at ${selector}`);
  return found;
};
