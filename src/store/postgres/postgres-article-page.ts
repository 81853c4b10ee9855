import { type Kysely, sql } from 'kysely';
import type { PageArticleRow, PageParts } from '../article-render-repository.ts';
import { type SummaryRow, toSummary } from '../article-repository.ts';
import { toRef } from '../company-repository.ts';
import { preparedRead } from '../prepared-read.ts';
import type { Database } from '../schema.ts';
import { nameStatement } from './named-statements.ts';

/** The page's row with its lists as `json_agg` gives them back (numbers as JSON numbers). */
type PageJsonRow = PageArticleRow & {
  readonly tags: { id: number; slug: string; name: string; site_id: number }[];
  readonly authors: { id: number; slug: string; name: string; photo_media_id: number | null }[];
  readonly companies: { id: number; source_id: string | null; slug: string; name: string }[];
  /** null: no stored list (an import with --no-related before `related --rebuild`). */
  readonly related: (SummaryRow & { related_id: number; score: number; why: string; status: string | null })[] | null;
};

// An uncached article page on PostgreSQL was six statements (the article with its section and
// stored body; its tags; authors; companies; related list; the listed articles' summaries), each a
// round trip with its own parse, plan and protocol work on both sides: about 2.7 CPU-ms a page
// between the node and the server. Here they are one statement, the lists as JSON, prepared by
// name once per connection (named-statements.ts): planning it was most of the server's work.
// Each list keeps the order and columns of its own read (taxonomy, company, related and article
// repositories), so the page is the same. The related list is cut to the page's length before the
// summaries are joined, as the catalog slices it before asking for them.
const pageWithPartsRead = preparedRead((db, slug: string, relatedLimit: number) => ({
  compile: () => {
    const query = sql<PageJsonRow>`select a.id, a.source_id, a.slug, a.headline, a.standfirst, a.body, a.body_format, a.status, a.section_id,
  a.published_at, a.created_at, a.updated_at, a.word_count, a.lead_image_url, a.lead_image_alt, a.lead_image_caption,
  a.lead_image_credit, a.sponsor_company_id, a.site_id,
  r.render_key, r.html as render_html, r.summary as render_summary, r.read_minutes as render_read_minutes,
  s.slug as section_slug, s.name as section_name, s.site_id as section_site_id,
  (select value from site_state where key = 'directory_version') as directory_version,
  (select coalesce(json_agg(x), '[]') from (
    select t.id, t.slug, t.name, t.site_id from article_tags at join tags t on t.id = at.tag_id
    where at.article_id = a.id order by t.name) x) as tags,
  (select coalesce(json_agg(x), '[]') from (
    select au.id, au.slug, au.name, au.photo_media_id from article_authors aa join authors au on au.id = aa.author_id
    where aa.article_id = a.id order by aa.position) x) as authors,
  (select coalesce(json_agg(x), '[]') from (
    select c.id, c.source_id, c.slug, c.name from article_companies ac join companies c on c.id = ac.company_id
    where ac.article_id = a.id and ac.origin != 'blocked' order by c.name) x) as companies,
  (select json_agg(x) from (
    select rel.related_id, rel.score, rel.why, b.status, b.id, b.source_id, b.slug, b.headline, b.standfirst,
      b.published_at, b.updated_at, bs.slug as section_slug, bs.name as section_name, bs.site_id as section_site,
      b.lead_image_url, b.lead_image_alt, bsp.slug as sponsor_slug, bsp.name as sponsor_name
    from (select related_id, score, why, rank from related where article_id = a.id order by rank limit ${relatedLimit}) rel
    left join articles b on b.id = rel.related_id
    left join sections bs on bs.id = b.section_id
    left join companies bsp on bsp.id = b.sponsor_company_id
    order by rel.rank) x) as related
from articles a
left join article_renders r on r.article_id = a.id
left join sections s on s.id = a.section_id
where a.slug = ${slug}`.compile(db);
    nameStatement(query.sql, 'mh_article_page');
    return query;
  },
}));

/** The article by slug with everything its page reads, in one statement (see above). */
export async function postgresArticlePage(db: Kysely<Database>, slug: string, relatedLimit: number): Promise<{ row: PageArticleRow; parts: PageParts } | undefined> {
  const found = (await pageWithPartsRead(db, slug, relatedLimit))[0];
  if (!found) return undefined;
  const { tags, authors, companies, related, ...row } = found;
  const photos = new Map<number, number>();
  for (const a of authors) if (a.photo_media_id !== null) photos.set(Number(a.id), Number(a.photo_media_id));
  return {
    row,
    parts: {
      tags: tags.map((t) => ({ id: Number(t.id), slug: t.slug, name: t.name, siteId: Number(t.site_id) })),
      authors: authors.map((a) => ({ id: Number(a.id), slug: a.slug, name: a.name })),
      authorPhotos: photos,
      companies: companies.map(toRef),
      related: related === null ? undefined : {
        entries: related.map((r) => ({ relatedId: Number(r.related_id), score: Number(r.score), why: JSON.parse(r.why) as Record<string, unknown> })),
        // As `summariesByIds`: only the published ones, in the list's order.
        summaries: related.filter((r) => r.status === 'published').map(toSummary),
      },
    },
  };
}
