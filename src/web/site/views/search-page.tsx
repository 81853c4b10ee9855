import { formatDate } from '../../../domain/index.ts';
import type { AppliedFilter, FacetValue, SearchOutcome, SearchParams } from '../../../search/index.ts';
import { snippetHtml } from '../../../search/index.ts';
import { Layout, type SiteInfo } from './layout.tsx';
import { SponsorLabel } from './sponsor-label.tsx';

/** What the reader asked for: the query, the filters (slugs and ISO dates), the order, the page. */
export interface SearchState {
  readonly q: string;
  readonly section?: string | undefined;
  readonly company?: string | undefined;
  readonly tag?: string | undefined;
  readonly author?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly sort: 'relevance' | 'date';
  readonly page: number;
  /** false: search exactly what was typed (the "search instead for" link). */
  readonly correct: boolean;
}

export interface SearchPageProps {
  readonly site: SiteInfo;
  readonly state: SearchState;
  readonly perPage: number;
  readonly outcome: SearchOutcome | undefined;
}

const FILTER_KEYS = ['section', 'company', 'tag', 'author', 'from', 'to'] as const;
const FILTER_LABELS: Record<AppliedFilter['kind'], string> = { section: 'Section', company: 'Company', tag: 'Tag', author: 'Author' };

const DAY = 86_400_000;

/** The search the page runs for this state (dates are whole days, `to` inclusive). */
export function searchParams(state: SearchState, perPage: number): SearchParams {
  return {
    q: state.q,
    limit: perPage,
    page: state.page,
    sort: state.sort,
    facets: true,
    estimate: true,
    correct: state.correct,
    ...(state.section ? { section: state.section } : {}),
    ...(state.company ? { company: state.company } : {}),
    ...(state.tag ? { tag: state.tag } : {}),
    ...(state.author ? { author: state.author } : {}),
    ...(state.from ? { from: Date.parse(state.from) } : {}),
    ...(state.to ? { to: Date.parse(state.to) + DAY } : {}),
  };
}

/** The URL of the search with `changes` applied; a changed filter or order goes back to page 1. */
export function searchHref(state: SearchState, changes: Partial<SearchState> = {}): string {
  const s = { ...state, ...(Object.keys(changes).some((k) => k !== 'page') ? { page: 1 } : {}), ...changes };
  const p = new URLSearchParams({ q: s.q });
  for (const key of FILTER_KEYS) {
    const v = s[key];
    if (v) p.set(key, v);
  }
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (!s.correct) p.set('correct', 'false');
  if (s.page > 1) p.set('page', String(s.page));
  return `/search?${p.toString()}`;
}

/** A count with thousands separators ("98,052"; "about 12,000" when `estimated`: the reader should read it as approximate). */
function countLabel(n: number, estimated: boolean | undefined): string {
  return estimated ? `about ${n.toLocaleString('en-US')}` : n.toLocaleString('en-US');
}

function FacetGroup(props: { title: string; kind: 'section' | 'company'; values: readonly FacetValue[]; state: SearchState; estimated?: boolean }) {
  const { kind, state } = props;
  if (props.values.length === 0) return null;
  return (
    <>
      <h3>{props.title}</h3>
      <ul class="terms">
        {props.values.map((v) => {
          const current = state[kind] === v.slug;
          return (
            <li key={v.slug}>
              <a href={searchHref(state, { [kind]: v.slug })} aria-current={current ? 'true' : undefined}>
                {v.name} <span class="count">({countLabel(v.count, props.estimated)})</span>
              </a>
              {current && (
                <>
                  {' '}
                  <a href={searchHref(state, { [kind]: undefined })}>
                    Remove<span class="visually-hidden"> filter {props.title}: {v.name}</span>
                  </a>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function ActiveFilters(props: { state: SearchState; applied: readonly AppliedFilter[] }) {
  const { state } = props;
  const items: { label: string; key: (typeof FILTER_KEYS)[number] }[] = [
    ...props.applied.map((f) => ({ label: `${FILTER_LABELS[f.kind]}: ${f.name}`, key: f.kind })),
    ...(state.from ? [{ label: `From ${state.from}`, key: 'from' as const }] : []),
    ...(state.to ? [{ label: `To ${state.to}`, key: 'to' as const }] : []),
  ];
  if (items.length === 0) return null;
  return (
    <ul class="terms" aria-label="Active filters">
      {items.map((f) => (
        <li key={f.key}>
          {f.label}{' '}
          <a href={searchHref(state, { [f.key]: undefined })}>
            Remove<span class="visually-hidden"> filter {f.label}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function SearchPager(props: { state: SearchState; totalPages: number }) {
  const { state, totalPages } = props;
  if (totalPages <= 1) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {state.page > 1 && (
        <a href={searchHref(state, { page: state.page - 1 })} rel="prev">
          ← Previous
        </a>
      )}
      <span>
        Page {state.page} of {totalPages}
      </span>
      {state.page < totalPages && (
        <a href={searchHref(state, { page: state.page + 1 })} rel="next">
          Next →
        </a>
      )}
    </nav>
  );
}

/**
 * The search results page: a labelled form (query, section, dates, order), "Showing results for"
 * when a typo was corrected, the active filters each with a link that removes it, facets as
 * links (the current one marked `aria-current`), highlighted snippets, paging.
 */
export function SearchPageView(props: SearchPageProps) {
  const { site, state, outcome } = props;
  const { q } = state;
  const totalPages = outcome ? Math.max(1, Math.ceil(outcome.total / props.perPage)) : 1;
  const heading = q ? `Search results for “${q}”` : 'Search';
  const facets = outcome?.facets;
  return (
    <Layout site={site} meta={{ title: heading, canonical: searchHref(state), noindex: true }}>
      <h1>{heading}</h1>
      <form role="search" aria-label="Search and filter" action="/search" method="get" class="filters">
        <div>
          <label for="search-q">Search for</label>
          <br />
          <input id="search-q" type="search" name="q" value={q} />
        </div>
        <div>
          <label for="search-section">Section</label>
          <br />
          <select id="search-section" name="section">
            <option value="">All sections</option>
            {site.sections.map((s) => (
              <option key={s.slug} value={s.slug} selected={s.slug === state.section}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="search-from">From</label>
          <br />
          <input id="search-from" type="date" name="from" value={state.from ?? ''} />
        </div>
        <div>
          <label for="search-to">To</label>
          <br />
          <input id="search-to" type="date" name="to" value={state.to ?? ''} />
        </div>
        <div>
          <label for="search-sort">Sort by</label>
          <br />
          <select id="search-sort" name="sort">
            <option value="relevance" selected={state.sort === 'relevance'}>
              Relevance
            </option>
            <option value="date" selected={state.sort === 'date'}>
              Newest first
            </option>
          </select>
        </div>
        {(['company', 'tag', 'author'] as const).map((k) => (state[k] ? <input key={k} type="hidden" name={k} value={state[k]} /> : null))}
        <button type="submit">Search</button>
      </form>
      {outcome && (
        <>
          {outcome.correctedQuery && (
            <p class="notice">
              Showing results for{' '}
              <a href={searchHref(state, { q: outcome.correctedQuery })}>
                <strong>{outcome.correctedQuery}</strong>
              </a>
              . <a href={searchHref(state, { correct: false })}>Search instead for “{q}”</a>
            </p>
          )}
          <p role="status">
            {outcome.estimated ? `About ${outcome.total.toLocaleString('en-US')}` : outcome.total.toLocaleString('en-US')} {outcome.total === 1 ? 'result' : 'results'}
            {outcome.relaxed && ' matching some of your words'}
            {outcome.understood && ` for ${outcome.understood}`}
            {' · '}
            {state.sort === 'relevance' ? (
              <a href={searchHref(state, { sort: 'date' })}>Sort by date</a>
            ) : (
              <a href={searchHref(state, { sort: 'relevance' })}>Sort by relevance</a>
            )}
          </p>
          <ActiveFilters state={state} applied={outcome.filters} />
          {facets && (facets.sections.length > 0 || facets.companies.length > 0) && (
            <nav aria-labelledby="refine-heading" class="facets">
              <h2 id="refine-heading">Refine results</h2>
              <FacetGroup title="Section" kind="section" values={facets.sections} state={state} estimated={outcome.facetsEstimated} />
              <FacetGroup title="Company" kind="company" values={facets.companies} state={state} estimated={outcome.facetsEstimated} />
            </nav>
          )}
          <ul class="cards">
            {outcome.hits.map((h) => (
              <li key={h.article.id}>
                <time dateTime={new Date(h.article.publishedAt).toISOString()}>{formatDate(h.article.publishedAt, site.locale, site.timeZone)}</time>
                <h2>
                  <a href={`/news/${h.article.slug}`}>{h.article.headline}</a>
                </h2>
                {/* snippetHtml escapes the article text, then adds <mark> around matches. */}
                <p dangerouslySetInnerHTML={{ __html: snippetHtml(h.snippet) }} />
                <SponsorLabel sponsor={h.article.sponsor} />
              </li>
            ))}
          </ul>
          <SearchPager state={state} totalPages={totalPages} />
        </>
      )}
    </Layout>
  );
}
