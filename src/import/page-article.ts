import { DomUtils, parseDocument } from 'htmlparser2';
import { absolute, headingImage, imageSource, LAZY_SRC, pageAvatar } from './lead-image.ts';
import { isFrame, MIN_STORY_CHARS as MIN_TEXT, mainContent, writtenDate } from './main-content.ts';
import { jsonLdObjects, markupTerms, type NamedLink, namedLinks } from './page-terms.ts';

type Node = ReturnType<typeof parseDocument>['children'][number];
type Element = Parameters<typeof DomUtils.getAttributeValue>[0];

/** What a published web page says about the article on it, from its own markup. */
export interface PageArticle {
  readonly headline: string;
  readonly standfirst: string;
  /** The article's HTML, as the page shows it (sanitized later by the publish pipeline). */
  readonly body: string;
  readonly publishedAt?: number;
  readonly modifiedAt?: number;
  readonly authors: readonly string[];
  readonly section?: string;
  readonly tags: readonly string[];
  readonly image?: { readonly url: string; readonly alt?: string; readonly caption?: string };
  /** An author's picture printed outside the story (a byline's avatar, a Gravatar): with one author, theirs. */
  readonly avatar?: string;
  /** The page's canonical URL, when it names one. */
  readonly canonical?: string;
  /** Links the page gives outside the story (authors, breadcrumbs, tags…), to find the old section, tag and author pages. */
  readonly links: readonly NamedLink[];
}

/** schema.org types a news page marks its story with (Article and its subtypes search engines read). */
const ARTICLE_TYPES = new Set(['Article', 'NewsArticle', 'ReportageNewsArticle', 'AnalysisNewsArticle', 'OpinionNewsArticle', 'BackgroundNewsArticle', 'ReviewNewsArticle', 'BlogPosting', 'TechArticle', 'Report']);
/**
 * The body's own element inside an <article>, as the common CMSs mark it (WordPress `entry-content`,
 * Ghost `gh-content`, Drupal `field--name-body`, Masthead `body`…): without it the kicker, byline
 * and date around the story would be taken for its first paragraph.
 */
const BODY_CLASSES = new Set(['entry-content', 'post-content', 'gh-content', 'article-body', 'article__body', 'field--name-body', 'story-body', 'body']);
/** Parts of an <article> that frame the story rather than tell it. */
const FRAME = new Set(['script', 'style', 'noscript', 'template', 'nav', 'aside', 'form', 'button', 'iframe', 'header', 'footer', 'h1']);

/**
 * Reads the article on a page the way search engines and link previews do: schema.org JSON-LD
 * (`NewsArticle`, `Article`…) first, then Open Graph and `article:*` meta, then the page's own
 * markup (`itemprop="articleBody"`, else `<article>`, minus its header, navigation and asides).
 * A page that declares no article and has no `<article>` is not one: the reason is returned.
 * @example const a = pageArticle(html, 'https://old.example/news/x'); if (typeof a !== 'string') a.headline
 */
export function pageArticle(html: string, url: string): PageArticle | string {
  const doc = parseDocument(html);
  const ld = jsonLdArticle(doc.children);
  const meta = metaValues(doc.children);
  const first = (name: string) => meta.get(name)?.[0];
  const articleNode = DomUtils.findOne((e) => e.name === 'article', doc.children);
  const isBody = (e: Element) => (DomUtils.getAttributeValue(e, 'class') ?? '').split(/\s+/).some((c) => BODY_CLASSES.has(c));
  // Without an <article> (WordPress block themes), the one body element on the page is the story's: a list page has one per story.
  const loneBodies = articleNode ? [] : DomUtils.findAll(isBody, doc.children);
  const loneBody = loneBodies.length === 1 ? loneBodies[0] : undefined;
  const bodyNode =
    DomUtils.findOne((e) => DomUtils.getAttributeValue(e, 'itemprop') === 'articleBody', doc.children) ??
    (articleNode && DomUtils.findOne(isBody, [articleNode])) ??
    articleNode ??
    loneBody;
  const markup = markupTerms(doc.children);
  const links = namedLinks(doc.children, ld, bodyNode ?? null, url);
  const ogType = first('og:type');
  // A page that marks no body (no articleBody, <article>, or JSON-LD text) is read by text density.
  const main = bodyNode || str(ld?.articleBody) ? undefined : mainContent(doc.children);
  if (!ld && !bodyNode && ogType !== 'article' && !main) return `not an article: no schema.org Article, og:type article or <article> on the page, and no block of ${MIN_TEXT} characters of text`;
  const h1 = DomUtils.findOne((e) => e.name === 'h1', articleNode ? [articleNode] : doc.children);
  const headline = clean(str(ld?.headline) || first('og:title') || (h1 ? DomUtils.textContent(h1) : '') || withoutSiteName(titleText(doc.children)));
  if (!headline) return 'no headline: no JSON-LD headline, og:title, <h1> or <title>';
  // Before the body is cut out of the page: an article that is its own body loses its header then.
  const heading = bodyNode ?? main;
  const image = leadImage(ld?.image, first('og:image'), first('og:image:alt'), url) ?? (heading && headingImage(heading, url));
  const avatar = pageAvatar(doc.children, heading ?? null, url);
  const body = bodyNode ? articleHtml(bodyNode, url) : main ? articleHtml(main, url, isFrame) : paragraphs(str(ld?.articleBody));
  if (!body.trim()) return 'no article text: no articleBody, <article> or JSON-LD articleBody';
  const published =
    date(str(ld?.datePublished) || first('article:published_time') || timeIn(articleNode ?? main ?? null)) ??
    (main ? (date(pageDate(doc.children, first)) ?? writtenDate(doc.children, main)) : loneBody && bodyNode === loneBody ? date(pageDate(doc.children, first)) : undefined);
  // A lone body element is weak evidence: without a date it is a static page (About us), not a story.
  if (!ld && ogType !== 'article' && loneBody && bodyNode === loneBody && published === undefined) return 'not an article: no date, no schema.org Article, og:type article or <article> on the page';
  const modified = date(str(ld?.dateModified) || first('article:modified_time') || '');
  const canonical = DomUtils.findOne((e) => e.name === 'link' && (DomUtils.getAttributeValue(e, 'rel') ?? '').split(/\s+/).includes('canonical'), doc.children);
  const canonicalUrl = absolute(canonical ? DomUtils.getAttributeValue(canonical, 'href') : first('og:url'), url);
  const section = clean(strOrFirst(ld?.articleSection) || first('article:section') || markup.section || '');
  const authors = distinct([...names(ld?.author), ...(ld?.author ? [] : (meta.get('author') ?? []).map(clean))]);
  const tags = distinct([...keywords(ld?.keywords), ...(meta.get('article:tag') ?? []).map(clean)]);
  return {
    headline,
    standfirst: clean(str(ld?.description) || first('og:description') || first('description') || ''),
    body,
    ...(published !== undefined ? { publishedAt: published } : {}),
    ...(modified !== undefined ? { modifiedAt: modified } : {}),
    // Without structured data, what the page prints: rel="author"/rel="tag" links, WordPress's term and author blocks.
    authors: authors.length ? authors : [...markup.authors],
    ...(section ? { section } : {}),
    tags: tags.length ? tags : [...markup.tags],
    ...(image ? { image } : {}),
    ...(avatar ? { avatar } : {}),
    ...(canonicalUrl ? { canonical: canonicalUrl } : {}),
    links,
  };
}

type Json = Record<string, unknown>;

/** The first Article-typed object in the page's JSON-LD blocks, looking inside @graph and arrays. */
function jsonLdArticle(nodes: Node[]): Json | undefined {
  for (const obj of jsonLdObjects(nodes)) {
    const types = ([] as unknown[]).concat(obj['@type'] ?? []);
    if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.has(t))) return obj;
  }
  return undefined;
}

/** `<meta property|name=… content=…>` values by lower-cased key, in page order. */
function metaValues(nodes: Node[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of DomUtils.findAll((e) => e.name === 'meta', nodes)) {
    const key = (DomUtils.getAttributeValue(m, 'property') ?? DomUtils.getAttributeValue(m, 'name') ?? '').toLowerCase();
    const content = DomUtils.getAttributeValue(m, 'content');
    if (!key || content === undefined) continue;
    out.set(key, [...(out.get(key) ?? []), content]);
  }
  return out;
}

/**
 * The story's HTML: the element's children less what frames it (its title is the headline).
 * Images keep their old address made absolute (a relative one would break on the new site);
 * a lazy-loaded image's real address replaces its placeholder, since no script will swap it now.
 */
function articleHtml(root: Element, base: string, frame: (e: Element) => boolean = () => false): string {
  const drop = DomUtils.findAll((e) => FRAME.has(e.name) || DomUtils.getAttributeValue(e, 'role') === 'navigation' || frame(e), [root]);
  for (const e of drop) DomUtils.removeElement(e);
  for (const img of DomUtils.findAll((e) => e.name === 'img', [root])) {
    const abs = imageSource(img, base);
    if (abs) img.attribs.src = abs;
    for (const a of LAZY_SRC) delete img.attribs[a];
  }
  // Characters as written ($ not &#x24;): only what HTML requires is escaped.
  return DomUtils.getInnerHTML(root, { encodeEntities: 'utf8' }).trim();
}

function leadImage(ld: unknown, og: string | undefined, ogAlt: string | undefined, base: string): PageArticle['image'] {
  const first = Array.isArray(ld) ? ld[0] : ld;
  const fromLd = typeof first === 'string' ? first : first && typeof first === 'object' ? str((first as Json).url) || str((first as Json).contentUrl) : '';
  const url = absolute(fromLd || og, base);
  if (!url) return undefined;
  const caption = first && typeof first === 'object' ? clean(str((first as Json).caption)) : '';
  const alt = clean(ogAlt ?? '') || caption;
  return { url, ...(alt ? { alt } : {}), ...(caption ? { caption } : {}) };
}

function names(value: unknown): string[] {
  return ([] as unknown[]).concat(value ?? []).map((a) => clean(typeof a === 'string' ? a : a && typeof a === 'object' ? str((a as Json).name) : '')).filter(Boolean);
}

function keywords(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(str) : str(value).split(',');
  return list.map(clean).filter(Boolean);
}

function timeIn(root: Element | null): string {
  const time = root ? DomUtils.findOne((e) => e.name === 'time' && DomUtils.hasAttrib(e, 'datetime'), [root]) : null;
  return time ? (DomUtils.getAttributeValue(time, 'datetime') ?? '') : '';
}

/**
 * A date the page states in markup outside an <article>: Dublin Core and other `<meta>` dates,
 * microdata `datePublished`, or the first `<time datetime>` of the page.
 */
function pageDate(nodes: Node[], meta: (name: string) => string | undefined): string {
  const micro = DomUtils.findOne((e) => DomUtils.getAttributeValue(e, 'itemprop') === 'datePublished', nodes);
  const microValue = micro ? (DomUtils.getAttributeValue(micro, 'content') ?? DomUtils.getAttributeValue(micro, 'datetime') ?? '') : '';
  const time = DomUtils.findOne((e) => e.name === 'time' && DomUtils.hasAttrib(e, 'datetime'), nodes);
  return meta('dcterms.date') || meta('dc.date') || meta('dc.date.issued') || meta('date') || meta('pubdate') || microValue || (time ? (DomUtils.getAttributeValue(time, 'datetime') ?? '') : '');
}

/** A `<title>` less the site's name after it ("Story - Old Trade News"), when what is left is a headline of three words or more. */
function withoutSiteName(title: string): string {
  const m = /^(.*\S)\s+(?:[|\-–—]|::)\s+[^|\-–—]+$/.exec(title.trim());
  return m && m[1]!.split(/\s+/).length >= 3 ? m[1]! : title;
}

function titleText(nodes: Node[]): string {
  const title = DomUtils.findOne((e) => e.name === 'title', nodes);
  return title ? DomUtils.textContent(title) : '';
}

/** A date a page states: ISO 8601 with a zone (a zoneless one is read as UTC, as schema.org advises against it). */
function date(value: string): number | undefined {
  const v = value.trim();
  if (!v) return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(v) ? `${v}Z` : v);
  return Number.isFinite(ms) ? ms : undefined;
}

function paragraphs(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${esc(p)}</p>`)
    .join('\n');
}


const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const strOrFirst = (v: unknown): string => (Array.isArray(v) ? str(v[0]) : str(v));
const clean = (s: string): string => s.replace(/\s+/g, ' ').trim();
const distinct = (list: string[]): string[] => [...new Set(list.filter(Boolean))];
