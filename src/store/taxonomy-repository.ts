import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { slugify } from '../domain/index.ts';
import { insertRows } from './insert-rows.ts';
import { FIRST_SITE_ID } from './migrations/0023-sites.ts';
import { preparedRead } from './prepared-read.ts';
import type { AuthorRow, Database, SectionRow, TagRow } from './schema.ts';
import { onSite } from './site-filter.ts';

type NamedTable = 'sections' | 'tags' | 'authors';

/** One article's tags and authors; `replace` when it may already have some (an update). */
export interface ArticleLinks {
  readonly articleId: number;
  readonly tagIds: readonly number[];
  readonly authorIds: readonly number[];
  readonly replace: boolean;
}

export interface Named {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
}

/**
 * A section or tag: `siteId` is the site it belongs to (each site has its own, slugs unique within
 * it); `url`, set by a site's catalog when that is another site, is its page on that site.
 */
export interface Term extends Named {
  readonly siteId: number;
  readonly url?: string;
}

/** The two taxonomies editors manage in the admin. */
export type TermKind = 'sections' | 'tags';

/** A section or tag with how many articles use it (any status) and how many of those are published. */
export interface TermUsage extends Named {
  /** Sections have one; tags do not (null). */
  readonly description: string | null;
  readonly articles: number;
  readonly published: number;
  /** The site it belongs to. */
  readonly siteId: number;
}

// An article page's reads, compiled once (see prepared-read.ts).
const tagsOfRead = preparedRead((db, articleIds: readonly number[]) =>
  db.selectFrom('article_tags as at').innerJoin('tags as t', 't.id', 'at.tag_id').select(['at.article_id', 't.id', 't.slug', 't.name', 't.site_id']).where('at.article_id', 'in', articleIds).orderBy('t.name'),
);
const authorsOfRead = preparedRead((db, articleIds: readonly number[]) =>
  db
    .selectFrom('article_authors as aa')
    .innerJoin('authors as au', 'au.id', 'aa.author_id')
    .select(['aa.article_id', 'au.id', 'au.slug', 'au.name'])
    .where('aa.article_id', 'in', articleIds)
    .orderBy('aa.position'),
);
const sectionByIdRead = preparedRead((db, id: number) => db.selectFrom('sections').selectAll().where('id', '=', id));

/** Sections, tags and authors: named things an article belongs to, found or made by name. */
export class TaxonomyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** `siteId`: only that site's sections, each counting its published articles on the site (home or cross-published). */
  async sections(siteId?: number): Promise<(SectionRow & { count: number })[]> {
    const q = this.db
      .selectFrom('sections as s')
      .leftJoin('articles as a', (j) => {
        const on = j.onRef('a.section_id', '=', 's.id').on('a.status', '=', 'published');
        return siteId === undefined ? on : on.on(onSite(siteId));
      });
    const rows = await (siteId === undefined ? q : q.where('s.site_id', '=', siteId))
      .select(['s.id', 's.slug', 's.name', 's.description', 's.site_id', (eb) => eb.fn.count<number>('a.id').as('count')])
      .groupBy(['s.id', 's.slug', 's.name', 's.description', 's.site_id'])
      .orderBy('s.name')
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), site_id: Number(r.site_id), count: Number(r.count) }));
  }

  /**
   * A site's section by slug (each site has its own; absent: the first site's, which with one site
   * is every section). The same for tags below.
   */
  sectionBySlug(slug: string, siteId = FIRST_SITE_ID): Promise<SectionRow | undefined> {
    return this.db.selectFrom('sections').selectAll().where('slug', '=', slug).where('site_id', '=', siteId).executeTakeFirst();
  }

  async sectionById(id: number): Promise<SectionRow | undefined> {
    return (await sectionByIdRead(this.db, id))[0];
  }

  tagBySlug(slug: string, siteId = FIRST_SITE_ID): Promise<TagRow | undefined> {
    return this.db.selectFrom('tags').selectAll().where('slug', '=', slug).where('site_id', '=', siteId).executeTakeFirst();
  }

  authorBySlug(slug: string): Promise<AuthorRow | undefined> {
    return this.db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  /**
   * The id of the row named `name`, creating it when new. Names map to slugs, so "Smart cities"
   * and "Smart Cities" are one section. Sections and tags are found and made within `siteId` (the
   * site of the article that names them; absent: the first site): another site's "News" is never
   * reused. Authors are shared by every site.
   */
  async ensure(table: NamedTable, name: string, siteId = FIRST_SITE_ID): Promise<number> {
    const clean = name.replace(/\s+/g, ' ').trim();
    const slug = slugify(clean);
    const shared = table === 'authors';
    // Sections and tags have a site_id, authors none: the condition is added only for them.
    const own = <Q extends SelectQueryBuilder<Database, NamedTable, { id: number }>>(q: Q): Q => (shared ? q : (q.where('site_id' as never, '=', siteId as never) as Q));
    const found = await own(this.db.selectFrom(table).select('id').where('slug', '=', slug)).executeTakeFirst();
    if (found) return Number(found.id);
    // A section or tag whose slug an editor changed is still found by its name.
    const named = await own(this.db.selectFrom(table).select('id').where(sql<string>`lower(name)`, '=', clean.toLowerCase()))
      .orderBy('id')
      .executeTakeFirst();
    if (named) return Number(named.id);
    const row = await this.db
      .insertInto(table)
      .values((shared ? { slug, name: clean } : { slug, name: clean, site_id: siteId }) as never)
      .onConflict((oc) => (shared ? oc.column('slug') : oc.columns(['slug', 'site_id' as never])).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) return Number(row.id);
    const again = await own(this.db.selectFrom(table).select('id').where('slug', '=', slug)).executeTakeFirstOrThrow();
    return Number(again.id);
  }

  /**
   * Sets the tags and authors (in order) of many articles at once: one delete for the articles
   * that had links (`replace`), one insert per link table.
   */
  async setLinks(links: readonly ArticleLinks[]): Promise<void> {
    const replaced = links.filter((l) => l.replace).map((l) => l.articleId);
    if (replaced.length) {
      await this.db.deleteFrom('article_tags').where('article_id', 'in', replaced).execute();
      await this.db.deleteFrom('article_authors').where('article_id', 'in', replaced).execute();
    }
    const tags = links.flatMap((l) => [...new Set(l.tagIds)].map((tag_id) => ({ article_id: l.articleId, tag_id })));
    const authors = links.flatMap((l) => [...new Set(l.authorIds)].map((author_id, position) => ({ article_id: l.articleId, author_id, position })));
    await insertRows(this.db, 'article_tags', tags);
    await insertRows(this.db, 'article_authors', authors);
  }

  async tagsOf(articleIds: readonly number[]): Promise<Map<number, Term[]>> {
    const out = new Map<number, Term[]>();
    if (!articleIds.length) return out;
    const rows = await tagsOfRead(this.db, articleIds);
    for (const r of rows) push(out, Number(r.article_id), { id: Number(r.id), slug: r.slug, name: r.name, siteId: Number(r.site_id) });
    return out;
  }

  async authorsOf(articleIds: readonly number[]): Promise<Map<number, Named[]>> {
    const out = new Map<number, Named[]>();
    if (!articleIds.length) return out;
    const rows = await authorsOfRead(this.db, articleIds);
    for (const r of rows) push(out, Number(r.article_id), { id: Number(r.id), slug: r.slug, name: r.name });
    return out;
  }
}

/** Sections and tags for the admin: counted, paged, renamed, deleted and (tags) merged. */
export class TermAdminRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A page of terms, by name or by use (most used first), optionally only names containing `q`. */
  async list(
    kind: TermKind,
    opts: { q?: string | undefined; sort: 'name' | 'articles'; limit: number; offset: number; siteIds?: readonly number[] | undefined },
  ): Promise<{ total: number; items: TermUsage[] }> {
    const named = opts.q ? sql`lower(t.name) LIKE ${`%${opts.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'` : undefined;
    const onSites = opts.siteIds ? termOnSites(kind, opts.siteIds) : undefined;
    const where = named && onSites ? sql`WHERE ${named} AND ${onSites}` : named || onSites ? sql`WHERE ${named ?? onSites}` : sql``;
    const order = opts.sort === 'articles' ? sql`articles DESC, t.name` : sql`t.name`;
    const [count, rows] = await Promise.all([
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(kind)} t ${where}`.execute(this.db),
      sql<UsageRow>`${this.counted(kind)} ${where} ORDER BY ${order} LIMIT ${opts.limit} OFFSET ${opts.offset}`.execute(this.db),
    ]);
    return { total: Number(count.rows[0]?.n ?? 0), items: rows.rows.map(toUsage) };
  }

  /** `siteIds`: only a term of those sites (made by one, or on one of their articles). */
  async byId(kind: TermKind, id: number, siteIds?: readonly number[]): Promise<TermUsage | undefined> {
    const onSites = siteIds ? sql` AND ${termOnSites(kind, siteIds)}` : sql``;
    const { rows } = await sql<UsageRow>`${this.counted(kind)} WHERE t.id = ${id}${onSites}`.execute(this.db);
    return rows[0] && toUsage(rows[0]);
  }

  /** A site's term by slug (absent: the first site's). */
  async bySlug(kind: TermKind, slug: string, siteId = FIRST_SITE_ID): Promise<Named | undefined> {
    const row = await this.db.selectFrom(kind).select(['id', 'slug', 'name']).where('slug', '=', slug).where('site_id', '=', siteId).executeTakeFirst();
    return row && { id: Number(row.id), slug: row.slug, name: row.name };
  }

  async update(kind: TermKind, id: number, fields: { name: string; slug: string; description?: string }): Promise<void> {
    const set = kind === 'sections' ? { name: fields.name, slug: fields.slug, description: fields.description ?? '' } : { name: fields.name, slug: fields.slug };
    await this.db.updateTable(kind).set(set).where('id', '=', id).execute();
  }

  /** Sets an author's bio; false when it already was that (nothing written). */
  async setAuthorBio(id: number, bio: string): Promise<boolean> {
    const r = await this.db.updateTable('authors').set({ bio }).where('id', '=', id).where('bio', '!=', bio).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Sets an author's photo (a media library image); false when it already was that one (nothing written). */
  async setAuthorPhoto(id: number, mediaId: number): Promise<boolean> {
    const r = await this.db
      .updateTable('authors')
      .set({ photo_media_id: mediaId })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('photo_media_id', 'is', null), eb('photo_media_id', '!=', mediaId)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async remove(kind: TermKind, id: number): Promise<void> {
    // The sponsorship names its term without a foreign key (sections or tags): it goes with it.
    await this.db.deleteFrom('term_sponsorships').where('kind', '=', kind === 'sections' ? 'section' : 'tag').where('term_id', '=', id).execute();
    await this.db.deleteFrom(kind).where('id', '=', id).execute();
  }

  /** Moves every article of tag `from` to tag `into` (once each), then deletes `from`. Returns the articles moved. */
  async mergeTags(from: number, into: number): Promise<number[]> {
    const moved = (await this.db.selectFrom('article_tags').select('article_id').where('tag_id', '=', from).execute()).map((r) => Number(r.article_id));
    if (moved.length) {
      await this.db
        .insertInto('article_tags')
        .columns(['article_id', 'tag_id'])
        .expression((eb) => eb.selectFrom('article_tags').select(['article_id', eb.val(into).as('tag_id')]).where('tag_id', '=', from))
        .onConflict((oc) => oc.columns(['article_id', 'tag_id']).doNothing())
        .execute();
    }
    await this.db.deleteFrom('term_sponsorships').where('kind', '=', 'tag').where('term_id', '=', from).execute();
    await this.db.deleteFrom('tags').where('id', '=', from).execute();
    return moved;
  }

  /** SELECT … FROM the table as t, with both counts (tags count through article_tags). */
  private counted(kind: TermKind) {
    if (kind === 'sections') {
      return sql`SELECT t.id, t.slug, t.name, t.description, t.site_id,
        (SELECT COUNT(*) FROM articles a WHERE a.section_id = t.id) AS articles,
        (SELECT COUNT(*) FROM articles a WHERE a.section_id = t.id AND a.status = 'published') AS published
        FROM sections t`;
    }
    return sql`SELECT t.id, t.slug, t.name, NULL AS description, t.site_id,
      (SELECT COUNT(*) FROM article_tags x WHERE x.tag_id = t.id) AS articles,
      (SELECT COUNT(*) FROM article_tags x JOIN articles a ON a.id = x.article_id WHERE x.tag_id = t.id AND a.status = 'published') AS published
      FROM tags t`;
  }
}

interface UsageRow {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  articles: number;
  published: number;
  site_id: number;
}

function toUsage(r: UsageRow): TermUsage {
  return { id: Number(r.id), slug: r.slug, name: r.name, description: r.description, articles: Number(r.articles), published: Number(r.published), siteId: Number(r.site_id) };
}


function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A section or tag belongs to the site that has it: each site's list is its own (migration 0036). */
function termOnSites(_kind: TermKind, siteIds: readonly number[]) {
  const ids = siteIds.length ? sql.join(siteIds.map((id) => sql`${id}`)) : sql`NULL`;
  return sql`t.site_id IN (${ids})`;
}
