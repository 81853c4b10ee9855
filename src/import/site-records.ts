import { parseDocument } from 'htmlparser2';
import { slugify } from '../domain/index.ts';
import type { ArticleInput, PublishPipeline } from '../publish/index.ts';
import type { GhostTerm } from './ghost-records.ts';
import { type ImportOptions, type ImportReport, importRecords, type SourceRecord } from './import-records.ts';
import { pageAvatar } from './lead-image.ts';
import { FETCH_DEFAULTS, type Fetched, fetchMedia, type MediaFetchOptions } from './media-fetch.ts';
import type { MediaLibrary, MediaReport } from './media-import.ts';
import { type PageArticle, pageArticle } from './page-article.ts';
import { pageNames } from './page-terms.ts';
import { SiteMedia } from './site-media.ts';
import { type SitemapUrl, walkSitemaps } from './sitemap-urls.ts';

export interface SiteImportDeps {
  readonly pipeline: PublishPipeline;
  /** The stored article's last change for a source id, or undefined: a page saved before is not fetched again. */
  readonly lastChange: (sourceId: string) => Promise<number | undefined>;
  /** Waits between two requests to the old site; the CLI's is a timer, tests pass none. */
  readonly pause?: (ms: number) => Promise<void>;
  /** The media library: given, each page's lead and body images are brought into it (the CLI's default; `--no-media` leaves them). */
  readonly media?: MediaLibrary;
  /** Saves redirects from the old section, tag and author pages to the new ones (`saveGhostTerms`); returns those it made. */
  readonly saveTerms?: (terms: readonly GhostTerm[]) => Promise<readonly TermRedirect[]>;
}

/** An old section, tag or author page and the list it now redirects to. */
export interface TermRedirect {
  readonly from: string;
  readonly to: string;
}

export interface SiteImportOptions extends ImportOptions {
  /** Limits and address checks for every request (private addresses refused unless allowed). */
  readonly fetch?: MediaFetchOptions;
  /** Pause between requests to the old site, in ms, so the import does not load it like an attack. */
  readonly delayMs?: number;
  /** Import at most this many pages (a trial run). */
  readonly limit?: number;
  /** Largest image brought into the library, in bytes (the library's own upload limit by default). */
  readonly mediaMaxBytes?: number;
  /** Called after each listed page is read or passed over. */
  readonly onPage?: (done: number, total: number) => void;
}

export interface SiteImportReport extends ImportReport {
  readonly sitemap: string;
  readonly sitemaps: number;
  readonly urls: number;
  /** Pages skipped as already imported and unchanged since (their sitemap lastmod is not newer). */
  readonly resumed: number;
  /** Listed pages that are not articles (home, section or contact pages…). */
  readonly skipped: { url: string; reason: string }[];
  /** Sitemaps or URLs refused before any page was read (other hosts, unreadable sitemaps). */
  readonly sitemapProblems: { url: string; reason: string }[];
  /** Images brought into the media library, reused, or left on the old site (and why); absent without a library. */
  readonly media?: MediaReport;
  /** Old section, tag and author pages (named by the articles' links and structured data, or by a listed page's title) and where they redirect. */
  readonly termRedirects: readonly TermRedirect[];
}

const PAGE_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1';
const SITEMAP_ACCEPT = 'application/xml,text/xml;q=0.9,*/*;q=0.1';
const IMAGE_ACCEPT = 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1';
/** A few pages a second: gentle on the old site, and still 10,000 pages in well under an hour. */
export const DEFAULT_SITE_DELAY_MS = 200;

/**
 * Imports a public site from the outside: its sitemap (found from robots.txt or /sitemap.xml when
 * given the home page), then each listed page's article as the page itself declares it
 * (`pageArticle`). Every request goes through `fetchMedia`'s guard: private addresses refused,
 * redirects re-checked, sizes and time limited. Pages become published articles whose old URL
 * redirects to the new one. Idempotent by URL path; a re-run does not fetch pages it already has
 * unless the sitemap says they changed since, so an interrupted import resumes where it stopped.
 * @example await importSite('https://old.example/', { pipeline, lastChange }, { delayMs: 200 })
 */
export async function importSite(start: string, deps: SiteImportDeps, options: SiteImportOptions = {}): Promise<SiteImportReport> {
  const get = (url: string, accept: string) => fetchMedia(url, { ...FETCH_DEFAULTS, ...options.fetch, accept });
  const sitemap = await findSitemap(start, get);
  const walk = await walkSitemaps(sitemap, (url) => get(url, SITEMAP_ACCEPT));
  const urls = options.limit ? walk.urls.slice(0, options.limit) : walk.urls;
  const skipped: SiteImportReport['skipped'] = [];
  const terms = new SiteTerms();
  let resumed = 0;
  let requests = 0;
  const pause = async () => {
    if (requests++ > 0 && options.delayMs && deps.pause) await deps.pause(options.delayMs);
  };
  // Images come from the old site too: the same guard, the same pause, and the library's size limit.
  const mediaMaxBytes = options.mediaMaxBytes ?? FETCH_DEFAULTS.maxBytes;
  const media =
    deps.media &&
    new SiteMedia(deps.media, async (url) => {
      await pause();
      return fetchMedia(url, { ...FETCH_DEFAULTS, ...options.fetch, maxBytes: mediaMaxBytes, accept: IMAGE_ACCEPT });
    });
  async function* records(): AsyncGenerator<SourceRecord> {
    for (const [i, entry] of urls.entries()) {
      const record = await readPage(entry, i + 1);
      options.onPage?.(i + 1, urls.length);
      if (record) yield record;
    }
  }
  async function readPage(entry: SitemapUrl, line: number): Promise<SourceRecord | undefined> {
    const path = pathOf(entry.loc);
    const sourceId = `site:${path}`;
    const stored = await deps.lastChange(sourceId);
    if (stored !== undefined && (entry.lastmod === undefined || entry.lastmod <= stored)) {
      resumed++;
      return undefined;
    }
    await pause();
    const got = await get(entry.loc, PAGE_ACCEPT);
    if ('missing' in got) return { line, problem: `${entry.loc}: ${got.missing}` };
    const article = pageArticle(new TextDecoder('utf-8').decode(got.data), entry.loc);
    if (typeof article === 'string') {
      if (article.startsWith('not an article')) {
        skipped.push({ url: entry.loc, reason: article });
        terms.listed(entry.loc, got.data);
        return undefined;
      }
      return { line, problem: `${entry.loc}: ${article}` };
    }
    const modifiedAt = article.modifiedAt ?? entry.lastmod;
    const body = media ? await media.body(article.body, entry.loc) : article.body;
    const lead = article.image && media && (await media.resolve(article.image, entry.loc));
    const leadImage = article.image && (lead ? { ...article.image, url: lead } : article.image);
    const slug = slugify(decoded(lastSegment(path)).replace(/\.[a-z0-9]{2,5}$/i, ''));
    const input: ArticleInput = {
      sourceId,
      headline: article.headline,
      standfirst: article.standfirst,
      body,
      bodyFormat: 'html',
      status: 'published',
      ...(article.publishedAt !== undefined ? { publishedAt: article.publishedAt } : {}),
      ...(modifiedAt !== undefined ? { modifiedAt } : {}),
      section: article.section ?? null,
      tags: article.tags,
      authors: article.authors,
      ...(slug ? { slug } : {}),
      ...(leadImage ? { leadImage } : {}),
      sourceText: article.body,
    };
    const canonical = article.canonical && new URL(article.canonical).host === new URL(entry.loc).host ? pathOf(article.canonical) : undefined;
    const redirectFrom = [...new Set([path, ...(canonical ? [canonical] : [])])];
    terms.article(article, entry.loc, redirectFrom);
    return { line, input, redirectFrom };
  }
  // Pages arrive one at a time over the network: small batches keep each saved soon (resuming loses little).
  const report = await importRecords(records(), deps.pipeline, { batchSize: 20, ...options });
  const termRedirects = deps.saveTerms ? await deps.saveTerms(media ? await authorPhotos(terms.found(), media) : terms.found()) : [];
  return { ...report, termRedirects, unchanged: report.unchanged + resumed, sitemap, sitemaps: walk.sitemaps, urls: urls.length, resumed, skipped, sitemapProblems: walk.refused, ...(media ? { media: media.report } : {}) };
}

/** Authors' pictures seen on the old site (their page's avatar, else their bylines') brought into the media library as their photos. */
async function authorPhotos(terms: GhostTerm[], media: SiteMedia): Promise<GhostTerm[]> {
  const out: GhostTerm[] = [];
  for (const term of terms) {
    const photo = term.profileImage && (await media.resolve({ url: term.profileImage, alt: term.name }, term.profileImage));
    out.push(photo ? { ...term, photo } : term);
  }
  return out;
}

/** The sitemap for a start URL: itself when it names one, else robots.txt's `Sitemap:` line, else /sitemap.xml. */
async function findSitemap(start: string, get: (url: string, accept: string) => Promise<Fetched>): Promise<string> {
  const url = new URL(start);
  if (/sitemap|\.xml(\.gz)?$/i.test(url.pathname)) return url.toString();
  const robots = await get(new URL('/robots.txt', url).toString(), 'text/plain');
  if ('data' in robots) {
    for (const line of robots.data.toString('utf8').split(/\r?\n/)) {
      const m = /^\s*sitemap\s*:\s*(\S+)/i.exec(line);
      if (m) {
        try {
          const found = new URL(m[1]!, url);
          if (found.host === url.host) return found.toString();
        } catch {
          // Not a URL: try the next line, then the conventional place.
        }
      }
    }
  }
  return new URL('/sitemap.xml', url).toString();
}

/** A URL's path and query, the part that stays when a site changes host or scheme. */
function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // A stray % in a path: the slug is made from it as written.
  }
}

function lastSegment(path: string): string {
  const segments = path.split('?')[0]!.split('/').filter(Boolean);
  return segments.at(-1) ?? '';
}

type TermKind = GhostTerm['kind'];
const fold = (name: string): string => name.normalize('NFKC').toLowerCase();

/**
 * The old pages of the sections, tags and authors the articles name. An article page links its
 * section (breadcrumbs, a kicker), tags and authors (JSON-LD author `url`, bylines, `rel` links):
 * the best same-host link whose text is the term's name is its old page. A term no article links
 * (a theme that prints the author's name as plain text) is matched to a listed page that is not an
 * article and calls itself by that name (its `<h1>`, or its `<title>` before the site's name).
 */
class SiteTerms {
  private readonly byPath = new Map<string, GhostTerm>();
  private readonly named = new Map<string, { kind: TermKind; name: string; host: string }>();
  private readonly articlePaths = new Set<string>();
  private readonly listedPages: { path: string; host: string; names: string[] }[] = [];
  /** Pictures by folded name: on a listed page that calls itself by that name (an author's page), and in the bylines of single-author stories. */
  private readonly pageAvatars = new Map<string, string>();
  private readonly bylineAvatars = new Map<string, string>();

  article(article: PageArticle, url: string, paths: readonly string[]): void {
    for (const p of paths) this.articlePaths.add(p);
    const host = new URL(url).host;
    // With two authors, whose the byline's picture is cannot be told.
    if (article.avatar && article.authors.length === 1 && !this.bylineAvatars.has(fold(article.authors[0]!))) this.bylineAvatars.set(fold(article.authors[0]!), article.avatar);
    const wanted: [TermKind, string][] = [
      ...(article.section ? [['sections', article.section] as [TermKind, string]] : []),
      ...article.tags.map((t): [TermKind, string] => ['tags', t]),
      ...article.authors.map((a): [TermKind, string] => ['authors', a]),
    ];
    for (const [kind, name] of wanted) {
      const key = `${kind}:${fold(name)}`;
      if (!this.named.has(key)) this.named.set(key, { kind, name, host });
      if ([...this.byPath.values()].some((t) => t.kind === kind && fold(t.name) === fold(name))) continue;
      const link = article.links
        .filter((l) => fold(l.name) === fold(name) && new URL(l.url).host === host && !paths.includes(pathOf(l.url)) && new URL(l.url).pathname !== '/')
        .sort((a, b) => b.weight - a.weight)[0];
      if (link && !this.byPath.has(pathOf(link.url))) this.byPath.set(pathOf(link.url), { kind, name, oldPath: pathOf(link.url) });
    }
  }

  /** A listed page that is not an article: perhaps a section, tag or author page. */
  listed(url: string, html: Buffer): void {
    const doc = parseDocument(new TextDecoder('utf-8').decode(html)).children;
    const names = pageNames(doc).map(fold);
    this.listedPages.push({ path: pathOf(url), host: new URL(url).host, names });
    const avatar = pageAvatar(doc, null, url);
    for (const name of avatar ? names : []) if (!this.pageAvatars.has(name)) this.pageAvatars.set(name, avatar!);
  }

  found(): GhostTerm[] {
    const linked = new Set([...this.byPath.values()].map((t) => `${t.kind}:${fold(t.name)}`));
    for (const [key, term] of this.named) {
      if (linked.has(key)) continue;
      const page = this.listedPages.find((p) => p.host === term.host && !this.byPath.has(p.path) && p.names.includes(fold(term.name)));
      if (page) this.byPath.set(page.path, { kind: term.kind, name: term.name, oldPath: page.path });
    }
    const picture = (t: GhostTerm) => (t.kind === 'authors' ? (this.pageAvatars.get(fold(t.name)) ?? this.bylineAvatars.get(fold(t.name))) : undefined);
    return [...this.byPath.values()].filter((t) => !this.articlePaths.has(t.oldPath)).map((t) => (picture(t) ? { ...t, profileImage: picture(t)! } : t));
  }
}
