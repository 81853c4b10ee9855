import type { Kysely } from 'kysely';
import { slugify } from '../domain/index.ts';
import { insertRows } from './insert-rows.ts';
import type { AuthorRow, Database, SectionRow, TagRow } from './schema.ts';

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

/** Sections, tags and authors: named things an article belongs to, found or made by name. */
export class TaxonomyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async sections(): Promise<(SectionRow & { count: number })[]> {
    const rows = await this.db
      .selectFrom('sections as s')
      .leftJoin('articles as a', (j) => j.onRef('a.section_id', '=', 's.id').on('a.status', '=', 'published'))
      .select(['s.id', 's.slug', 's.name', 's.description', (eb) => eb.fn.count<number>('a.id').as('count')])
      .groupBy(['s.id', 's.slug', 's.name', 's.description'])
      .orderBy('s.name')
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), count: Number(r.count) }));
  }

  sectionBySlug(slug: string): Promise<SectionRow | undefined> {
    return this.db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  sectionById(id: number): Promise<SectionRow | undefined> {
    return this.db.selectFrom('sections').selectAll().where('id', '=', id).executeTakeFirst();
  }

  tagBySlug(slug: string): Promise<TagRow | undefined> {
    return this.db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  authorBySlug(slug: string): Promise<AuthorRow | undefined> {
    return this.db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  /**
   * The id of the row named `name`, creating it when new. Names map to slugs, so "Smart cities"
   * and "Smart Cities" are one section.
   */
  async ensure(table: NamedTable, name: string): Promise<number> {
    const clean = name.replace(/\s+/g, ' ').trim();
    const slug = slugify(clean);
    const found = await this.db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirst();
    if (found) return Number(found.id);
    const row = await this.db
      .insertInto(table)
      .values({ slug, name: clean } as never)
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) return Number(row.id);
    const again = await this.db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
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

  async tagsOf(articleIds: readonly number[]): Promise<Map<number, Named[]>> {
    const out = new Map<number, Named[]>();
    if (!articleIds.length) return out;
    const rows = await this.db
      .selectFrom('article_tags as at')
      .innerJoin('tags as t', 't.id', 'at.tag_id')
      .select(['at.article_id', 't.id', 't.slug', 't.name'])
      .where('at.article_id', 'in', articleIds)
      .orderBy('t.name')
      .execute();
    for (const r of rows) push(out, Number(r.article_id), { id: Number(r.id), slug: r.slug, name: r.name });
    return out;
  }

  async authorsOf(articleIds: readonly number[]): Promise<Map<number, Named[]>> {
    const out = new Map<number, Named[]>();
    if (!articleIds.length) return out;
    const rows = await this.db
      .selectFrom('article_authors as aa')
      .innerJoin('authors as au', 'au.id', 'aa.author_id')
      .select(['aa.article_id', 'au.id', 'au.slug', 'au.name'])
      .where('aa.article_id', 'in', articleIds)
      .orderBy('aa.position')
      .execute();
    for (const r of rows) push(out, Number(r.article_id), { id: Number(r.id), slug: r.slug, name: r.name });
    return out;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
