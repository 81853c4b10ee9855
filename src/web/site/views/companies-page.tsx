import type { CompanyRow } from '../../../catalog/index.ts';
import { Pager } from './article-list.tsx';
import { Layout, type SiteInfo } from './layout.tsx';

const LETTERS = [...'abcdefghijklmnopqrstuvwxyz', '#'];

/** The company directory, A–Z with letter navigation and paging. */
export function CompaniesPageView(props: {
  site: SiteInfo;
  letter: string | undefined;
  companies: readonly (CompanyRow & { articles: number })[];
  total: number;
  page: number;
  totalPages: number;
}) {
  const { site, letter } = props;
  const path = letter ? `/companies?letter=${encodeURIComponent(letter)}` : '/companies';
  return (
    <Layout site={site} meta={{ title: 'Company directory', description: `Every company ${site.title} writes about.`, canonical: path }}>
      <h1>Company directory</h1>
      <nav aria-label="Companies by letter">
        <ul class="letters">
          <li>
            {letter ? <a href="/companies">All</a> : <span aria-current="page">All</span>}
          </li>
          {LETTERS.map((l) => (
            <li key={l}>
              {l === letter ? (
                <span aria-current="page">{l.toUpperCase()}</span>
              ) : (
                <a href={`/companies?letter=${encodeURIComponent(l)}`}>{l.toUpperCase()}</a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      {props.companies.length ? (
        <ul class="cards">
          {props.companies.map((c) => (
            <li key={c.id}>
              <h2>
                <a href={`/companies/${c.slug}`}>{c.name}</a>
              </h2>
              <p>
                {[c.sector, c.country].filter(Boolean).join(' · ')}
                {c.articles > 0 && ` · ${c.articles} ${c.articles === 1 ? 'article' : 'articles'}`}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>No companies in the directory{letter ? ' under this letter' : ''} yet.</p>
      )}
      <Pager path="/companies" page={props.page} totalPages={props.totalPages} />
    </Layout>
  );
}
