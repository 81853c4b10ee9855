/**
 * Ids per `IN (…)` list: well under SQLite's bound-parameter limit and PostgreSQL's, and few
 * statements for a rebuild's or an import's chunk.
 */
export const IDS_PER_STATEMENT = 400;

/** `xs` in consecutive slices of at most `size`, for statements that take a list of ids each. */
export function chunks<T>(xs: readonly T[], size = IDS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
