import { type Kysely, type RawBuilder, sql } from 'kysely';
import { foldText, isPlainText } from '../text/index.ts';
import type { Database } from './schema.ts';
import type { FacetIds, FacetNames, FacetRows, SearchFilters, SearchQuery } from './search-index.ts';

/**
 * The parts of search that are plain SQL, the same on both engines: filter conditions on the
 * article row `a`, and the reads behind facets.
 */

/** Whether any filter restricts the match set (the engines skip the join to `articles` without one). */
export function hasFilters(f: SearchFilters): boolean {
  return f.sectionId !== undefined || f.companyId !== undefined || f.tagId !== undefined || f.authorId !== undefined || f.from !== undefined || f.to !== undefined || f.siteId !== undefined;
}

/** Whether any filter other than the site restricts the match set (the engines check the site on their own narrow rows). */
export function hasArticleFilters(f: SearchFilters): boolean {
  return hasFilters({ ...f, siteId: undefined });
}

/**
 * Conditions on the article: `a` names a row with `id`, `section_id` and `published_at` (the
 * article, or SQLite's narrow copy of it), checked for `status` when `status` is set. The caller
 * joins them with AND.
 */
export function filterConditions(f: SearchFilters, a = 'a', status = true): RawBuilder<unknown>[] {
  const col = (name: string) => sql.ref(`${a}.${name}`);
  const out: RawBuilder<unknown>[] = status ? [sql`${col('status')} = 'published'`] : [];
  if (f.sectionId !== undefined) out.push(sql`${col('section_id')} = ${f.sectionId}`);
  if (f.from !== undefined) out.push(sql`${col('published_at')} >= ${f.from}`);
  if (f.to !== undefined) out.push(sql`${col('published_at')} < ${f.to}`);
  if (f.companyId !== undefined) {
    out.push(sql`EXISTS (SELECT 1 FROM article_companies ac WHERE ac.article_id = ${col('id')} AND ac.company_id = ${f.companyId} AND ac.origin <> 'blocked')`);
  }
  if (f.tagId !== undefined) out.push(sql`EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = ${col('id')} AND t.tag_id = ${f.tagId})`);
  if (f.authorId !== undefined) out.push(sql`EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = ${col('id')} AND aa.author_id = ${f.authorId})`);
  // Not the site: each engine checks it on the narrow row its match reads anyway (SQLite's facts
  // row, PostgreSQL's terms row: `siteId` is left to them).
  return out;
}

/** Parses `group_concat` / `string_agg` output ("3,17,42") into ascending ids, without a JS object per row. */
export function parseIdList(list: string | null | undefined): Int32Array {
  if (!list) return new Int32Array(0);
  let n = 1;
  for (let i = 0; i < list.length; i++) if (list.charCodeAt(i) === 44) n++;
  const ids = new Int32Array(n);
  let k = 0;
  let v = 0;
  let sorted = true;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      if (k > 0 && v < ids[k - 1]!) sorted = false;
      ids[k++] = v;
      v = 0;
    } else v = v * 10 + (c - 48);
  }
  if (k > 0 && v < ids[k - 1]!) sorted = false;
  ids[k] = v;
  // FTS5 hands rowids over in order; a join may not.
  return sorted ? ids : ids.sort();
}

export async function facetRows(db: Kysely<Database>): Promise<FacetRows> {
  const [sections, mentions] = await Promise.all([
    db.selectFrom('articles').select(['id', 'section_id']).where('status', '=', 'published').where('section_id', 'is not', null).execute(),
    db
      .selectFrom('article_companies as ac')
      .innerJoin('articles as a', 'a.id', 'ac.article_id')
      .select(['ac.article_id', 'ac.company_id'])
      .where('a.status', '=', 'published')
      .where('ac.origin', '!=', 'blocked')
      .execute(),
  ]);
  return {
    sections: sections.map((r) => [Number(r.id), Number(r.section_id)] as const),
    mentions: mentions.map((r) => [Number(r.article_id), Number(r.company_id)] as const),
  };
}

/**
 * Facet labels of both kinds in one statement (UNION ALL): a search's last reads run beside its
 * summaries, and each statement is a wait for a CPU on a loaded PostgreSQL host.
 */
export async function namesOf(db: Kysely<Database>, ids: FacetIds): Promise<FacetNames> {
  if (ids.sections.length === 0 && ids.companies.length === 0) return { sections: [], companies: [] };
  const of = (table: 'sections' | 'companies', list: readonly number[]) =>
    db
      .selectFrom(table)
      .select(['id', 'slug', 'name', sql.lit(table).as('kind')])
      .where('id', 'in', list.length ? [...list] : [-1]);
  const rows = await of('sections', ids.sections).unionAll(of('companies', ids.companies)).execute();
  const named = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => ({ id: Number(r.id), slug: r.slug, name: r.name }));
  return { sections: named('sections'), companies: named('companies') };
}

/** Most query words given an exact-form bonus; a longer query is rare and ranks fine on stems. */
const MAX_EXACT_TERMS = 8;

/**
 * The words whose unstemmed form earns a document the exact-match bonus: the positive words as
 * typed (not a prefix being typed), single tokens only (`8.03` is two tokens to the index).
 */
export function exactTerms(q: SearchQuery): string[] {
  const out = new Set<string>();
  for (const w of q.words) if (!w.prefix) out.add(w.text);
  for (const p of q.phrases) for (const w of p) out.add(w);
  return [...out].filter((w) => /^[\p{L}\p{N}]+$/u.test(w)).slice(0, MAX_EXACT_TERMS);
}

/** How much the exact form can lift a score: all words exact multiplies it by 1 + EXACT_BOOST. */
export const EXACT_BOOST = 0.5;

/**
 * Scores a document's texts (headline, standfirst, body) for the exact-form bonus: 1 +
 * EXACT_BOOST × the share of `terms` they hold as whole words (folded as the index folds them).
 * @example exactMultiplier(['charging', 'depot'])(['Charging points open']) // 1.25
 */
export function exactMultiplier(terms: readonly string[]): (texts: readonly string[]) => number {
  return (texts) => {
    if (terms.length === 0) return 1;
    // Folding (NFKD) is the costly part: look in the lower-cased text first, and fold only to
    // look again for a word not found there (`citroen` in "Citroën"), in text where folding can
    // change a letter: not in plain text, whose only non-ASCII characters are punctuation (the
    // curly quotes of nearly every rendered body; folding each whole body was a third of the
    // node's ranking work). Each text is lower-cased when first looked in: the headline and
    // standfirst, looked in first, mostly hold every word, and the body is spared.
    const lowered: (string | undefined)[] = [];
    const lower = (i: number) => (lowered[i] ??= texts[i]!.toLowerCase());
    let found = 0;
    let folded: string[] | undefined;
    for (const t of terms) {
      if (texts.some((_, i) => hasWord(lower(i), t))) found++;
      else {
        folded ??= texts.map((text, i) => (isPlainText(text) ? lower(i) : foldText(text)));
        if (folded.some((f, i) => f !== lower(i) && hasWord(f, t))) found++;
      }
    }
    return 1 + (EXACT_BOOST * found) / terms.length;
  };
}

const WORD_CHAR_RE = /[\p{L}\p{N}]/u;

function isWordChar(text: string, at: number): boolean {
  if (at < 0 || at >= text.length) return false;
  const c = text.charCodeAt(at);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return WORD_CHAR_RE.test(text[at]!);
}

/** Whether `word` occurs in `text` as a whole word (indexOf, then a look at both neighbours). */
function hasWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    if (!isWordChar(text, at - 1) && !isWordChar(text, at + word.length)) return true;
  }
  return false;
}
