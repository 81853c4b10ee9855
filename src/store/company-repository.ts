import { type Kysely, sql } from 'kysely';
import type { Paged } from './article-repository.ts';
import { insertRows } from './insert-rows.ts';
import { preparedRead } from './prepared-read.ts';
import type { CompanyRow, Database } from './schema.ts';
import { slugFamily as querySlugFamily } from './slug-family.ts';

export interface CompanyRef {
  readonly id: number;
  readonly sourceId: string | null;
  readonly slug: string;
  readonly name: string;
}

/** The tagger's counts for one article (company id → mentions), and the editor's choices to keep. */
export interface AutoMentions {
  readonly articleId: number;
  readonly counts: ReadonlyMap<number, number>;
  readonly choices: { readonly pinned: readonly number[]; readonly blocked: readonly number[] };
  readonly fresh: boolean;
}

/** A company as the matcher needs it. */
export interface DirectoryRow {
  readonly id: number;
  readonly sourceId: string;
  readonly slug: string;
  readonly name: string;
  readonly aliases: readonly string[];
}

export interface CompanyFields {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly website: string | null;
  readonly country: string | null;
  readonly sector: string | null;
  readonly description: string;
  readonly logoUrl: string | null;
}

export type MentionOrigin = 'auto' | 'pinned' | 'blocked';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function parseAliases(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

// An article page's read, compiled once (see prepared-read.ts).
const companiesOfRead = preparedRead((db, articleIds: readonly number[]) =>
  db
    .selectFrom('article_companies as ac')
    .innerJoin('companies as c', 'c.id', 'ac.company_id')
    .select(['ac.article_id', 'c.id', 'c.source_id', 'c.slug', 'c.name'])
    .where('ac.article_id', 'in', articleIds)
    .where('ac.origin', '!=', 'blocked')
    .orderBy('c.name'),
);

/** The company directory and which articles mention which company. */
export class CompanyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Companies A–Z, optionally only those whose name starts with `letter` ('#' for digits and
   * others), or whose name or an alias contains `q` (any case).
   */
  async list(letter: string | undefined, limit: number, offset: number, q?: string): Promise<Paged<CompanyRow & { articles: number }>> {
    let base = this.db.selectFrom('companies as c');
    if (q?.trim()) {
      const pattern = `%${q.trim().toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      base = base.where((eb) => eb.or([sql<boolean>`lower(c.name) LIKE ${pattern} ESCAPE '\\'`, sql<boolean>`lower(c.aliases) LIKE ${pattern} ESCAPE '\\'`]));
    }
    if (letter && letter.length === 1 && LETTERS.includes(letter)) {
      base = base.where((eb) => eb.or([eb('c.name', 'like', `${letter.toUpperCase()}%`), eb('c.name', 'like', `${letter}%`)]));
    } else if (letter === '#') {
      base = base.where((eb) => eb.not(eb.or([...LETTERS].flatMap((l) => [eb('c.name', 'like', `${l}%`), eb('c.name', 'like', `${l.toUpperCase()}%`)]))));
    }
    const [countRow, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
      base
        .selectAll('c')
        .select((eb) =>
          eb
            .selectFrom('article_companies as ac')
            .innerJoin('articles as a', 'a.id', 'ac.article_id')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('ac.company_id', '=', 'c.id')
            .where('ac.origin', '!=', 'blocked')
            .where('a.status', '=', 'published')
            .as('articles'),
        )
        .orderBy('c.name')
        .orderBy('c.id')
        .limit(limit)
        .offset(offset)
        .execute(),
    ]);
    return { total: Number(countRow?.n ?? 0), items: rows.map((r) => ({ ...r, id: Number(r.id), articles: Number(r.articles ?? 0) })) };
  }

  bySlug(slug: string): Promise<CompanyRow | undefined> {
    return this.db.selectFrom('companies').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  byId(id: number): Promise<CompanyRow | undefined> {
    return this.db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Companies called `name` (any case); at most `limit`, to tell one from several. */
  byName(name: string, limit = 2): Promise<CompanyRow[]> {
    return this.db
      .selectFrom('companies')
      .selectAll()
      .where(sql<string>`lower(name)`, '=', name.toLowerCase())
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  bySourceId(sourceId: string): Promise<CompanyRow | undefined> {
    return this.db.selectFrom('companies').selectAll().where('source_id', '=', sourceId).executeTakeFirst();
  }

  /** Slugs taken that are `base` or start with `base-` (see slugFamily). */
  slugFamily(base: string, exceptId?: number): Promise<Set<string>> {
    return querySlugFamily(this.db, 'companies', base, exceptId);
  }


  async slugTaken(slug: string, exceptId?: number): Promise<boolean> {
    let q = this.db.selectFrom('companies').select('id').where('slug', '=', slug);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  /** Every company, for compiling the matcher. */
  async directory(): Promise<DirectoryRow[]> {
    const rows = await this.db.selectFrom('companies').select(['id', 'source_id', 'slug', 'name', 'aliases']).orderBy('id').execute();
    return rows.map((r) => ({ id: Number(r.id), sourceId: r.source_id ?? `mh-${r.id}`, slug: r.slug, name: r.name, aliases: parseAliases(r.aliases) }));
  }

  /** All companies in id order, a chunk at a time (export). */
  async chunk(afterId: number, limit: number): Promise<CompanyRow[]> {
    return this.db.selectFrom('companies').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
  }

  async insert(sourceId: string | null, slug: string, fields: CompanyFields, now: number): Promise<number> {
    const row = await this.db
      .insertInto('companies')
      .values({ source_id: sourceId, slug, ...toColumns(fields), updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    // Companies made in Masthead get a stable source id too: it is the id tagging output reports.
    if (sourceId === null) await this.db.updateTable('companies').set({ source_id: `mh-${id}` }).where('id', '=', id).execute();
    return id;
  }

  async update(id: number, fields: CompanyFields & { slug?: string }, now: number): Promise<void> {
    await this.db
      .updateTable('companies')
      // A logo URL changed by any writer (an import, the form) no longer shows the uploaded image.
      .set({ ...toColumns(fields), ...(fields.slug ? { slug: fields.slug } : {}), logo_media_id: sql`CASE WHEN logo_url = ${fields.logoUrl} THEN logo_media_id END`, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Sets (or with nulls removes) the logo: a media library image and the URL it is shown at. */
  async setLogo(id: number, mediaId: number | null, url: string | null, now: number): Promise<void> {
    await this.db.updateTable('companies').set({ logo_media_id: mediaId, logo_url: url, updated_at: now }).where('id', '=', id).execute();
  }

  /** The companies whose logo is this media library image. */
  async withLogo(mediaId: number): Promise<CompanyRef[]> {
    const rows = await this.db.selectFrom('companies').select(['id', 'source_id', 'slug', 'name']).where('logo_media_id', '=', mediaId).orderBy('name').execute();
    return rows.map(toRef);
  }

  async setParent(id: number, parentId: number | null): Promise<void> {
    await this.db.updateTable('companies').set({ parent_id: parentId }).where('id', '=', id).execute();
  }

  async children(parentId: number): Promise<CompanyRef[]> {
    const rows = await this.db.selectFrom('companies').select(['id', 'source_id', 'slug', 'name']).where('parent_id', '=', parentId).orderBy('name').execute();
    return rows.map(toRef);
  }

  async remove(id: number): Promise<void> {
    await this.db.deleteFrom('companies').where('id', '=', id).execute();
  }

  /** The companies each article mentions (not blocked), by name. */
  async companiesOf(articleIds: readonly number[]): Promise<Map<number, CompanyRef[]>> {
    const out = new Map<number, CompanyRef[]>();
    if (!articleIds.length) return out;
    const rows = await companiesOfRead(this.db, articleIds);
    for (const r of rows) {
      const list = out.get(Number(r.article_id)) ?? [];
      list.push(toRef(r));
      out.set(Number(r.article_id), list);
    }
    return out;
  }

  /** Editors' pins and blocks on an article (the tagger keeps them). */
  async editorChoices(articleId: number): Promise<{ pinned: number[]; blocked: number[] }> {
    const rows = await this.db
      .selectFrom('article_companies')
      .select(['company_id', 'origin'])
      .where('article_id', '=', articleId)
      .where('origin', 'in', ['pinned', 'blocked'])
      .execute();
    return {
      pinned: rows.filter((r) => r.origin === 'pinned').map((r) => Number(r.company_id)),
      blocked: rows.filter((r) => r.origin === 'blocked').map((r) => Number(r.company_id)),
    };
  }

  /**
   * Replaces the tagger's mentions of articles; editors' pins and blocks (`choices`, as read by
   * editorChoices) stay as they are. `fresh`: the article is new, so there is nothing to delete.
   * A batch is one delete and one multi-row insert.
   */
  async setAutoMentions(...items: AutoMentions[]): Promise<void> {
    const replaced = items.filter((i) => !i.fresh).map((i) => i.articleId);
    if (replaced.length) await this.db.deleteFrom('article_companies').where('article_id', 'in', replaced).where('origin', '=', 'auto').execute();
    const rows = items.flatMap((i) => {
      const kept = new Set([...i.choices.pinned, ...i.choices.blocked]);
      return [...i.counts].filter(([id]) => !kept.has(id)).map(([company_id, mentions]) => ({ article_id: i.articleId, company_id, mentions, origin: 'auto' as const }));
    });
    await insertRows(this.db, 'article_companies', rows);
  }

  /** An editor pins (always shown) or blocks (never shown) a company on an article, or clears the choice. */
  async setEditorChoice(articleId: number, companyId: number, origin: MentionOrigin | null): Promise<void> {
    await this.db.deleteFrom('article_companies').where('article_id', '=', articleId).where('company_id', '=', companyId).execute();
    if (origin) await this.db.insertInto('article_companies').values({ article_id: articleId, company_id: companyId, mentions: 0, origin }).execute();
  }

  /** Ids of articles that mention a company (any origin). */
  async articlesMentioning(companyId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('article_companies').select('article_id').where('company_id', '=', companyId).execute();
    return rows.map((r) => Number(r.article_id));
  }

  /** The companies most often mentioned in the same published articles as this one. */
  async mentionedAlongside(companyId: number, limit: number): Promise<(CompanyRef & { together: number })[]> {
    const rows = await this.db
      .selectFrom('article_companies as a1')
      .innerJoin('article_companies as a2', (j) => j.onRef('a2.article_id', '=', 'a1.article_id').onRef('a2.company_id', '!=', 'a1.company_id'))
      .innerJoin('articles as a', 'a.id', 'a1.article_id')
      .innerJoin('companies as c', 'c.id', 'a2.company_id')
      .select(['c.id', 'c.source_id', 'c.slug', 'c.name', (eb) => eb.fn.countAll<number>().as('together')])
      .where('a1.company_id', '=', companyId)
      .where('a1.origin', '!=', 'blocked')
      .where('a2.origin', '!=', 'blocked')
      .where('a.status', '=', 'published')
      .groupBy(['c.id', 'c.source_id', 'c.slug', 'c.name'])
      .orderBy('together', 'desc')
      .orderBy('c.name')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...toRef(r), together: Number(r.together) }));
  }

  /**
   * Moves everything of company `dropId` onto `keepId` (mentions add up, editors' choices kept),
   * then deletes `dropId`. Call inside a transaction.
   */
  async mergeInto(keepId: number, dropId: number): Promise<void> {
    await sql`UPDATE article_companies SET mentions = article_companies.mentions + d.mentions
      FROM (SELECT article_id, mentions FROM article_companies WHERE company_id = ${dropId}) AS d
      WHERE article_companies.company_id = ${keepId} AND article_companies.article_id = d.article_id`.execute(this.db);
    await sql`UPDATE article_companies SET company_id = ${keepId}
      WHERE company_id = ${dropId} AND article_id NOT IN (SELECT article_id FROM article_companies WHERE company_id = ${keepId})`.execute(this.db);
    await this.db.deleteFrom('article_companies').where('company_id', '=', dropId).execute();
    // Merging a parent into its own brand: the brand takes the parent's place, not itself as parent.
    const drop = await this.byId(dropId);
    const dropParent = drop?.parent_id === null || drop?.parent_id === undefined || Number(drop.parent_id) === keepId ? null : Number(drop.parent_id);
    await this.db.updateTable('companies').set({ parent_id: dropParent }).where('id', '=', keepId).where('parent_id', '=', dropId).execute();
    await this.db.updateTable('companies').set({ parent_id: keepId }).where('parent_id', '=', dropId).execute();
    await this.db.updateTable('candidate_decisions').set({ company_id: keepId }).where('company_id', '=', dropId).execute();
    // Sponsored articles and sponsorships stay sponsored, by the company kept.
    await this.db.updateTable('articles').set({ sponsor_company_id: keepId }).where('sponsor_company_id', '=', dropId).execute();
    await this.db.updateTable('term_sponsorships').set({ company_id: keepId }).where('company_id', '=', dropId).execute();
    await this.db.deleteFrom('companies').where('id', '=', dropId).execute();
  }

  /** Records the company-like names found in articles that the directory does not know (`fresh`: a new article). */
  async setCandidates(...items: { articleId: number; candidates: readonly { key: string; name: string; count: number }[]; fresh: boolean }[]): Promise<void> {
    const replaced = items.filter((i) => !i.fresh).map((i) => i.articleId);
    if (replaced.length) await this.db.deleteFrom('company_candidates').where('article_id', 'in', replaced).execute();
    const rows = items.flatMap((i) => i.candidates.map((c) => ({ article_id: i.articleId, name_key: c.key, name: c.name, mentions: c.count })));
    await insertRows(this.db, 'company_candidates', rows);
  }

  /** Undecided suggestions with the number of articles naming them, most frequent first. */
  async suggestions(limit: number): Promise<{ key: string; name: string; articles: number }[]> {
    const rows = await this.db
      .selectFrom('company_candidates as cc')
      .leftJoin('candidate_decisions as d', 'd.name_key', 'cc.name_key')
      .select(['cc.name_key', (eb) => eb.fn.min('cc.name').as('name'), (eb) => eb.fn.count<number>('cc.article_id').distinct().as('articles')])
      .where('d.name_key', 'is', null)
      .groupBy('cc.name_key')
      .orderBy('articles', 'desc')
      .orderBy('cc.name_key')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ key: r.name_key, name: String(r.name), articles: Number(r.articles) }));
  }

  async decide(key: string, status: 'accepted' | 'dismissed', companyId: number | null, now: number): Promise<void> {
    await this.db
      .insertInto('candidate_decisions')
      .values({ name_key: key, status, company_id: companyId, decided_at: now })
      .onConflict((oc) => oc.column('name_key').doUpdateSet({ status, company_id: companyId, decided_at: now }))
      .execute();
  }
}

/** A stored company's editable fields (aliases parsed). */
export function companyFieldsOf(c: CompanyRow): CompanyFields {
  return {
    name: c.name,
    aliases: parseAliases(c.aliases),
    website: c.website,
    country: c.country,
    sector: c.sector,
    description: c.description,
    logoUrl: c.logo_url,
  };
}

function toColumns(f: CompanyFields) {
  return {
    name: f.name,
    aliases: JSON.stringify(f.aliases),
    website: f.website,
    country: f.country,
    sector: f.sector,
    description: f.description,
    logo_url: f.logoUrl,
  };
}

export function toRef(r: { id: number; source_id: string | null; slug: string; name: string }): CompanyRef {
  return { id: Number(r.id), sourceId: r.source_id, slug: r.slug, name: r.name };
}

export { parseAliases };
