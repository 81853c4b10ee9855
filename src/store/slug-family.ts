import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Slugs taken in a table that are `base` or start with `base-`, in one range scan of its unique
 * slug index: from `base` up to `base.` ('.' sorts right after '-': the range is `base`, the
 * `base-…` strings, and `base` followed by a character before '-', which `slugify` never writes; an
 * imported slug such as `base%c3…` only joins the taken set, where it changes no choice). Choosing
 * `base-N` then costs one query however many rows share a headline or a name.
 */
export async function slugFamily(db: Kysely<Database>, table: 'articles' | 'companies', base: string, exceptId?: number): Promise<Set<string>> {
  let q = db
    .selectFrom(table)
    .select('slug')
    .where('slug', '>=', base)
    .where('slug', '<', `${base}.`);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return new Set((await q.execute()).map((r) => r.slug));
}

/** Bases per statement of `slugFamilies`: well under both engines' parameter limits. */
const FAMILIES_PER_STATEMENT = 500;

/**
 * `slugFamily` for many bases at once (an import batch's new articles): one statement per 500
 * bases, each base's range scan of the slug index joined to a list of the bases (one range, an
 * index-only scan: `slug = base OR` a range was two scans and a bitmap, 37 against 27 ms a batch
 * on PostgreSQL at 100,000 articles). Every base is a
 * key of the answer, with an empty set when nothing is taken.
 */
export async function slugFamilies(db: Kysely<Database>, table: 'articles' | 'companies', bases: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const unique = [...new Set(bases)];
  for (const b of unique) out.set(b, new Set());
  for (let i = 0; i < unique.length; i += FAMILIES_PER_STATEMENT) {
    const part = unique.slice(i, i + FAMILIES_PER_STATEMENT);
    const rows = await sql<{ base: string; slug: string }>`WITH b(base) AS (VALUES ${sql.join(part.map((p) => sql`(${p})`))})
      SELECT b.base AS base, t.slug AS slug FROM b JOIN ${sql.table(table)} t
      ON t.slug >= b.base AND t.slug < b.base || '.'`.execute(db);
    for (const r of rows.rows) out.get(r.base)?.add(r.slug);
  }
  return out;
}
