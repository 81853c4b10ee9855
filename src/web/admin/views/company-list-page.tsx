import type { JobState } from '../../../directory/index.ts';
import { type AdminFrame, AdminLayout } from './admin-layout.tsx';
import { ListTable, Notice, Pager } from './list-parts.tsx';
import { RetagStatus } from './retag-status.tsx';

export interface CompanyListItem {
  readonly id: number;
  readonly name: string;
  readonly slug: string;
  readonly aliases: readonly string[];
  /** Published articles that mention it. */
  readonly articles: number;
  /** Readers who follow it (alerts); shown to staff only, never on the public page. */
  readonly followers: number;
}

export interface CompanyListProps {
  readonly frame: AdminFrame;
  readonly items: readonly CompanyListItem[];
  readonly total: number;
  readonly page: number;
  readonly totalPages: number;
  readonly q: string;
  readonly retag: JobState;
  readonly notice?: string | undefined;
}

const pageLink = (q: string, page: number) => `/admin/companies?${new URLSearchParams({ ...(q ? { q } : {}), page: String(page) })}`;

/** The directory: search by name or alias, paged A–Z, each company with its published article count. */
export function CompanyListPage(props: CompanyListProps) {
  const { q } = props;
  return (
    <AdminLayout frame={props.frame} title="Companies">
      <h1>Companies</h1>
      <p>
        <a class="button" href="/admin/companies/new">
          New company
        </a>
      </p>
      <Notice text={props.notice} />
      <RetagStatus state={props.retag} />
      <form method="get" action="/admin/companies" class="filters" role="search">
        <div>
          <label for="q">Search by name or alias</label>
          <input id="q" name="q" type="search" value={q} />
        </div>
        <button type="submit">Search</button>
      </form>
      <p>
        {props.total.toLocaleString('en')} {props.total === 1 ? 'company' : 'companies'}
        {q ? ` matching “${q}”` : ''}
      </p>
      <ListTable headings={['Name', 'Also known as', 'Articles', 'Followers', 'Public page']}>
        {props.items.map((c) => (
          <tr key={c.id}>
            <td>
              <a href={`/admin/companies/${c.id}`}>{c.name}</a>
            </td>
            <td>{c.aliases.join(', ')}</td>
            <td>{c.articles.toLocaleString('en')}</td>
            <td>{c.followers.toLocaleString('en')}</td>
            <td>
              <a href={`/companies/${c.slug}`} aria-label={`Public page of ${c.name}`}>
                /companies/{c.slug}
              </a>
            </td>
          </tr>
        ))}
      </ListTable>
      <Pager page={props.page} totalPages={props.totalPages} href={(page) => pageLink(q, page)} labels={['Previous page', 'Next page']} showCount />
    </AdminLayout>
  );
}
