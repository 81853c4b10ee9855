import { formatDate } from '../../../domain/index.ts';
import type { SearchOutcome } from '../../../search/index.ts';
import { snippetHtml } from '../../../search/index.ts';
import { Pager } from './article-list.tsx';
import { Layout, type SiteInfo } from './layout.tsx';

export interface SearchPageProps {
  readonly site: SiteInfo;
  readonly q: string;
  readonly section: string | undefined;
  readonly sort: 'relevance' | 'date';
  readonly page: number;
  readonly perPage: number;
  readonly outcome: SearchOutcome | undefined;
}

function searchPath(q: string, section: string | undefined, sort: string): string {
  const p = new URLSearchParams({ q });
  if (section) p.set('section', section);
  if (sort !== 'relevance') p.set('sort', sort);
  return `/search?${p.toString()}`;
}

/** The search results page: a labelled form, filters as links, highlighted snippets, paging. */
export function SearchPageView(props: SearchPageProps) {
  const { site, q, outcome, page } = props;
  const totalPages = outcome ? Math.max(1, Math.ceil(outcome.total / props.perPage)) : 1;
  const base = searchPath(q, props.section, props.sort);
  const heading = q ? `Search results for “${q}”` : 'Search';
  return (
    <Layout site={site} meta={{ title: heading, canonical: base, noindex: true }}>
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
              <option key={s.slug} value={s.slug} selected={s.slug === props.section}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="search-sort">Sort by</label>
          <br />
          <select id="search-sort" name="sort">
            <option value="relevance" selected={props.sort === 'relevance'}>
              Relevance
            </option>
            <option value="date" selected={props.sort === 'date'}>
              Newest first
            </option>
          </select>
        </div>
        <button type="submit">Search</button>
      </form>
      {outcome && (
        <>
          <p role="status">
            {outcome.total} {outcome.total === 1 ? 'result' : 'results'}
            {outcome.relaxed && ' matching some of your words'}
            {outcome.understood && ` for ${outcome.understood}`}
            {props.sort === 'relevance' ? (
              <>
                {' '}
                · <a href={searchPath(q, props.section, 'date')}>Sort by date</a>
              </>
            ) : (
              <>
                {' '}
                · <a href={searchPath(q, props.section, 'relevance')}>Sort by relevance</a>
              </>
            )}
          </p>
          <ul class="cards">
            {outcome.hits.map((h) => (
              <li key={h.article.id}>
                <time dateTime={new Date(h.article.publishedAt).toISOString()}>{formatDate(h.article.publishedAt, site.locale, site.timeZone)}</time>
                <h2>
                  <a href={`/news/${h.article.slug}`}>{h.article.headline}</a>
                </h2>
                {/* snippetHtml escapes the article text, then adds <mark> around matches. */}
                <p dangerouslySetInnerHTML={{ __html: snippetHtml(h.snippet) }} />
              </li>
            ))}
          </ul>
          <Pager path={base.split('?')[0]!} page={page} totalPages={totalPages} />
        </>
      )}
    </Layout>
  );
}
