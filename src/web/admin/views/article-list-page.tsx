import type { AdminArticleRow } from '../../../admin/index.ts';
import { type AdminFrame, AdminLayout } from './admin-layout.tsx';
import { ListTable, Pager } from './list-parts.tsx';

export interface ArticleListProps {
  readonly frame: AdminFrame;
  readonly items: readonly AdminArticleRow[];
  readonly total: number;
  readonly page: number;
  readonly totalPages: number;
  readonly filter: { status: string; section: string; q: string; author: string; company: string; sort: string };
  /** Filter values that matched nothing (an unknown author or company). */
  readonly problems?: readonly string[];
  readonly sections: readonly { slug: string; name: string }[];
  readonly formatTime: (ms: number) => string;
}

const STATUSES = ['draft', 'scheduled', 'published'] as const;
const SORTS = [
  ['', 'Last changed'],
  ['published', 'Publication date'],
  ['headline', 'Headline (A–Z)'],
] as const;

function pageLink(filter: ArticleListProps['filter'], page: number): string {
  const q = new URLSearchParams({ ...filter, page: String(page) });
  for (const [k, v] of [...q]) if (!v || (k === 'page' && v === '1')) q.delete(k);
  const s = q.toString();
  return s ? `/admin?${s}` : '/admin';
}

/** Every article, any status: filters by status, section, author and company, headline search, sorting, paging. */
export function ArticleListPage(props: ArticleListProps) {
  const { filter } = props;
  return (
    <AdminLayout frame={props.frame} title="Articles">
      <p>
        <a class="button" href="/admin/articles/new">
          New article
        </a>
      </p>
      <h1>Articles</h1>
      <form method="get" action="/admin" class="filters" role="search" aria-label="Filter articles">
        <div>
          <label for="filter-status">Status</label>
          <select id="filter-status" name="status">
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s} selected={filter.status === s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-section">Section</label>
          <select id="filter-section" name="section">
            <option value="">Any section</option>
            {props.sections.map((s) => (
              <option key={s.slug} value={s.slug} selected={filter.section === s.slug}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-q">Search headlines</label>
          <input id="filter-q" type="search" name="q" value={filter.q} />
        </div>
        <div>
          <label for="filter-author">Author</label>
          <input id="filter-author" name="author" value={filter.author} />
        </div>
        <div>
          <label for="filter-company">Company</label>
          <input id="filter-company" name="company" value={filter.company} />
        </div>
        <div>
          <label for="filter-sort">Sort by</label>
          <select id="filter-sort" name="sort">
            {SORTS.map(([value, label]) => (
              <option key={value} value={value} selected={filter.sort === value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Filter</button>
      </form>
      {props.problems?.map((p) => (
        <p key={p} class="error">
          {p}
        </p>
      ))}
      <p role="status">
        {props.total === 1 ? '1 article' : `${props.total} articles`}
        {props.totalPages > 1 && `, page ${props.page} of ${props.totalPages}`}
      </p>
      {props.items.length > 0 && (
        <ListTable headings={['Headline', 'Status', 'Section', 'Updated']}>
          {props.items.map((a) => (
            <tr key={a.id}>
              <td>
                <a href={`/admin/articles/${a.id}`}>{a.headline}</a>
              </td>
              <td>
                {a.status}
                {a.status === 'scheduled' && a.publishedAt !== null && ` for ${props.formatTime(a.publishedAt)}`}
              </td>
              <td>{a.section ?? ''}</td>
              <td>{props.formatTime(a.updatedAt)}</td>
            </tr>
          ))}
        </ListTable>
      )}
      <Pager page={props.page} totalPages={props.totalPages} href={(page) => pageLink(filter, page)} />
    </AdminLayout>
  );
}
