import type { SponsorshipErrors, SponsorshipForm, TermErrors, TermForm, TermKind, TermUsage } from '../../../admin/index.ts';
import { type AdminFrame, AdminLayout, CsrfField, PostButton } from './admin-layout.tsx';
import { ErrorSummary, InputField } from './form-field.tsx';
import { ListTable, Notice, Pager } from './list-parts.tsx';
import { type SponsorshipView, TermSponsorshipSection } from './term-sponsorship.tsx';

const NAMES: Record<TermKind, { plural: string; one: string }> = { sections: { plural: 'Sections', one: 'section' }, tags: { plural: 'Tags', one: 'tag' } };

export interface TermsPageProps {
  readonly frame: AdminFrame;
  readonly kind: TermKind;
  readonly items: readonly TermUsage[];
  readonly total: number;
  readonly page: number;
  readonly totalPages: number;
  readonly filter: { readonly q: string; readonly sort: 'name' | 'articles' };
  readonly notice?: string | undefined;
}

/** Sections or tags with their article counts, filtered by name, sorted by name or by use, paged. */
export function TermsPage(props: TermsPageProps) {
  const { kind, filter } = props;
  const { plural, one } = NAMES[kind];
  const link = (page: number) => `/admin/${kind}?${new URLSearchParams({ ...(filter.q ? { q: filter.q } : {}), sort: filter.sort, page: String(page) })}`;
  return (
    <AdminLayout frame={props.frame} title={plural}>
      <h1>{plural}</h1>
      <p>
        <a href={kind === 'sections' ? '/admin/tags' : '/admin/sections'}>{kind === 'sections' ? 'Tags' : 'Sections'}</a>
      </p>
      <Notice text={props.notice} />
      <form method="get" action={`/admin/${kind}`} class="filters" role="search">
        <div>
          <label for="q">Name contains</label>
          <input id="q" name="q" type="search" value={filter.q} />
        </div>
        <div>
          <label for="sort">Order</label>
          <select id="sort" name="sort">
            <option value="name" selected={filter.sort === 'name'}>
              By name
            </option>
            <option value="articles" selected={filter.sort === 'articles'}>
              Most used first
            </option>
          </select>
        </div>
        <button type="submit">Show</button>
      </form>
      <p role="status">
        {props.total} {props.total === 1 ? one : `${one}s`}
        {props.totalPages > 1 ? `, page ${props.page} of ${props.totalPages}` : ''}
      </p>
      <ListTable headings={['Name', 'Slug', 'Articles', 'Published']}>
        {props.items.map((t) => (
          <tr key={t.id}>
            <td>
              <a href={`/admin/${kind}/${t.id}`}>{t.name}</a>
            </td>
            <td>{t.slug}</td>
            <td>{t.articles}</td>
            <td>{t.published}</td>
          </tr>
        ))}
      </ListTable>
      <Pager page={props.page} totalPages={props.totalPages} href={link} labels={['Previous', 'Next']} />
    </AdminLayout>
  );
}

export interface TermPageProps {
  readonly frame: AdminFrame;
  readonly kind: TermKind;
  readonly term: TermUsage;
  readonly form: TermForm;
  readonly errors: TermErrors;
  readonly into?: string | undefined;
  readonly notice?: string | undefined;
  readonly sponsorship: { readonly current: SponsorshipView | undefined; readonly form: SponsorshipForm; readonly errors: SponsorshipErrors };
}

/** One section or tag: rename, change the slug, describe (sections); delete when unused; merge (tags). */
export function TermPage(props: TermPageProps) {
  const { kind, term, form, errors, frame } = props;
  const { one } = NAMES[kind];
  const base = `/admin/${kind}/${term.id}`;
  return (
    <AdminLayout frame={frame} title={`${one[0]!.toUpperCase()}${one.slice(1)} “${term.name}”`}>
      <p>
        <a href={`/admin/${kind}`}>All {kind}</a>
      </p>
      <h1>{term.name}</h1>
      <Notice text={props.notice} />
      <p>
        Used by {term.articles} article{term.articles === 1 ? '' : 's'} ({term.published} published). <a href={`/${kind}/${term.slug}`}>View the public page</a>
      </p>
      <ErrorSummary errors={{ name: errors.name, slug: errors.slug, description: errors.description, ...props.sponsorship.errors }} />
      <form method="post" action={base} novalidate>
        <CsrfField csrf={frame.csrf} />
        <InputField id="name" label="Name" value={form.name} error={errors.name} required />
        <InputField id="slug" label="Slug" value={form.slug} error={errors.slug} hint={`The address is /${kind}/<slug>. After a change the old address redirects to the new one.`} required />
        {kind === 'sections' && <InputField id="description" label="Description" value={form.description} error={errors.description} hint="Shown at the top of the section's page." />}
        <div class="actions">
          <button type="submit">Save {one}</button>
        </div>
      </form>
      <TermSponsorshipSection base={base} csrf={frame.csrf} name={term.name} {...props.sponsorship} />
      {kind === 'tags' && (
        <section aria-labelledby="merge-heading">
          <h2 id="merge-heading">Merge into another tag</h2>
          <form method="post" action={`${base}/merge`} novalidate>
            <CsrfField csrf={frame.csrf} />
            <InputField id="into" label="Tag to keep (name or slug)" value={props.into ?? ''} error={errors.into} hint={`Its articles get that tag instead, “${term.name}” is deleted and its address redirects.`} />
            <div class="actions">
              <button type="submit">Merge</button>
            </div>
          </form>
        </section>
      )}
      <section aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete</h2>
        {term.articles > 0 ? (
          <p>
            Only a {one} no article uses can be deleted{kind === 'tags' ? '; merge it into another tag instead' : ''}.
          </p>
        ) : (
          <PostButton action={`${base}/delete`} csrf={frame.csrf} secondary>
            Delete this {one}
          </PostButton>
        )}
      </section>
    </AdminLayout>
  );
}
