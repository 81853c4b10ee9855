import { hash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { surrogateHeaders } from './surrogate-keys.ts';

/** A rendered response kept in memory, with its compressed variants made once on first demand. */
export interface CachedPage {
  readonly status: number;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly etag: string;
  /** The surrogate keys of what it shows; a page without them is purged by every change. */
  readonly keys?: readonly string[];
  gzip?: Buffer;
  br?: Buffer;
  /** A cache hit's response headers per coding, built on its first hit: later hits build nothing. */
  hitHeaders?: { identity?: Readonly<Record<string, string | number>>; br?: Readonly<Record<string, string | number>>; gzip?: Readonly<Record<string, string | number>> };
}

/** Headers every page carries: one frozen object, so a cache hit builds nothing. */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
});

/**
 * Headers every other response carries (the API's JSON, redirects, stylesheets, media): nothing
 * in them may run, load or be framed.
 */
export const RESPONSE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...PAGE_SECURITY_HEADERS,
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
});

/** One year, the least that HSTS preload lists accept. */
export const HSTS = 'max-age=31536000';

/**
 * `headers` plus Strict-Transport-Security when the site's public origin is https. Keyed on
 * SITE_URL rather than on each request's scheme: cached pages are answered before any proxy
 * header is read, and the origin readers are sent to is https whatever hop the request came
 * through (browsers ignore the header on plain http, so local http requests are unharmed).
 */
export function withHsts(headers: Readonly<Record<string, string>>, siteUrl: string): Readonly<Record<string, string>> {
  return siteUrl.startsWith('https:') ? Object.freeze({ ...headers, 'strict-transport-security': HSTS }) : headers;
}

/** Readers get a page up to a minute old; after that, a stale copy while a fresh one is fetched. */
export const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600, stale-if-error=86400';

export function makePage(
  status: number,
  contentType: string,
  body: string | Buffer,
  lastModified: number | undefined,
  cacheControl = PAGE_CACHE_CONTROL,
  securityHeaders = PAGE_SECURITY_HEADERS,
  /** What the page shows (see `surrogate-keys.ts`): named for edge caches, and kept for targeted purges. */
  keys?: readonly string[],
): CachedPage {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  // One-shot hashing: the same digest without a Hash object per page (a cache-off page makes one each view).
  const etag = `"${hash('sha1', buf, 'base64url').slice(0, 22)}"`;
  const headers: Record<string, string> = {
    ...securityHeaders,
    'content-type': contentType,
    'cache-control': cacheControl,
    etag,
    vary: 'Accept-Encoding',
  };
  if (lastModified) headers['last-modified'] = new Date(lastModified).toUTCString();
  Object.assign(headers, surrogateHeaders(keys ?? []));
  return { status, body: buf, headers, etag, ...(keys?.length ? { keys } : {}) };
}

/** Whether a request's If-None-Match names `etag` (one tag or a list). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  return !!ifNoneMatch && (ifNoneMatch === etag || ifNoneMatch.split(/\s*,\s*/).includes(etag));
}

function acceptsEncoding(req: IncomingMessage, coding: string): boolean {
  const accept = req.headers['accept-encoding'];
  return typeof accept === 'string' && accept.includes(coding);
}

/** Brotli quality of a page kept in the cache: compressed once, sent many times. */
export const CACHED_BROTLI_QUALITY = 5;
/**
 * Brotli quality of a page sent once (the cache is off, or the page is not kept): compressed for
 * each reader, so cheaper, as CDNs and nginx compress on the fly. A 12 KB article page: quality 4
 * takes about 0.7× the time of 5 for about 6 % more bytes.
 */
export const ON_THE_FLY_BROTLI_QUALITY = 4;

/**
 * `compressed` in a buffer of its own size. zlib's sync calls return a view into their 16 KiB
 * output chunk, so a 4 KiB brotli body kept in the page cache held all 16 KiB: the cache counted a
 * quarter of what it held (at 100,000 articles its 32 MiB of bodies were about 50 MiB of Buffers).
 * Never from Buffer's shared pool, whose 8 KiB slabs a small kept body would pin the same way.
 */
function ownSized(compressed: Buffer): Buffer {
  if (compressed.byteLength === compressed.buffer.byteLength) return compressed;
  const own = Buffer.allocUnsafeSlow(compressed.byteLength);
  compressed.copy(own);
  return own;
}

/** The body a request gets: brotli or gzip when accepted (compressed once and kept), else as it is. */
function encoded(req: IncomingMessage, page: CachedPage, brotliQuality = CACHED_BROTLI_QUALITY): { coding: 'identity' | 'br' | 'gzip'; body: Buffer } {
  if (page.body.length <= 860) return { coding: 'identity', body: page.body };
  if (acceptsEncoding(req, 'br')) {
    page.br ??= ownSized(zlib.brotliCompressSync(page.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality } }));
    return { coding: 'br', body: page.br };
  }
  if (acceptsEncoding(req, 'gzip')) {
    page.gzip ??= ownSized(zlib.gzipSync(page.body, { level: 6 }));
    return { coding: 'gzip', body: page.gzip };
  }
  return { coding: 'identity', body: page.body };
}

/**
 * Writes a page straight to Node's response: 304 when the reader's copy is current, otherwise
 * the body (brotli or gzip when accepted, compressed once and kept).
 */
export function writePage(req: IncomingMessage, res: ServerResponse, page: CachedPage, extraHeaders?: Record<string, string>, brotliQuality = CACHED_BROTLI_QUALITY): void {
  const headers: Record<string, string | number> = extraHeaders ? { ...page.headers, ...extraHeaders } : { ...page.headers };
  if (page.status === 200 && etagMatches(req.headers['if-none-match'], page.etag)) {
    delete headers['content-type'];
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const { coding, body } = encoded(req, page, brotliQuality);
  if (coding !== 'identity') headers['content-encoding'] = coding;
  headers['content-length'] = body.length;
  res.writeHead(page.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

const HIT = Object.freeze({ 'x-cache': 'HIT' });

/**
 * `writePage` for a cache hit, the hot path: the headers of each coding are built once per page
 * and reused (a hit copies no header object), and a 304 goes the ordinary way.
 */
function writeHit(req: IncomingMessage, res: ServerResponse, page: CachedPage): void {
  if (page.status === 200 && req.headers['if-none-match'] !== undefined) {
    writePage(req, res, page, HIT);
    return;
  }
  const { coding, body } = encoded(req, page);
  page.hitHeaders ??= {};
  const memo = page.hitHeaders;
  memo[coding] ??= Object.freeze({ ...page.headers, ...HIT, ...(coding === 'identity' ? {} : { 'content-encoding': coding }), 'content-length': body.length });
  const headers = memo[coding];
  res.writeHead(page.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * The query parameters a page depends on: its cache key is its path and these, so `?utm_source=`
 * and the like share one entry. `undefined`: the whole query string (a page that did not say).
 */
export type KeyParams = readonly string[] | undefined;

/** The cache key of `url` for a page that depends on `params`: the path, then those parameters in their given order. */
export function pageKey(url: string, params: KeyParams): string {
  const q = url.indexOf('?');
  if (q < 0 || params === undefined) return url;
  const path = url.slice(0, q);
  if (params.length === 0) return path;
  const query = new URLSearchParams(url.slice(q + 1));
  const kept: string[] = [];
  for (const name of params) for (const value of query.getAll(name)) kept.push(`${name}=${encodeURIComponent(value)}`);
  return kept.length > 0 ? `${path}?${kept.join('&')}` : path;
}

/** What a page costs in memory beyond its bodies: its headers, key and bookkeeping, roughly. */
const ENTRY_OVERHEAD_BYTES = 1024;

/** A page's bytes: the body and whichever compressed variants have been made so far. */
function pageBytes(page: CachedPage): number {
  return ENTRY_OVERHEAD_BYTES + page.body.length + (page.gzip?.length ?? 0) + (page.br?.length ?? 0);
}

/**
 * Rendered pages by cache key (see `pageKey`). Bounded in entries and in bytes, compressed
 * variants included; the least recently used go first. When published content changes (here or
 * through another app node, seen by the content-version follower), a publish purges only the
 * pages whose surrogate keys it touches (and every page that named none); any other change
 * empties the whole cache.
 */
export class PageCache {
  /** In use order, least recent first: a hit moves its page to the end. */
  private readonly pages = new Map<string, { page: CachedPage; bytes: number; expiresAt: number | undefined; path: string }>();
  /**
   * The parameters each cached path's page depends on, learnt when it was stored; needed to key a
   * request before routing. Counted, and dropped with the path's last page: it holds no path the
   * cache does not, so it is bounded as the pages are (a crawler's made-up paths once grew it without end).
   */
  private readonly paramsByPath = new Map<string, { params: KeyParams; pages: number }>();
  private totalBytes = 0;
  /** Purges under way that the cache waits for (see `holdUntil`). */
  private held = 0;
  private version = -1;
  /** Goes up at every clear: a page rendered for a request that arrived before a clear may predate the change. */
  private generation = 0;
  private readonly missedAt = new WeakMap<IncomingMessage, number>();
  /** Requests answered from the cache, and GET/HEAD requests that were not, since start (for /metrics: plain counts, nothing per hit beyond an increment). */
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
    /** Epoch ms now, for pages kept only until a given time (`set`'s `expiresAt`). */
    private readonly clock: () => number = Date.now,
    /**
     * What goes before a request's URL in its key: its site ('' with one site); undefined for a
     * request that must not be served from the cache (a host that redirects to its site's primary).
     */
    readonly siteKey: (req: IncomingMessage) => string | undefined = () => '',
  ) {}

  get enabled(): boolean {
    return this.maxEntries > 0 && this.maxBytes > 0;
  }

  get size(): number {
    return this.pages.size;
  }

  /** Paths whose parameters the cache keeps (at most one per page held). */
  get knownPaths(): number {
    return this.paramsByPath.size;
  }

  /** Bytes held: bodies and compressed variants, plus a fixed allowance per entry. */
  get bytes(): number {
    return this.totalBytes;
  }

  get(key: string): CachedPage | undefined {
    return this.pages.get(key)?.page;
  }

  /**
   * Keeps `page` under `url`'s key for a page that depends on `params`; with `expiresAt` (epoch
   * ms), only until then (a page whose content changes at a known time: a sponsorship's period).
   */
  set(url: string, page: CachedPage, params?: KeyParams, expiresAt?: number): void {
    if (!this.enabled) return;
    const key = pageKey(url, params);
    const bytes = pageBytes(page);
    if (bytes > this.maxBytes) return;
    this.delete(key);
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    this.paramsByPath.set(path, { params, pages: (this.paramsByPath.get(path)?.pages ?? 0) + 1 });
    this.pages.set(key, { page, bytes, expiresAt, path });
    this.totalBytes += bytes;
    this.evict();
  }

  clear(): void {
    this.pages.clear();
    this.paramsByPath.clear();
    this.totalBytes = 0;
    this.generation++;
  }

  /**
   * Keeps a page rendered for `req`, unless the cache was emptied while it rendered: its reads may
   * have seen the content from before the change, and kept it would stay until the next one. A
   * node empties its cache when it sees the content version move: after the change's commit, on a
   * replica after the replay, and for another node's change a notification or a poll later, while
   * pages that read the data before (or a service's snapshot of it, such as the ads' campaigns)
   * are still rendering (seen in CI: an ended campaign's ad cached on the other node).
   */
  setFor(req: IncomingMessage, url: string, page: CachedPage, params?: KeyParams, expiresAt?: number): void {
    const arrived = this.missedAt.get(req);
    if (arrived !== undefined && arrived !== this.generation) return;
    // Keyed by the request's site as well as its URL, as `tryServe` looks it up.
    const site = this.siteKey(req);
    if (site !== undefined) this.set(site + url, page, params, expiresAt);
  }

  /**
   * Counts the compressed variants writing `page` may have added (they are made on first demand)
   * and evicts to stay in bounds.
   */
  written(req: IncomingMessage, url: string, params?: KeyParams): void {
    const site = this.siteKey(req);
    const entry = site === undefined ? undefined : this.pages.get(pageKey(site + url, params));
    if (entry) this.recount(entry);
  }

  /**
   * Drops the pages that show anything `keys` names, and every page that named nothing (it may
   * show anything). A page rendering meanwhile is treated as across a clear (see `setFor`).
   */
  purge(keys: readonly string[]): void {
    const touched = new Set(keys);
    for (const [key, entry] of this.pages) {
      const shows = entry.page.keys;
      if (!shows || shows.some((k) => touched.has(k))) this.delete(key);
    }
    this.generation++;
  }

  /**
   * Serves nothing from the cache until `purged` settles: a publish on this node, while the keys
   * it touches are read and purged. (Pages rendered meanwhile are kept: they read the new content.)
   */
  holdUntil(purged: Promise<unknown>): void {
    this.held++;
    const release = () => {
      this.held--;
    };
    purged.then(release, release);
  }

  /** The content version the cache holds pages of (-1 before the first look). */
  get contentVersion(): number {
    return this.version;
  }

  /**
   * Follows the store's content version; when it moved, purges `keys` (the keys of every change
   * in between, when each is known) or else empties the cache. Returns whether it moved.
   */
  syncVersion(version: number, keys?: readonly string[]): boolean {
    if (version === this.version) return false;
    this.version = version;
    if (keys) this.purge(keys);
    else this.clear();
    return true;
  }

  /**
   * Serves a request from the cache if it can: called before Fastify routes anything, so a warm
   * page costs a lookup or two and one write.
   */
  tryServe(req: IncomingMessage, res: ServerResponse): boolean {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url) return false;
    if (this.held > 0) {
      this.misses++;
      this.missedAt.set(req, this.generation);
      return false;
    }
    const site = this.siteKey(req);
    const key = site === undefined ? undefined : this.keyOf(site + req.url);
    let entry = key === undefined ? undefined : this.pages.get(key);
    if (entry?.expiresAt !== undefined && this.clock() >= entry.expiresAt) {
      this.delete(key!);
      entry = undefined;
    }
    if (key === undefined || !entry) {
      this.misses++;
      this.missedAt.set(req, this.generation);
      return false;
    }
    // Most recently used goes last, so eviction takes the least recently used first.
    this.pages.delete(key);
    this.pages.set(key, entry);
    writeHit(req, res, entry.page);
    this.hits++;
    this.recount(entry);
    return true;
  }

  /** A request's cache key, when a page for its path is cached (only then are its parameters known). */
  private keyOf(url: string): string | undefined {
    const q = url.indexOf('?');
    if (q < 0) return url;
    const path = url.slice(0, q);
    const known = this.paramsByPath.get(path);
    return known ? pageKey(url, known.params) : undefined;
  }

  private recount(entry: { page: CachedPage; bytes: number }): void {
    const bytes = pageBytes(entry.page);
    if (bytes === entry.bytes) return;
    this.totalBytes += bytes - entry.bytes;
    entry.bytes = bytes;
    this.evict();
  }

  private delete(key: string): void {
    const entry = this.pages.get(key);
    if (!entry) return;
    this.pages.delete(key);
    this.totalBytes -= entry.bytes;
    const known = this.paramsByPath.get(entry.path);
    if (known && --known.pages <= 0) this.paramsByPath.delete(entry.path);
  }

  private evict(): void {
    while (this.pages.size > this.maxEntries || this.totalBytes > this.maxBytes) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }
}
