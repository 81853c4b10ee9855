/**
 * @module web/cache
 * The in-memory page cache, the raw response writer it shares with freshly rendered pages, the
 * surrogate keys that let a publish purge only the pages that can show it, and the edge purger.
 */
export { type EdgePurger, NO_EDGE_PURGE, VarnishPurger } from './edge-purge.ts';
export {
  CACHED_BROTLI_QUALITY,
  type CachedPage,
  etagMatches,
  HSTS,
  type KeyParams,
  makePage,
  ON_THE_FLY_BROTLI_QUALITY,
  PAGE_CACHE_CONTROL,
  PAGE_SECURITY_HEADERS,
  PageCache,
  pageKey,
  RESPONSE_SECURITY_HEADERS,
  withHsts,
  writePage,
} from './page-cache.ts';
export { ALL_KEY, type ArticlePlaces, articleKey, HOME_KEY, listKey, listKeys, NEWS_KEY, SITEMAP_KEY, surrogateHeaders, touchedKeys } from './surrogate-keys.ts';
export { REPLICA_PATIENCE_MS, REPLICA_RETRY_MS, VersionFollower } from './version-follower.ts';
