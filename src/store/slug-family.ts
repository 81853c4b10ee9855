import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Slugs taken in a table that are `base` or start with `base-`, in one range scan of its unique
 * slug index ('.' sorts right after '-', so the range is exactly the `base-…` strings). Choosing
 * `base-N` then costs one query however many rows share a headline or a name.
 */
export async function slugFamily(db: Kysely<Database>, table: 'articles' | 'companies', base: string, exceptId?: number): Promise<Set<string>> {
  let q = db
    .selectFrom(table)
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb.and([eb('slug', '>=', `${base}-`), eb('slug', '<', `${base}.`)])]));
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return new Set((await q.execute()).map((r) => r.slug));
}
