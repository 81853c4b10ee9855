import { DomUtils, type parseDocument } from 'htmlparser2';

type Element = Parameters<typeof DomUtils.getAttributeValue>[0];
type Node = ReturnType<typeof parseDocument>['children'][number];
type Json = Record<string, unknown>;

/** A link a page gives to a list or person: what it names and where, and how surely it is that. */
export interface NamedLink {
  readonly name: string;
  readonly url: string;
  /** 3: structured data (JSON-LD author `url`, BreadcrumbList item); 2: a `rel` link (author, tag, category); 1: any other link. */
  readonly weight: number;
}

/** What a page's own markup says of its terms when it has no structured data (WordPress themes print these). */
export interface MarkupTerms {
  readonly section?: string;
  readonly tags: readonly string[];
  readonly authors: readonly string[];
}

/**
 * Class names WordPress's block themes give the post's categories and its author's name (the
 * default theme Twenty Twenty-Three prints categories as `rel="tag"` links inside
 * `.taxonomy-category`, and the author as a plain `.wp-block-post-author__name`).
 */
const CATEGORY_CLASSES = new Set(['taxonomy-category', 'cat-links']);
const AUTHOR_CLASSES = new Set(['wp-block-post-author__name', 'wp-block-post-author-name', 'author-name']);

const clean = (s: string): string => s.replace(/\s+/g, ' ').trim();
const classes = (e: Element): string[] => (DomUtils.getAttributeValue(e, 'class') ?? '').split(/\s+/);
const rels = (e: Element): string[] => (DomUtils.getAttributeValue(e, 'rel') ?? '').toLowerCase().split(/\s+/);
const within = (e: Element, test: (p: Element) => boolean): boolean => {
  for (let p = e.parent as Element | null; p && p.type === 'tag'; p = p.parent as Element | null) if (test(p)) return true;
  return false;
};

/**
 * The links a page gives to people and lists, outside the story's own body: JSON-LD authors'
 * `url` and BreadcrumbList items, `rel="author"`/`rel="tag"`/`rel="category"` links, then every
 * other link with its text. The site importer matches them against the article's section, tags
 * and authors to find the old section, tag and author pages.
 */
export function namedLinks(nodes: Node[], ld: Json | undefined, body: Element | null, base: string): NamedLink[] {
  const out: NamedLink[] = [];
  const add = (name: unknown, url: unknown, weight: number) => {
    if (typeof name !== 'string' || typeof url !== 'string' || !clean(name)) return;
    try {
      out.push({ name: clean(name), url: new URL(url, base).toString(), weight });
    } catch {
      // Not a URL: nothing to redirect.
    }
  };
  for (const a of ([] as unknown[]).concat(ld?.author ?? [])) if (a && typeof a === 'object') add((a as Json).name, (a as Json).url ?? (a as Json)['@id'], 3);
  for (const item of breadcrumbItems(nodes)) {
    const target = item.item && typeof item.item === 'object' ? ((item.item as Json)['@id'] ?? (item.item as Json).url) : item.item;
    add(item.name ?? (item.item as Json | undefined)?.name, target, 3);
  }
  const links = DomUtils.findAll((e) => e.name === 'a' && !!e.attribs.href, nodes).filter((a) => !body || !within(a, (p) => p === body));
  for (const a of links) {
    const weight = rels(a).some((r) => r === 'author' || r === 'tag' || r === 'category') ? 2 : 1;
    add(DomUtils.textContent(a), a.attribs.href, weight);
  }
  return out;
}

/** The items of the page's JSON-LD BreadcrumbLists (also inside `@graph`). */
function breadcrumbItems(nodes: Node[]): Json[] {
  const items: Json[] = [];
  for (const obj of jsonLdObjects(nodes)) {
    if (([] as unknown[]).concat(obj['@type'] ?? []).includes('BreadcrumbList')) items.push(...([] as unknown[]).concat(obj.itemListElement ?? []).filter((i): i is Json => !!i && typeof i === 'object'));
  }
  return items;
}

/**
 * Every object in the page's JSON-LD blocks, block by block, each block breadth first through
 * arrays and `@graph`. A block that does not parse is skipped, as search engines skip it.
 */
export function* jsonLdObjects(nodes: Node[]): Generator<Json> {
  for (const script of DomUtils.findAll((e) => e.name === 'script' && (DomUtils.getAttributeValue(e, 'type') ?? '').trim().toLowerCase() === 'application/ld+json', nodes)) {
    let data: unknown;
    try {
      data = JSON.parse(DomUtils.textContent(script));
    } catch {
      continue;
    }
    const stack: unknown[] = [data];
    while (stack.length) {
      const item = stack.shift();
      if (Array.isArray(item)) stack.push(...item);
      else if (item && typeof item === 'object') {
        const obj = item as Json;
        yield obj;
        if (obj['@graph']) stack.push(obj['@graph']);
      }
    }
  }
}

/**
 * The section, tags and authors a page prints without structured data: `rel="category"` links (or
 * links in a categories list) as the section, other `rel="tag"` links as tags, `rel="author"`
 * links or a WordPress author-name element as authors.
 */
export function markupTerms(nodes: Node[]): MarkupTerms {
  const termLinks = DomUtils.findAll((e) => e.name === 'a' && rels(e).some((r) => r === 'tag' || r === 'category'), nodes);
  const isCategory = (a: Element) => rels(a).includes('category') || within(a, (p) => classes(p).some((c) => CATEGORY_CLASSES.has(c)));
  const categories = termLinks.filter(isCategory).map((a) => clean(DomUtils.textContent(a)));
  const tags = termLinks.filter((a) => !isCategory(a)).map((a) => clean(DomUtils.textContent(a)));
  const authorLinks = DomUtils.findAll((e) => e.name === 'a' && rels(e).includes('author'), nodes);
  const authorNames = authorLinks.length ? authorLinks : DomUtils.findAll((e) => classes(e).some((c) => AUTHOR_CLASSES.has(c)), nodes);
  const distinct = (list: string[]) => [...new Set(list.filter(Boolean))];
  const section = categories.find(Boolean);
  return { ...(section ? { section } : {}), tags: distinct([...categories.slice(1), ...tags]), authors: distinct(authorNames.map((e) => clean(DomUtils.textContent(e)))) };
}

/**
 * What a list or person page calls itself: its `<h1>` and its `<title>` before the site's name
 * ("Jane Doe – Old Trade News"). A sitemap lists these pages; the site importer matches them
 * against the names of the sections, tags and authors it imported.
 */
export function pageNames(nodes: Node[]): string[] {
  const h1 = DomUtils.findOne((e) => e.name === 'h1', nodes);
  const title = DomUtils.findOne((e) => e.name === 'title', nodes);
  const titleText = title ? clean(DomUtils.textContent(title)) : '';
  const beforeSite = titleText.split(/\s+(?:[|\-–—]|::)\s+/)[0] ?? '';
  return [...new Set([h1 ? clean(DomUtils.textContent(h1)) : '', beforeSite].filter(Boolean))];
}
