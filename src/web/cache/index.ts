/**
 * @module web/cache
 * The in-memory page cache and the raw response writer it shares with freshly rendered pages.
 */
export {
  type CachedPage,
  etagMatches,
  HSTS,
  type KeyParams,
  makePage,
  PAGE_CACHE_CONTROL,
  PAGE_SECURITY_HEADERS,
  PageCache,
  pageKey,
  RESPONSE_SECURITY_HEADERS,
  withHsts,
  writePage,
} from './page-cache.ts';
export { REPLICA_PATIENCE_MS, REPLICA_RETRY_MS, VersionFollower } from './version-follower.ts';
