import type { VNode } from 'preact';
import { jsxTemplate } from 'preact/jsx-runtime';

/**
 * Text and attribute values escaped exactly as preact-render-to-string escapes them (`"`, `&` and
 * `<`; `>` is left as it is), so a fragment written as a string is byte for byte what Preact
 * would render in its place: a page mixing the two cannot be told apart from one Preact rendered.
 */
export function escapeAsPreact(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const entity = code === 34 ? '&quot;' : code === 38 ? '&amp;' : code === 60 ? '&lt;' : undefined;
    if (entity === undefined) continue;
    out += text.slice(last, i) + entity;
    last = i + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Markup placed as it is, with no wrapper element (Preact's template node, as precompiled JSX makes). */
export function rawHtml(html: string): VNode {
  return jsxTemplate([html]);
}
