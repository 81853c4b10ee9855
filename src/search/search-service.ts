import type { ArticleSummary, CompanyRef, Repositories, SearchFilters, SearchQuery, SearchRequest, SearchResult } from '../store/index.ts';
import { CompanyNames } from './company-names.ts';
import { FacetCounter } from './facet-counter.ts';
import { describeQuery, hasPositiveTerms, parseQuery, relaxed } from './parse-query.ts';
import { applyCorrections, findCorrections, withoutStopWords } from './query-rewrite.ts';
import { highlightTerms, makeSnippet } from './snippet.ts';
import { VersionedSnapshot } from './versioned-snapshot.ts';
import { Vocabulary } from './vocabulary.ts';

export interface SearchParams {
  readonly q: string;
  /** Filters by slug; an unknown slug matches nothing. */
  readonly section?: string;
  readonly company?: string;
  readonly tag?: string;
  readonly author?: string;
  /** Inclusive lower bound of the publish time, epoch ms. */
  readonly from?: number;
  /** Exclusive upper bound of the publish time, epoch ms. */
  readonly to?: number;
  readonly sort?: 'relevance' | 'date';
  readonly limit: number;
  readonly page: number;
  readonly prefixLast?: boolean;
  /** Count section and company facets over the whole match set. */
  readonly facets?: boolean;
  /**
   * A common word's total may be an estimate ("about"), and its facets counted over its newest
   * matches and scaled (PostgreSQL: listing 60,000 matches was most of such a search). Pages for
   * readers ask for it; the CLI's JSON keeps exact totals.
   */
  readonly estimate?: boolean;
  /** Correct unknown words (default true); false searches exactly what was typed. */
  readonly correct?: boolean;
  /** Only this site's articles (home or cross-published); absent: every site's. */
  readonly siteId?: number;
}

export interface SearchResultItem {
  readonly article: ArticleSummary;
  readonly score: number;
  /** A passage of the body with U+E000/U+E001 around matches; see snippetHtml/snippetText. */
  readonly snippet: string;
}

export interface FacetValue {
  readonly slug: string;
  readonly name: string;
  readonly count: number;
}

export interface SearchFacets {
  readonly sections: readonly FacetValue[];
  readonly companies: readonly FacetValue[];
}

export interface SearchOutcome {
  /** An estimate when `estimated` is set. */
  readonly total: number;
  /** Set when the match set was too large to count (PostgreSQL): `total` and the facet counts are estimates ("about"). */
  readonly estimated?: boolean;
  /**
   * Set when the facet counts are estimates ("about"): counted over the newest matches only and
   * scaled to the total. Always with `estimated`, and also for a common lone word, whose total is
   * exact (its document count) while its matches are not all listed (PostgreSQL).
   */
  readonly facetsEstimated?: boolean;
  readonly hits: readonly SearchResultItem[];
  /** Set when not every word could match and the search was relaxed to any word. */
  readonly relaxed: boolean;
  readonly query: SearchQuery;
  /** How the query was understood (after any correction). */
  readonly understood: string;
  /** The query as corrected ("Showing results for …"), when unknown words were corrected. */
  readonly correctedQuery?: string;
  /** Present when asked for. */
  readonly facets?: SearchFacets;
  /** The filters given by slug, with their names (for "filtered by …" and links that remove them). */
  readonly filters: readonly AppliedFilter[];
}

export interface AppliedFilter {
  readonly kind: 'section' | 'company' | 'tag' | 'author';
  readonly slug: string;
  readonly name: string;
}

export interface Suggestions {
  readonly articles: readonly ArticleSummary[];
  readonly companies: readonly CompanyRef[];
}

export const SUGGEST_ARTICLES = 8;
export const SUGGEST_COMPANIES = 5;

const NO_FACETS: SearchFacets = { sections: [], companies: [] };

/**
 * Ranked search over published articles: parse, drop stop words, search; when nothing matches,
 * correct unknown words, then relax to any word; count facets, load summaries, cut snippets.
 * Keeps three snapshots of the database in memory, each rebuilt when its version moves: the
 * vocabulary (typo correction), facet columns and company names (search-as-you-type).
 */
export class SearchService {
  private readonly vocabulary: VersionedSnapshot<Vocabulary>;
  private readonly facetCounter: VersionedSnapshot<FacetCounter>;
  private readonly companyNames: VersionedSnapshot<CompanyNames>;

  /**
   * `store` is only read: the composition root passes `Store.reads`, which may be a replica.
   * `snapshotSyncBudgetMs`: how long a snapshot's last rebuild may have taken for the next to be
   * awaited (default 50 ms, see VersionedSnapshot); tests that check a change is seen at once pass
   * Infinity, since a busy machine can make even a small site's rebuild take longer.
   */
  constructor(private readonly deps: { store: Repositories; snapshotSyncBudgetMs?: number }) {
    const { store, snapshotSyncBudgetMs: budget } = deps;
    const content = () => store.state.contentVersion();
    this.vocabulary = new VersionedSnapshot(async () => new Vocabulary(await store.search.vocabulary()), content, budget);
    this.facetCounter = new VersionedSnapshot(async () => FacetCounter.from(await store.search.facetRows()), content, budget);
    this.companyNames = new VersionedSnapshot(async () => new CompanyNames(await store.companies.directory()), () => store.state.directoryVersion(), budget);
  }

  /** Builds the in-memory snapshots in the background, so the first reader does not wait for them. */
  warm(): void {
    this.vocabulary.warm();
    this.facetCounter.warm();
    this.companyNames.warm();
  }

  async search(params: SearchParams): Promise<SearchOutcome> {
    const parsed = parseQuery(params.q, { prefixLast: params.prefixLast ?? false });
    const empty: SearchOutcome = {
      total: 0,
      hits: [],
      relaxed: false,
      query: parsed,
      understood: describeQuery(parsed),
      ...(params.facets ? { facets: NO_FACETS } : {}),
      filters: [],
    };
    const { filters, applied } = await this.filters(params);
    if (!filters || !hasPositiveTerms(parsed)) return { ...empty, filters: applied };
    const base = { ...filters, sort: params.sort ?? 'relevance', limit: params.limit, offset: (params.page - 1) * params.limit, withIds: params.facets ?? false, estimate: params.estimate ?? false } as const;
    const run = (query: SearchQuery): Promise<SearchResult> => this.deps.store.search.search({ ...base, query } satisfies SearchRequest);

    let query = withoutStopWords(parsed);
    let result = await run(query);
    let corrected: SearchQuery | undefined;
    if (result.total === 0 && params.correct !== false) {
      const corrections = findCorrections(query, await this.vocabulary.get(result.version));
      if (corrections) {
        query = applyCorrections(query, corrections);
        corrected = applyCorrections(parsed, corrections);
        result = await run(query);
      }
    }
    let wasRelaxed = false;
    if (result.total === 0 && query.words.length + query.phrases.length > 1) {
      query = relaxed(query);
      result = await run(query);
      wasRelaxed = true;
    }
    // A correction that finds nothing either is not worth showing.
    if (result.total === 0) corrected = undefined;
    // The ids are a sample when fewer than the total: an estimated result, or a lone word's exact count.
    const sampled = result.ids !== undefined && result.ids.length > 0 && result.ids.length < result.total;
    // The facet columns' snapshot is checked against the content version the search read, when the
    // engine read it in its statement (PostgreSQL): a statement fewer, each a wait on a loaded host.
    const [hits, facets] = await Promise.all([this.items(result, query), params.facets ? this.facets(result, sampled ? result.total : undefined) : undefined]);
    return {
      total: result.total,
      ...(result.estimated ? { estimated: true } : {}),
      ...(facets && sampled ? { facetsEstimated: true } : {}),
      hits,
      relaxed: wasRelaxed,
      query: parsed,
      understood: describeQuery(corrected ?? parsed),
      ...(corrected ? { correctedQuery: describeQuery(corrected) } : {}),
      ...(facets ? { facets } : {}),
      filters: applied,
    };
  }

  /**
   * Search as you type: up to SUGGEST_ARTICLES headlines with every typed word (the last one as a
   * prefix), newest first, and up to SUGGEST_COMPANIES companies whose name or alias starts with
   * the typed text.
   */
  async suggest(q: string, siteId?: number): Promise<Suggestions> {
    const parsed = parseQuery(q, { prefixLast: true });
    const last = parsed.words.at(-1);
    const prefix = last?.prefix ? last.text : '';
    const words = [...parsed.words.filter((w) => !w.prefix).map((w) => w.text), ...parsed.phrases.flat()];
    const [ids, names] = await Promise.all([this.deps.store.search.suggestTitles(words, prefix, SUGGEST_ARTICLES, siteId), q.trim() ? this.companyNames.get() : undefined]);
    return { articles: await this.deps.store.articles.summariesByIds(ids, siteId), companies: names?.startingWith(q, SUGGEST_COMPANIES) ?? [] };
  }

  /** Slugs to ids; `filters` is undefined when a slug names nothing (then nothing can match). */
  private async filters(params: SearchParams): Promise<{ filters: SearchFilters | undefined; applied: AppliedFilter[] }> {
    const { taxonomy, companies } = this.deps.store;
    const [section, company, tag, author] = await Promise.all([
      // The site's own section and tag of that slug (each site has its own); companies and authors are shared.
      params.section ? taxonomy.sectionBySlug(params.section, params.siteId) : undefined,
      params.company ? companies.bySlug(params.company) : undefined,
      params.tag ? taxonomy.tagBySlug(params.tag, params.siteId) : undefined,
      params.author ? taxonomy.authorBySlug(params.author) : undefined,
    ]);
    const found = { section, company, tag, author };
    const applied: AppliedFilter[] = [];
    for (const kind of ['section', 'company', 'tag', 'author'] as const) {
      const row = found[kind];
      if (row) applied.push({ kind, slug: row.slug, name: row.name });
    }
    if ((params.section && !section) || (params.company && !company) || (params.tag && !tag) || (params.author && !author)) return { filters: undefined, applied };
    const filters: SearchFilters = {
      ...(section ? { sectionId: Number(section.id) } : {}),
      ...(company ? { companyId: Number(company.id) } : {}),
      ...(tag ? { tagId: Number(tag.id) } : {}),
      ...(author ? { authorId: Number(author.id) } : {}),
      ...(params.from !== undefined ? { from: params.from } : {}),
      ...(params.to !== undefined ? { to: params.to } : {}),
      ...(params.siteId !== undefined ? { siteId: params.siteId } : {}),
    };
    return { filters, applied };
  }

  private async items(result: SearchResult, query: SearchQuery): Promise<SearchResultItem[]> {
    // The hits are already the site's (the engine filtered them): no second check needed here.
    const summaries = await this.deps.store.articles.summariesByIds(result.hits.map((h) => h.id));
    const byId = new Map(summaries.map((s) => [s.id, s]));
    const terms = highlightTerms(query);
    return result.hits.flatMap((h) => {
      const article = byId.get(h.id);
      return article ? [{ article, score: h.score, snippet: makeSnippet(h.body, terms) }] : [];
    });
  }

  /** Facets of `ids`; when they are a sample of `total` matches, counts scaled up to it. */
  private async facets(result: SearchResult, total?: number): Promise<SearchFacets> {
    const { ids } = result;
    if (!ids?.length) return NO_FACETS;
    const counts = (await this.facetCounter.get(result.version)).count(ids);
    if (total !== undefined && total > ids.length) {
      const scale = (list: { id: number; count: number }[]) => list.map((c) => ({ id: c.id, count: Math.round((c.count * total) / ids.length) }));
      counts.sections = scale(counts.sections);
      counts.companies = scale(counts.companies);
    }
    const { sections, companies } = await this.deps.store.search.names({ sections: counts.sections.map((c) => c.id), companies: counts.companies.map((c) => c.id) });
    const label = (names: readonly { id: number; slug: string; name: string }[], list: { id: number; count: number }[]) => {
      const byId = new Map(names.map((n) => [n.id, n]));
      return list
        .flatMap((c) => {
          const n = byId.get(c.id);
          return n ? [{ slug: n.slug, name: n.name, count: c.count }] : [];
        })
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    };
    return { sections: label(sections, counts.sections), companies: label(companies, counts.companies) };
  }
}
