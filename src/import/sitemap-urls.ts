import zlib from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import type { Fetched } from './media-fetch.ts';

/** One page a sitemap lists, with its last change (epoch ms) when the sitemap gives one. */
export interface SitemapUrl {
  readonly loc: string;
  readonly lastmod?: number;
}

export interface SitemapWalk {
  readonly urls: SitemapUrl[];
  /** Sitemaps read (the index and its parts). */
  readonly sitemaps: number;
  /** Sitemaps or listed URLs left out, and why. */
  readonly refused: { url: string; reason: string }[];
}

/** Fetches one URL for the walker; the importer passes the SSRF-guarded fetcher. */
export type FetchUrl = (url: string) => Promise<Fetched>;

/** Sitemap index files nest; more than this many sitemaps is a loop or a trap, not a site. */
const MAX_SITEMAPS = 1000;
const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, isArray: (name) => name === 'sitemap' || name === 'url', parseTagValue: false });

/**
 * Reads a sitemap or sitemap index (sitemaps.org 0.9, gzipped or not) and every sitemap it names,
 * breadth first, once each. As the protocol says, a sitemap lists only URLs of its own host:
 * others are refused rather than fetched (a sitemap must not send the importer elsewhere).
 * @example const { urls } = await walkSitemaps('https://old.example/sitemap.xml', fetchUrl)
 */
export async function walkSitemaps(start: string, fetchUrl: FetchUrl): Promise<SitemapWalk> {
  const host = new URL(start).host;
  const queue = [start];
  const seen = new Set(queue);
  const urls = new Map<string, SitemapUrl>();
  const refused: SitemapWalk['refused'] = [];
  let sitemaps = 0;
  while (queue.length && sitemaps < MAX_SITEMAPS) {
    const url = queue.shift()!;
    const got = await fetchUrl(url);
    if ('missing' in got) {
      refused.push({ url, reason: `sitemap not read: ${got.missing}` });
      continue;
    }
    let doc: Record<string, unknown>;
    try {
      const bytes = got.data[0] === 0x1f && got.data[1] === 0x8b ? zlib.gunzipSync(got.data) : got.data;
      doc = parser.parse(bytes.toString('utf8')) as Record<string, unknown>;
    } catch (e) {
      refused.push({ url, reason: `sitemap not read: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    sitemaps++;
    const index = entries(doc.sitemapindex, 'sitemap');
    const set = entries(doc.urlset, 'url');
    if (!index && !set) refused.push({ url, reason: 'not a sitemap: no <urlset> or <sitemapindex>' });
    for (const e of index ?? []) {
      const loc = sameHost(text(e.loc), url, host, refused);
      if (loc && !seen.has(loc)) {
        seen.add(loc);
        queue.push(loc);
      }
    }
    for (const e of set ?? []) {
      const loc = sameHost(text(e.loc), url, host, refused);
      if (!loc || urls.has(loc)) continue;
      const lastmod = Date.parse(text(e.lastmod));
      urls.set(loc, Number.isFinite(lastmod) ? { loc, lastmod } : { loc });
    }
  }
  if (queue.length) refused.push({ url: queue[0]!, reason: `more than ${MAX_SITEMAPS} sitemaps: the rest were not read` });
  return { urls: [...urls.values()], sitemaps, refused };
}

type Entry = Record<string, unknown>;

function entries(node: unknown, child: string): Entry[] | undefined {
  if (node === undefined) return undefined;
  const list = node && typeof node === 'object' ? (node as Entry)[child] : undefined;
  return Array.isArray(list) ? (list as Entry[]) : [];
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function sameHost(loc: string, base: string, host: string, refused: SitemapWalk['refused']): string | undefined {
  if (!loc) return undefined;
  try {
    const u = new URL(loc, base);
    u.hash = '';
    if (u.host === host && (u.protocol === 'http:' || u.protocol === 'https:')) return u.toString();
  } catch {
    // Reported below like any URL the sitemap may not list.
  }
  refused.push({ url: loc, reason: `not on ${host}: a sitemap lists only its own host's pages` });
  return undefined;
}
