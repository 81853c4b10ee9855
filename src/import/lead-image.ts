import { DomUtils } from 'htmlparser2';
import { isFrame, storyHeader } from './main-content.ts';

const { isTag } = DomUtils;

type Element = Parameters<typeof DomUtils.getAttributeValue>[0];
type Node = Element['children'][number];

/** A page's lead image: where it is (absolute), and what the page says it shows. */
export interface LeadImage {
  readonly url: string;
  readonly alt?: string;
  readonly caption?: string;
}

/** Where lazy-loading scripts keep an image's real address until it scrolls into view. */
export const LAZY_SRC = ['data-src', 'data-lazy-src', 'data-original'];

/**
 * Class, id and address words of images that are not a story's picture: logos, avatars, icons,
 * ads, share buttons, tracking pixels and spacers. These are the negative lead-image hints of
 * Postlight Parser (`NEGATIVE_LEAD_IMAGE_URL_HINTS`) that name what an image is rather than where
 * it sits, with the logo and avatar words the brief names (WordPress's `get_avatar` always adds
 * `avatar`; Gravatar's host says it too). Matched as whole words, so `ad` never matches `upload`.
 */
const NOT_A_PICTURE = new Set(['logo', 'avatar', 'gravatar', 'icon', 'favicon', 'emoji', 'smiley', 'sprite', 'spacer', 'blank', 'pixel', 'badge', 'ad', 'ads', 'advert', 'advertisement', 'sponsor', 'promo', 'share', 'social', 'spinner', 'loader', 'throbber', 'placeholder']);
/** At most this many pixels a side (Postlight Parser's "skinny" and "short" images), or this area, is an icon or a pixel, not a lead. */
const MAX_ICON_SIDE = 50;
const MAX_ICON_AREA = 5000;

/**
 * The picture that heads the story on the page, for pages whose JSON-LD and Open Graph name none
 * (WordPress's block themes print the featured image as `<figure class="wp-block-post-featured-image">`
 * above the post's content; classic themes put `post-thumbnail` in the article's header): the
 * first image in the story's `<article>` before its body (or in the article's own header when the
 * article is the body), else in the `<main>` around it before the body. Images in frames
 * (navigation, asides, sidebars, comments, share bars, footers: `isFrame`), images named like a
 * logo, avatar, icon or ad, and images whose width or height attributes make them an icon are
 * passed over. An image inside the body is not a lead: the body shows it already. Undefined when
 * nothing heads the story.
 * @example headingImage(bodyNode, 'https://old.example/2024/03/post/')
 */
export function headingImage(body: Element, base: string): LeadImage | undefined {
  const isScope = (e: Element) => e.name === 'article' || e.name === 'main' || e.attribs.role === 'main';
  // The article first; then the <main> around it, for themes that print the picture above the <article>.
  for (let scope: Element | undefined = isScope(body) ? body : closest(body, isScope); scope; scope = closest(scope, isScope)) {
    const found = headingImageIn(scope, body, base);
    if (found) return found;
  }
  return undefined;
}

function headingImageIn(scope: Element, body: Element, base: string): LeadImage | undefined {
  let found: LeadImage | undefined;
  let reachedBody = false;
  // In document order; `heading` is true where what is met is not the body the import keeps.
  const visit = (node: Node, heading: boolean) => {
    if (found || reachedBody || !isTag(node)) return;
    if (node !== scope && isFrame(node) && !storyHeader(node)) return;
    if (node === body && body !== scope) {
      reachedBody = true;
      return;
    }
    // An article that is its own body keeps everything but its header (page-article's FRAME).
    const here = body === scope ? heading || (node.name === 'header' && node !== scope) : heading;
    if (node.name === 'img' && here) {
      found = picture(node, base);
      return;
    }
    for (const child of node.children) visit(child, here);
  };
  visit(scope, body !== scope);
  return found;
}

/**
 * The author's picture a page prints outside the story: the first image WordPress marks as an
 * avatar (`get_avatar` and the avatar blocks always add the class `avatar`) or served by Gravatar,
 * outside navigation, sidebars, comments and footers (`isFrame`: a commenter's avatar is not the
 * author's) and outside the story's body. On an author's own page it is theirs; on a story with one
 * author, the byline's.
 * @example pageAvatar(parseDocument(html).children, null, 'https://old.example/author/jdoe/')
 */
export function pageAvatar(nodes: Node[], body: Element | null, base: string): string | undefined {
  let found: string | undefined;
  const visit = (node: Node) => {
    if (found || !isTag(node) || node === body || (isFrame(node) && !storyHeader(node))) return;
    if (node.name === 'img') {
      const url = imageSource(node, base);
      const words = (node.attribs.class ?? '').toLowerCase().split(/\s+/);
      if (url && (words.includes('avatar') || /(^|\.)gravatar\.com$/.test(new URL(url).hostname))) found = url;
      return;
    }
    for (const child of node.children) visit(child);
  };
  for (const node of nodes) visit(node);
  return found;
}

/** The image's real address made absolute: a lazy-loaded image's `data-src` when its `src` is empty or a placeholder. */
export function imageSource(img: Element, base: string): string | undefined {
  const src = img.attribs.src ?? '';
  const lazy = LAZY_SRC.map((a) => img.attribs[a]).find((v) => v?.trim());
  const real = lazy && (!src.trim() || src.trim().startsWith('data:')) ? lazy : src;
  return absolute(real, base);
}

export function absolute(href: string | undefined, base: string): string | undefined {
  if (!href?.trim()) return undefined;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** The image as a lead, or undefined when it is a logo, avatar, icon, ad or pixel. */
function picture(img: Element, base: string): LeadImage | undefined {
  const url = imageSource(img, base);
  if (!url) return undefined;
  const named = [img, img.parent && isTag(img.parent) ? img.parent : null].flatMap((e) => (e ? [e.attribs.class ?? '', e.attribs.id ?? ''] : []));
  const u = new URL(url);
  // The file's own name is left out: a story's photo may be called `social-housing.jpg`.
  const words = [...named, u.hostname, u.pathname.replace(/[^/]*$/, '')].join(' ').toLowerCase().split(/[^a-z0-9]+/);
  if (words.some((w) => NOT_A_PICTURE.has(w))) return undefined;
  const width = Number.parseFloat(img.attribs.width ?? '');
  const height = Number.parseFloat(img.attribs.height ?? '');
  if (width <= MAX_ICON_SIDE || height <= MAX_ICON_SIDE || width * height < MAX_ICON_AREA) return undefined;
  const figure = closest(img, (e) => e.name === 'figure');
  const figcaption = figure && DomUtils.findOne((e) => e.name === 'figcaption', [figure]);
  const caption = clean(figcaption ? DomUtils.textContent(figcaption) : '');
  const alt = clean(img.attribs.alt ?? '') || caption;
  return { url, ...(alt ? { alt } : {}), ...(caption ? { caption } : {}) };
}

function closest(node: Element, test: (e: Element) => boolean): Element | undefined {
  for (let p = node.parent; p && isTag(p); p = p.parent) if (test(p)) return p;
  return undefined;
}

const clean = (s: string): string => s.replace(/\s+/g, ' ').trim();
