import { DomUtils } from 'htmlparser2';

const { isTag, isText } = DomUtils;

type Element = Parameters<typeof DomUtils.getAttributeValue>[0];
type Node = Element['children'][number];

/** Elements that hold the page around a story (menus, banners, sidebars, forms, scripts), never the story. */
const NEVER = new Set(['script', 'style', 'noscript', 'template', 'nav', 'header', 'footer', 'aside', 'form', 'button', 'select', 'iframe', 'svg', 'head']);
const NEVER_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']);
/** Blocks whose own paragraphs are counted. */
const BLOCKS = new Set(['div', 'section', 'main', 'td', 'article', 'body', 'center', 'font']);
/** A block's own text: paragraphs and what runs inline (legacy pages write `text<br><br>text`). */
const PARAGRAPHS = new Set(['p', 'pre', 'blockquote']);
const INLINE = new Set(['a', 'b', 'strong', 'i', 'em', 'u', 'span', 'font', 'br', 'sup', 'sub', 'small', 'abbr', 'cite', 'q', 'mark', 'code', 'img']);
/**
 * Class and id words of what frames a story, from Mozilla Readability's `unlikelyCandidates`
 * (comments, related links, share bars, sidebars…), and of what holds one (`okMaybeItsACandidate`
 * and its positive words): a block named both is given the benefit of the doubt.
 */
const UNLIKELY = /-ad-|banner|breadcrumb|combx|comment|community|disqus|extra|foot|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|share|sponsor|supplemental|popup|pager|pagination|teaser|newsletter|cookie|promo/i;
const LIKELY = /article|body|content|entry|main|post|story|text/i;
/** Less own text than this is a contact or section page, not a story (a news brief is a few hundred characters). */
export const MIN_STORY_CHARS = 250;

/**
 * The page's main content block, by text density, for pages that declare no article (no JSON-LD,
 * Open Graph type or `<article>`): each block scores the text of its own paragraphs (and of its
 * inline text, for `text<br><br>text` pages), less the part that is link text, so a story's body
 * beats a list of teasers (each teaser is its own small block), a menu (all links) and a comment
 * (a small block named `comment`). Blocks inside navigation, headers, footers, asides, forms and
 * blocks named like frames (`related`, `sidebar`, `share`…) are not counted. Undefined when no block
 * has `MIN_STORY_CHARS` of text: the page is not a story.
 * @example const main = mainContent(parseDocument(html).children)
 */
export function mainContent(nodes: Node[]): Element | undefined {
  let best: { node: Element; score: number } | undefined;
  const visit = (node: Node, framed: boolean) => {
    if (!isTag(node)) return;
    const hidden = framed || isFrame(node);
    if (!hidden && BLOCKS.has(node.name)) {
      const score = ownText(node);
      if (score >= MIN_STORY_CHARS && (!best || score > best.score)) best = { node, score };
    }
    for (const child of node.children) visit(child, hidden);
  };
  for (const node of nodes) visit(node, false);
  return best?.node;
}

/** Whether an element frames the story rather than tells it (also used to clean the chosen block). */
export function isFrame(e: Element): boolean {
  if (NEVER.has(e.name) || NEVER_ROLES.has(DomUtils.getAttributeValue(e, 'role') ?? '')) return true;
  if (e.name === 'body' || e.name === 'html' || e.name === 'main') return false;
  const names = `${DomUtils.getAttributeValue(e, 'class') ?? ''} ${DomUtils.getAttributeValue(e, 'id') ?? ''}`;
  return UNLIKELY.test(names) && !LIKELY.test(names);
}

/** The block's own paragraph and inline text, in characters, less its link text. */
function ownText(block: Element): number {
  let text = 0;
  let links = 0;
  const count = (node: Node, inLink: boolean) => {
    if (isText(node)) {
      const n = node.data.replace(/\s+/g, ' ').trim().length;
      text += n;
      if (inLink) links += n;
    } else if (isTag(node) && !isFrame(node)) {
      for (const c of node.children) count(c, inLink || node.name === 'a');
    }
  };
  for (const child of block.children) {
    if (isText(child) || (isTag(child) && (PARAGRAPHS.has(child.name) || INLINE.has(child.name)))) count(child, false);
  }
  return text - links * 2;
}

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const MONTH_FIRST = new RegExp(`\\b(${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const DAY_FIRST = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTHS})\\.?,?\\s+(\\d{4})\\b`, 'i');

/**
 * The date a page states in words before its story ("July 23, 2012", "23 July 2012"), as bylines
 * of pages without markup write it: the first one in the page's text before the main block's
 * first line of prose, outside menus and sidebars. A day with no time is taken at noon UTC, so it shows as that day in every time
 * zone from UTC−11 to UTC+11. Undefined when none is written there (dates in the story's text are
 * not the story's date).
 */
export function writtenDate(nodes: Node[], main: Element): number | undefined {
  let found: number | undefined;
  let done = false;
  let inMain = false;
  const visit = (node: Node) => {
    if (found !== undefined || done) return;
    if (isText(node)) {
      // The story's prose has begun (a legacy block writes its date inline, just above it).
      if (inMain && node.data.replace(/\s+/g, ' ').trim().length >= STORY_LINE) done = true;
      else found = dayOf(node.data);
    } else if (isTag(node) && (!isFrame(node) || storyHeader(node))) {
      if (node === main) inMain = true;
      for (const c of node.children) visit(c);
      if (node === main) done = true;
    }
  };
  for (const n of nodes) visit(n);
  return found;
}

/** A text this long is a line of the story, not a byline. */
const STORY_LINE = 100;

/** A `<header>` holding the headline is the story's (its byline and date); the page's own header may show today's date. */
export function storyHeader(e: Element): boolean {
  return e.name === 'header' && DomUtils.findOne((h) => h.name === 'h1', e.children) !== null;
}

function dayOf(text: string): number | undefined {
  const m = MONTH_FIRST.exec(text);
  const d = DAY_FIRST.exec(text);
  const [month, day, year] = m ? [m[1]!, m[2]!, m[3]!] : d ? [d[2]!, d[1]!, d[3]!] : [];
  if (!month) return undefined;
  const index = MONTHS.split('|').findIndex((p) => new RegExp(`^(?:${p})$`, 'i').test(month));
  const ms = Date.UTC(Number(year), index, Number(day), 12);
  return new Date(ms).getUTCDate() === Number(day) ? ms : undefined;
}
