import { parse } from 'yaml';

/** What a Ghost site's `routes.yaml` says about where posts, tags and authors lived. */
export interface GhostRoutes {
  /** In file order: a post belongs to the first collection whose filter it matches. */
  readonly collections: readonly { readonly permalink: string; readonly filter: readonly Condition[] }[];
  readonly tag: string | undefined;
  readonly author: string | undefined;
}

/** One `key:value` of a collection's NQL filter (only `+`, AND, is read). */
interface Condition {
  readonly key: 'tag' | 'primary_tag' | 'author' | 'primary_author' | 'featured';
  readonly values: readonly string[];
  readonly negated: boolean;
}

/** A post as its permalink and filter see it. */
export interface RoutedPost {
  readonly id: string;
  readonly slug: string;
  readonly publishedAt: number | undefined;
  readonly featured: boolean;
  /** Public tag and author slugs, primary first. */
  readonly tags: readonly string[];
  readonly authors: readonly string[];
}

const KEYS = new Set<Condition['key']>(['tag', 'primary_tag', 'author', 'primary_author', 'featured']);

/**
 * Reads Ghost's `routes.yaml` (Settings → Labs → Routes): the `collections` (each a permalink
 * pattern and an optional filter) and `taxonomies`. Filters are read when they are ANDs (`+`) of
 * `tag:`, `primary_tag:`, `author:`, `primary_author:` and `featured:` with one value, a `[list]`,
 * or a `-` negation, which is what collections use in practice; anything else is refused with the
 * reason, rather than guessed (a wrong guess would redirect old URLs to the wrong stories).
 * @example parseGhostRoutes('collections:\n  /news/:\n    permalink: /news/{year}/{slug}/\n')
 */
export function parseGhostRoutes(text: string): GhostRoutes | string {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return `routes.yaml could not be read: ${(e as Error).message.split('\n')[0]}`;
  }
  const root = (doc && typeof doc === 'object' ? doc : {}) as Record<string, unknown>;
  const collections: GhostRoutes['collections'][number][] = [];
  for (const [path, value] of Object.entries((root.collections ?? {}) as Record<string, unknown>)) {
    const c = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
    if (typeof c.permalink !== 'string') return `collection ${path} has no permalink`;
    const filter = typeof c.filter === 'string' ? conditions(c.filter) : [];
    if (typeof filter === 'string') return `collection ${path}: ${filter}`;
    collections.push({ permalink: c.permalink, filter });
  }
  const taxonomies = (root.taxonomies ?? {}) as Record<string, unknown>;
  return { collections, tag: typeof taxonomies.tag === 'string' ? taxonomies.tag : undefined, author: typeof taxonomies.author === 'string' ? taxonomies.author : undefined };
}

/**
 * The post's URL on the old site: its first matching collection's permalink, or undefined (Ghost
 * served it nowhere). `timeZone` is the site's (an IANA name): a post published at 23:30 UTC on
 * 31 December had a 2020/01/01 permalink on a Berlin site.
 */
export function ghostPermalink(routes: GhostRoutes, post: RoutedPost, timeZone = 'UTC'): string | undefined {
  const owner = routes.collections.find((c) => c.filter.every((f) => matches(f, post)));
  if (!owner) return undefined;
  // Ghost fills {year}/{month}/{day} with the publish date in the site's time zone (its `timezone` setting).
  const d = post.publishedAt === undefined ? undefined : calendarDay(post.publishedAt, timeZone);
  const parts: Record<string, string | undefined> = {
    id: post.id,
    slug: post.slug,
    year: d?.year,
    month: d?.month,
    day: d?.day,
    primary_tag: post.tags[0] ?? 'all',
    primary_author: post.authors[0] ?? 'all',
  };
  let missing = false;
  const path = owner.permalink.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = parts[name];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : path;
}

/** The year, month and day (zero-padded) an instant falls on in a time zone. */
function calendarDay(ms: number, timeZone: string): { year: string; month: string; day: string } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** A taxonomy's old URL (`/tag/{slug}/` unless routes.yaml says otherwise). */
export function ghostTermPath(pattern: string | undefined, fallback: string, slug: string): string {
  return (pattern ?? fallback).replace('{slug}', slug);
}

function conditions(filter: string): Condition[] | string {
  const out: Condition[] = [];
  for (const part of filter.split('+').map((p) => p.trim())) {
    const m = /^(\w+):(-?)(\[[^\]]*\]|[\w'"-]+)$/.exec(part);
    if (!m || !KEYS.has(m[1] as Condition['key'])) return `filter ${JSON.stringify(filter)} is not one this importer reads (tag:, primary_tag:, author:, primary_author:, featured: joined by +)`;
    const raw = m[3]!.startsWith('[') ? m[3]!.slice(1, -1).split(',') : [m[3]!];
    out.push({ key: m[1] as Condition['key'], negated: m[2] === '-', values: raw.map((v) => v.trim().replace(/^['"]|['"]$/g, '')) });
  }
  return out;
}

function matches(c: Condition, post: RoutedPost): boolean {
  const have = c.key === 'tag' ? post.tags : c.key === 'author' ? post.authors : c.key === 'primary_tag' ? post.tags.slice(0, 1) : c.key === 'primary_author' ? post.authors.slice(0, 1) : [String(post.featured)];
  const hit = c.values.some((v) => have.includes(v));
  return c.negated ? !hit : hit;
}
