/**
 * Ghost's two editor formats, Lexical (Ghost 5) and Mobiledoc (Ghost 1–4), rendered to HTML for
 * exports that carry no `html`: the text with its formatting, links, headings, lists and quotes,
 * and the common cards (image, gallery, HTML, Markdown, code, embed, bookmark, divider, callout,
 * button, video and audio as links).
 *
 * Why not Ghost's own renderers (`@tryghost/kg-lexical-html-renderer`,
 * `@tryghost/kg-mobiledoc-html-renderer`): their current versions declare Node ^22 (this project
 * runs on Node 20) and render through jsdom and Lexical's headless editor, a large dependency
 * tree for what is, in an export, a JSON tree walked once. A card this file does not know is
 * reported (`unknown Lexical node "x"`) so an editor can look at the post.
 */
import { renderBody } from '../content/index.ts';

/** Rendered HTML and what an editor should review. */
export interface GhostRendered {
  readonly html: string;
  readonly notes: string[];
}

/** Ghost's Lexical JSON (`post.lexical`) as HTML. */
export function renderLexical(json: string): GhostRendered {
  const notes = new Set<string>();
  const root = (JSON.parse(json) as { root?: LexicalNode }).root;
  const html = (root?.children ?? []).map((n) => lexicalNode(n, notes)).join('\n');
  return { html, notes: [...notes].sort() };
}

interface LexicalNode {
  readonly type: string;
  readonly children?: LexicalNode[];
  readonly [key: string]: unknown;
}

/** Lexical's text format bits, outermost first. */
const FORMATS: readonly [number, string][] = [
  [1, 'strong'],
  [2, 'em'],
  [4, 's'],
  [8, 'u'],
  [16, 'code'],
  [32, 'sub'],
  [64, 'sup'],
];

function lexicalNode(node: LexicalNode, notes: Set<string>): string {
  const inner = () => (node.children ?? []).map((c) => lexicalNode(c, notes)).join('');
  const s = (key: string) => (typeof node[key] === 'string' ? (node[key] as string) : '');
  switch (node.type) {
    case 'paragraph':
      return `<p>${inner()}</p>`;
    case 'heading':
    case 'extended-heading':
      return /^h[1-6]$/.test(s('tag')) ? `<${s('tag')}>${inner()}</${s('tag')}>` : `<h2>${inner()}</h2>`;
    case 'quote':
    case 'extended-quote':
    case 'aside':
      return `<blockquote>${inner()}</blockquote>`;
    case 'list': {
      const tag = s('listType') === 'number' ? 'ol' : 'ul';
      return `<${tag}>${inner()}</${tag}>`;
    }
    case 'listitem':
      return `<li>${inner()}</li>`;
    case 'text':
    case 'extended-text': {
      const format = typeof node.format === 'number' ? node.format : 0;
      return FORMATS.filter(([bit]) => format & bit).reduceRight((html, [, tag]) => `<${tag}>${html}</${tag}>`, escapeHtml(s('text')));
    }
    case 'linebreak':
      return '<br>';
    case 'tab':
      return '\t';
    case 'link':
    case 'autolink':
      return `<a href="${escapeHtml(s('url'))}">${inner()}</a>`;
    case 'horizontalrule':
      return '<hr>';
    case 'image':
      return imageCard(s('src'), s('alt'), s('caption'), s('href'));
    case 'gallery':
      return galleryCard(Array.isArray(node.images) ? (node.images as Record<string, unknown>[]) : [], s('caption'));
    case 'html':
      return s('html');
    case 'markdown':
      return renderBody(s('markdown'), 'markdown').trim();
    case 'codeblock':
      return codeCard(s('code'), s('language'));
    case 'embed':
      return s('html') || linkCard(s('url'), s('url'));
    case 'bookmark':
      return linkCard(s('url'), String((node.metadata as { title?: string } | undefined)?.title ?? s('url')));
    case 'callout':
      return `<div class="kg-callout-card">${s('calloutText')}</div>`;
    case 'button':
      return linkCard(s('buttonUrl'), s('buttonText') || s('buttonUrl'));
    case 'video':
    case 'audio':
    case 'file':
      return linkCard(s('src'), s('title') || s('fileName') || s('src'));
    default:
      notes.add(`unknown Lexical node "${node.type}"`);
      return node.children ? inner() : '';
  }
}

/** Ghost's Mobiledoc JSON (`post.mobiledoc`, versions 0.3.x) as HTML. */
export function renderMobiledoc(json: string): GhostRendered {
  const notes = new Set<string>();
  const doc = JSON.parse(json) as Mobiledoc;
  const markups = doc.markups ?? [];
  const atoms = doc.atoms ?? [];
  const markers = (list: MobiledocMarker[]) => {
    const open: string[] = [];
    let out = '';
    for (const [kind, opened, closed, value] of list) {
      for (const i of opened) {
        const [tag, attrs = []] = markups[i] ?? ['span'];
        const safe = /^(?:a|b|strong|i|em|u|s|code|sub|sup)$/i.test(tag) ? tag.toLowerCase() : 'span';
        const href = safe === 'a' ? attrs[attrs.indexOf('href') + 1] : undefined;
        out += href !== undefined && attrs.includes('href') ? `<a href="${escapeHtml(String(href))}">` : `<${safe}>`;
        open.push(safe);
      }
      if (kind === 0) out += escapeHtml(String(value));
      else {
        const atom = atoms[Number(value)];
        if (atom?.[0] === 'soft-return') out += '<br>';
        else out += escapeHtml(String(atom?.[1] ?? ''));
      }
      for (let n = 0; n < closed; n++) out += `</${open.pop()}>`;
    }
    return out;
  };
  const html = (doc.sections ?? [])
    .map((section) => {
      if (section[0] === 1) {
        const tag = /^(?:p|h[1-6]|blockquote|aside)$/i.test(section[1]) ? section[1].toLowerCase() : 'p';
        const name = tag === 'aside' ? 'blockquote' : tag;
        return `<${name}>${markers(section[2])}</${name}>`;
      }
      if (section[0] === 3) {
        const tag = section[1] === 'ol' ? 'ol' : 'ul';
        return `<${tag}>${section[2].map((item) => `<li>${markers(item)}</li>`).join('')}</${tag}>`;
      }
      if (section[0] === 10) return mobiledocCard(doc.cards?.[section[1]], notes);
      notes.add(`unknown Mobiledoc section type ${section[0]}`);
      return '';
    })
    .join('\n');
  return { html, notes: [...notes].sort() };
}

type MobiledocMarker = [0 | 1, number[], number, string | number];
type MobiledocSection = [1, string, MobiledocMarker[]] | [3, string, MobiledocMarker[][]] | [10, number];
interface Mobiledoc {
  readonly atoms?: [string, string, unknown][];
  readonly cards?: [string, Record<string, unknown>][];
  readonly markups?: [string, string[]?][];
  readonly sections?: MobiledocSection[];
}

function mobiledocCard(card: [string, Record<string, unknown>] | undefined, notes: Set<string>): string {
  if (!card) return '';
  const [name, payload] = card;
  const s = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : '');
  switch (name) {
    case 'image':
      return imageCard(s('src'), s('alt'), s('caption'), s('href'));
    case 'gallery':
      return galleryCard(Array.isArray(payload.images) ? (payload.images as Record<string, unknown>[]) : [], s('caption'));
    case 'html':
      return s('html');
    case 'markdown':
    case 'card-markdown':
      return renderBody(s('markdown'), 'markdown').trim();
    case 'code':
      return codeCard(s('code'), s('language'));
    case 'hr':
      return '<hr>';
    case 'embed':
      return s('html') || linkCard(s('url'), s('url'));
    case 'bookmark':
      return linkCard(s('url'), String((payload.metadata as { title?: string } | undefined)?.title ?? s('url')));
    default:
      notes.add(`unknown Mobiledoc card "${name}"`);
      return '';
  }
}

function imageCard(src: string, alt: string, caption: string, href: string): string {
  const img = `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">`;
  const linked = href ? `<a href="${escapeHtml(href)}">${img}</a>` : img;
  // Ghost's captions are HTML (links, emphasis) written in its editor.
  return `<figure class="kg-card kg-image-card">${linked}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

function galleryCard(images: Record<string, unknown>[], caption: string): string {
  const items = images.map((i) => `<img src="${escapeHtml(String(i.src ?? ''))}" alt="${escapeHtml(String(i.alt ?? ''))}">`).join('');
  return `<figure class="kg-card kg-gallery-card">${items}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

function codeCard(code: string, language: string): string {
  return `<pre><code${language ? ` class="language-${escapeHtml(language)}"` : ''}>${escapeHtml(code)}</code></pre>`;
}

function linkCard(url: string, text: string): string {
  return url ? `<p><a href="${escapeHtml(url)}">${escapeHtml(text)}</a></p>` : '';
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
