import { type RawBuilder, sql } from 'kysely';

/**
 * "This article is on this site": its home site, or cross-published there. The article is the
 * query's `a` alias (every listing names it so). Parameterized; the subquery reads the
 * `article_sites_site` index, which is empty on an installation that never cross-publishes.
 */
export function onSite(siteId: number): RawBuilder<boolean> {
  return sql<boolean>`(a.site_id = ${siteId} or a.id in (select article_id from article_sites where site_id = ${siteId}))`;
}
