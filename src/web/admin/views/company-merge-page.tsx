import type { CompanyRef, MergePreview } from '../../../admin/index.ts';
import { type AdminFrame, AdminLayout, CsrfField } from './admin-layout.tsx';
import { Field } from './form-fields.tsx';

export interface CompanyMergeProps {
  readonly frame: AdminFrame;
  /** The company to merge away. */
  readonly drop: CompanyRef;
  readonly into: string;
  readonly error?: string | undefined;
  /** Set once a company to keep was chosen: the confirmation step. */
  readonly preview?: MergePreview | undefined;
}

const names = (list: readonly { name: string }[]) => list.map((x) => x.name).join(', ');

/** Merging a duplicate: choose the company to keep, then confirm what will happen. */
export function CompanyMergePage(props: CompanyMergeProps) {
  const { drop, preview: p } = props;
  const action = `/admin/companies/${drop.id}/merge`;
  return (
    <AdminLayout frame={props.frame} title={p ? `Merge ${drop.name} into ${p.keep.name}?` : `Merge ${drop.name}`}>
      <p>
        <a href={`/admin/companies/${drop.id}`}>Back to {drop.name}</a>
      </p>
      {p ? (
        <>
          <h1>
            Merge {drop.name} into {p.keep.name}?
          </h1>
          <ul class="merge-effects">
            <li>
              {p.articles.toLocaleString('en')} {p.articles === 1 ? 'article that mentions' : 'articles that mention'} {drop.name} will be tagged with {p.keep.name}{' '}
              instead.
            </li>
            <li>{p.aliases.length ? `These names become aliases of ${p.keep.name}: ${p.aliases.join(', ')}.` : `No new aliases: ${p.keep.name} already has every name of ${drop.name}.`}</li>
            {p.brands.length > 0 && (
              <li>
                Brands and subsidiaries that move to {p.keep.name}: {names(p.brands)}.
              </li>
            )}
            <li>
              The address {p.from} will redirect to {p.to}.
            </li>
            <li>
              {drop.name} is then removed from the directory, and every article is re-tagged in the background. This cannot be undone.
            </li>
          </ul>
          <form method="post" action={action}>
            <CsrfField csrf={props.frame.csrf} />
            <input type="hidden" name="into" value={p.keep.slug} />
            <input type="hidden" name="confirm" value="yes" />
            <div class="actions">
              <button type="submit">Merge</button>
              <a href={`/admin/companies/${drop.id}`}>Cancel</a>
            </div>
          </form>
        </>
      ) : (
        <>
          <h1>Merge {drop.name}</h1>
          <p>
            Merging moves {drop.name}’s mentions, names and brands to the company you keep, and redirects its profile there. You will see what will happen before
            anything changes.
          </p>
          {props.error && (
            <p class="alert" role="alert">
              Nothing was merged: correct the field marked below.
            </p>
          )}
          <form method="post" action={action} novalidate>
            <CsrfField csrf={props.frame.csrf} />
            <Field id="into" label="Merge into" value={props.into} error={props.error} hint="The company to keep, by name or slug." required />
            <div class="actions">
              <button type="submit">Review the merge</button>
            </div>
          </form>
        </>
      )}
    </AdminLayout>
  );
}
