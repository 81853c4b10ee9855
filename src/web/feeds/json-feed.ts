import type { FeedModel } from './feed-model.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). `summary` is plain text; without the body, `content_text` carries it. */
export function writeJsonFeed(feed: FeedModel): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.selfUrls.json,
    ...(feed.description ? { description: feed.description } : {}),
    language: feed.language,
    authors: [feed.publisher],
    items: feed.entries.map((e) => ({
      id: e.url,
      url: e.url,
      title: e.title,
      summary: e.summary,
      ...(e.contentHtml === undefined ? { content_text: e.summary } : { content_html: e.contentHtml }),
      ...(e.imageUrl ? { image: e.imageUrl } : {}),
      date_published: iso(e.published),
      date_modified: iso(e.updated),
      authors: e.authors.length ? e.authors : [feed.publisher],
      ...(e.categories.length ? { tags: e.categories.map((c) => c.label) } : {}),
    })),
  });
}
