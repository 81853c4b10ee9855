import { createRequire } from 'node:module';
import MarkdownIt from 'markdown-it';
import type sanitizeHtmlType from 'sanitize-html';
import type { BodyFormat } from '../domain/index.ts';

let sanitizer: typeof sanitizeHtmlType | undefined;

/**
 * sanitize-html, loaded with the first body rendered: a command that only takes bodies' text (a
 * related rebuild reads `plainText`) never loads it and its CSS parser, about 8 MB resident.
 * `require`, as it is a CommonJS package, keeps the renderers synchronous.
 */
function sanitizeHtml(html: string, options: sanitizeHtmlType.IOptions): string {
  sanitizer ??= createRequire(import.meta.url)('sanitize-html') as typeof sanitizeHtmlType;
  return sanitizer(html, options);
}

// Raw HTML in Markdown is off: editors write Markdown, imported HTML goes through the sanitizer.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true });

/** What article HTML may contain after sanitizing: text structure, links, images, tables. */
const SANITIZE_OPTIONS: sanitizeHtmlType.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'em', 'strong', 'b', 'i', 'u', 's',
    'sub', 'sup', 'small', 'mark', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'figure', 'figcaption',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'abbr', 'cite', 'q', 'time',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    abbr: ['title'],
    time: ['datetime'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  // An h1 in a body would compete with the headline: demote it.
  transformTags: {
    h1: 'h2',
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }),
    a: (tagName, attribs) =>
      /^https?:\/\//.test(attribs.href ?? '')
        ? { tagName, attribs: { ...attribs, rel: 'noopener' } }
        : { tagName, attribs },
  },
};

/**
 * The one audited way to turn an article body into HTML for a page: Markdown is rendered with raw
 * HTML disabled, and whatever comes out (or was imported as HTML) is sanitized against an
 * allow-list, so no script, event handler or `javascript:` URL reaches a reader.
 * @example renderBody('**Hi** <script>x</script>', 'markdown') // '<p><strong>Hi</strong> &lt;script&gt;x&lt;/script&gt;</p>\n'
 */
export function renderBody(body: string, format: BodyFormat, options: { sponsored?: boolean } = {}): string {
  const sanitize = options.sponsored ? SPONSORED_OPTIONS : SANITIZE_OPTIONS;
  if (format === 'markdown') return sanitizeMarkdown(markdown.render(body), sanitize);
  // Imported HTML may be malformed: a dropped element (`<math>`, `<javascript:x>`) leaves the
  // parser's implied end tags undone, so one pass can give `<p><table>…</table></p>` or nested
  // paragraphs, which a browser parses into other elements than the ones written. Passes until
  // nothing changes (two, rarely three) make the served markup what the browser builds.
  let html = sanitizeHtml(body, sanitize);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const again = sanitizeHtml(html, sanitize);
    if (again === html) break;
    html = again;
  }
  return html;
}

/**
 * A body parsed once for both of its uses: its text now (search, tagging and related content read
 * it as a save begins) and its HTML when asked (the rendering stage, after tagging has said whether
 * any company is linked; when none is, the page's HTML comes from this parse instead of a second).
 */
export interface ParsedBody {
  readonly text: string;
  html(options?: { sponsored?: boolean }): string;
}

/**
 * Parses a body once (Markdown: the parse tree is kept for `html`; HTML: nothing to share).
 * @example parseBody('Read **this**', 'markdown').html() // '<p>Read <strong>this</strong></p>\n'
 */
export function parseBody(body: string, format: BodyFormat): ParsedBody {
  if (format !== 'markdown') return { text: plainText(body, format), html: (options) => renderBody(body, format, options) };
  const env = {};
  const tokens = markdown.parse(body, env);
  return {
    text: tokensText(tokens),
    // Rendering reads the tokens and leaves them as they were: the text above stays the parse's.
    html: (options = {}) => sanitizeMarkdown(markdown.renderer.render(tokens, markdown.options, env), options.sponsored ? SPONSORED_OPTIONS : SANITIZE_OPTIONS),
  };
}

/**
 * Markdown's HTML through the allow-list. Most bodies render to paragraphs, emphasis, headings,
 * lists, quotes and code only: tags without attributes, all allowed, and no character reference
 * but the four Markdown's renderer writes for `& < > "`. On such HTML sanitize-html's parse and
 * rewrite change one thing: it reads `&quot;` in text as `"` and escapes only `& < >` again. That
 * is done here directly; anything else (links, images, line breaks, rules, tables, a fence's
 * class, an h1) goes through sanitize-html. Hand-written for speed: sanitize-html was about 6 % of
 * an import's CPU (docs/benchmarks.md, "Import, tenth pass"); render-body.property.test.ts holds
 * both ways to the same HTML.
 */
function sanitizeMarkdown(html: string, options: sanitizeHtmlType.IOptions): string {
  return NOT_PLAIN_MARKUP.test(html) ? sanitizeHtml(html, options) : html.replaceAll('&quot;', '"');
}

/**
 * What sanitize-html alone makes of a Markdown body's HTML, without `sanitizeMarkdown`'s shortcut:
 * the reference render-body.property.test.ts holds the shortcut to.
 */
export function markdownThroughSanitizer(body: string, options: { sponsored?: boolean } = {}): string {
  return sanitizeHtml(markdown.render(body), options.sponsored ? SPONSORED_OPTIONS : SANITIZE_OPTIONS);
}

/** A tag other than the attribute-less ones listed, or a character reference other than Markdown's four. */
const NOT_PLAIN_MARKUP = /<(?!\/?(?:p|em|strong|h[2-6]|blockquote|ul|li|code|pre|s)>)|&(?!(?:amp|lt|gt|quot);)/;

/** Extra sanitizing passes over imported HTML; the property test finds none needing more. */
const MAX_PASSES = 3;

/**
 * A sponsored article's links are paid placements: every one carries rel="sponsored", as search
 * engines ask (https://developers.google.com/search/docs/crawling-indexing/qualify-outbound-links).
 */
const SPONSORED_OPTIONS: sanitizeHtmlType.IOptions = {
  ...SANITIZE_OPTIONS,
  transformTags: {
    ...SANITIZE_OPTIONS.transformTags,
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: /^https?:\/\//.test(attribs.href ?? '') ? 'sponsored noopener' : 'sponsored' } }),
  },
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * One character reference, read as a browser reads it: a code point that cannot be a character
 * (`&#99999999;`, `&#0;`) is U+FFFD and a malformed reference (`&#039s;`, `&#xZZ;`) stays as
 * written, so a typo in an imported body never refuses the article.
 */
function decodeReference(whole: string, name: string): string {
  const numeric = /^#(?:[xX]([0-9a-fA-F]+)|(\d+))$/.exec(name);
  if (!numeric) return name.startsWith('#') ? whole : (ENTITIES[name] ?? whole);
  const code = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
  return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
}

/**
 * The words of a body without markup, for search, teasers and related content.
 * @example plainText('Read **this** [link](https://x.example)', 'markdown') // 'Read this link'
 */
export function plainText(body: string, format: BodyFormat): string {
  if (format === 'markdown') return markdownText(body);
  return body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<\/(p|h[1-6]|li|blockquote|pre|tr|div)>/gi, '\n\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#?\w+);/g, decodeReference)
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n\s*/g, '\n\n')
    .trim();
}

/**
 * Markdown to plain text from the parse tree (no HTML rendering and stripping): the text of every
 * inline run, with blocks separated by blank lines. Search indexing calls this for every article.
 */
function markdownText(body: string): string {
  return tokensText(markdown.parse(body, {}));
}

/**
 * A run of spaces and tabs that is not one space alone: what `[ \t]+` → `' '` changes, matched
 * without replacing every single space by itself (a new string per paragraph, most of its cost).
 */
const SPACE_RUN = /[ \t]{2,}|\t/g;

/** The plain text of parsed Markdown (see `markdownText`). */
function tokensText(tokens: ReturnType<typeof markdown.parse>): string {
  const blocks: string[] = [];
  for (const token of tokens) {
    if (token.type !== 'inline' || !token.children) continue;
    let text = '';
    for (const child of token.children) {
      if (child.type === 'text' || child.type === 'code_inline') text += child.content;
      else if (child.type === 'softbreak' || child.type === 'hardbreak') text += '\n';
      else if (child.type === 'image') text += child.content;
    }
    blocks.push(text.replace(SPACE_RUN, ' ').trim());
  }
  return blocks.filter(Boolean).join('\n\n');
}
