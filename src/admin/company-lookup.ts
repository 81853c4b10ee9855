import type { CompanyRow, Repositories } from '../store/index.ts';

/**
 * A directory company as an editor types it: its slug, else its name (any case); an error in
 * words when none or several are called that. The sponsor fields use it (article, section, tag).
 */
export async function companyByNameOrSlug(companies: Repositories['companies'], text: string): Promise<{ row: CompanyRow } | { error: string }> {
  const bySlug = await companies.bySlug(text);
  if (bySlug) return { row: bySlug };
  const named = await companies.byName(text);
  if (named.length === 1) return { row: named[0]! };
  if (named.length > 1) return { error: `Several companies are called ${text}; give the slug of the one you mean.` };
  return { error: 'No company with that name in the directory: add it in Companies first.' };
}
