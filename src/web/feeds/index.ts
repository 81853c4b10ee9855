/**
 * @module web/feeds
 * RSS, Atom and JSON feeds for every list; sitemap index, parts and the Google News sitemap.
 */
export { buildFeed, FEED_FILES, type FeedContent, type FeedFormat, type FeedList, type FeedSite } from './build-feed.ts';
export { NEWS_SITEMAP_WINDOW_MS, newsSitemap, SITEMAP_MAX_URLS, sitemapIndex, urlSet } from './sitemaps.ts';
