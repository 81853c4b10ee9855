import type { Kysely } from 'kysely';
import type { Paged } from './article-repository.ts';
import type { CompanyRow, Database } from './schema.ts';

export interface CompanyRef {
  readonly id: number;
  readonly sourceId: string | null;
  readonly slug: string;
  readonly name: string;
}

/** The company directory and which articles mention which company. */
export class CompanyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Companies A–Z, optionally only those whose name starts with `letter` ('#' for digits and others). */
  async list(letter: string | undefined, limit: number, offset: number): Promise<Paged<CompanyRow & { articles: number }>> {
    let base = this.db.selectFrom('companies as c');
    if (letter && /^[a-z]$/.test(letter)) {
      base = base.where((eb) => eb.or([eb('c.name', 'like', `${letter.toUpperCase()}%`), eb('c.name', 'like', `${letter}%`)]));
    } else if (letter === '#') {
      base = base.where((eb) => eb.not(eb.or([...'abcdefghijklmnopqrstuvwxyz'].flatMap((l) => [eb('c.name', 'like', `${l}%`), eb('c.name', 'like', `${l.toUpperCase()}%`)]))));
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
        .limit(limit)
        .offset(offset)
        .execute(),
    ]);
    return { total: Number(countRow?.n ?? 0), items: rows.map((r) => ({ ...r, id: Number(r.id), articles: Number(r.articles ?? 0) })) };
  }

  bySlug(slug: string): Promise<CompanyRow | undefined> {
    return this.db.selectFrom('companies').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  /** The companies each article mentions (not blocked), by name. */
  async companiesOf(articleIds: readonly number[]): Promise<Map<number, CompanyRef[]>> {
    const out = new Map<number, CompanyRef[]>();
    if (!articleIds.length) return out;
    const rows = await this.db
      .selectFrom('article_companies as ac')
      .innerJoin('companies as c', 'c.id', 'ac.company_id')
      .select(['ac.article_id', 'c.id', 'c.source_id', 'c.slug', 'c.name'])
      .where('ac.article_id', 'in', articleIds)
      .where('ac.origin', '!=', 'blocked')
      .orderBy('c.name')
      .execute();
    for (const r of rows) {
      const list = out.get(Number(r.article_id)) ?? [];
      list.push({ id: Number(r.id), sourceId: r.source_id, slug: r.slug, name: r.name });
      out.set(Number(r.article_id), list);
    }
    return out;
  }
}
