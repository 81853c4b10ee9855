import type { CompanyFieldErrors, CompanyFormValues, EditableCompany } from '../../../admin/index.ts';
import { type AdminFrame, AdminLayout, CsrfField, PostButton } from './admin-layout.tsx';
import { describedBy, Field, FieldNotes } from './form-fields.tsx';
import { Notice } from './list-parts.tsx';

export interface CompanyEditProps {
  readonly frame: AdminFrame;
  /** Undefined for a new company. */
  readonly company?: EditableCompany | undefined;
  readonly values: CompanyFormValues;
  readonly errors: CompanyFieldErrors;
  /** The logo form's alt text as typed (shown again after an upload error). */
  readonly alt?: string;
  readonly notice?: string | undefined;
}

/** Creating or editing a company: a plain form (errors next to their fields), then brands, logo and merge. */
export function CompanyEditPage(props: CompanyEditProps) {
  const { values, errors, company: c } = props;
  const title = c ? values.name || c.values.name : 'New company';
  return (
    <AdminLayout frame={props.frame} title={c ? `Company: ${title}` : title}>
      <p>
        <a href="/admin/companies">All companies</a>
      </p>
      <h1>{c ? c.values.name : title}</h1>
      <Notice text={props.notice} />
      {Object.keys(errors).length > 0 && (
        <p class="alert" role="alert">
          Nothing was saved: correct the fields marked below.
        </p>
      )}
      {c && (
        <p>
          <a href={`/companies/${c.slug}`}>View the public profile</a> · <a href={`/admin/companies/${c.id}/merge`}>Merge into another company</a>
        </p>
      )}
      <form method="post" action={c ? `/admin/companies/${c.id}` : '/admin/companies/new'} novalidate>
        <CsrfField csrf={props.frame.csrf} />
        <Field id="name" label="Name" value={values.name} error={errors.name} required />
        <Field
          id="slug"
          label="Slug"
          value={values.slug}
          error={errors.slug}
          hint={c ? 'The profile’s address, /companies/<slug>. Changing it keeps the old address as a redirect.' : 'Leave empty to make it from the name.'}
        />
        <Field id="aliases" label="Aliases" value={values.aliases} error={errors.aliases} rows={4} hint="Other names the tagger should find, one per line (for example RSM)." />
        <Field id="parent" label="Parent company" value={values.parent} error={errors.parent} hint="The company this one is a brand or subsidiary of, by name or slug. Leave empty for none." />
        <Field id="website" label="Website" value={values.website} error={errors.website} hint="A full address, such as https://www.example.com." />
        <Field id="country" label="Country" value={values.country} error={errors.country} />
        <Field id="sector" label="Sector" value={values.sector} error={errors.sector} />
        <Field id="description" label="Description" value={values.description} error={errors.description} rows={6} />
        <div class="actions">
          <button type="submit">{c ? 'Save company' : 'Create company'}</button>
        </div>
      </form>
      {c && (
        <>
          <section aria-labelledby="brands-title">
            <h2 id="brands-title">Brands and subsidiaries</h2>
            {c.brands.length ? (
              <ul>
                {c.brands.map((b) => (
                  <li key={b.id}>
                    <a href={`/admin/companies/${b.id}`}>{b.name}</a>
                  </li>
                ))}
              </ul>
            ) : (
              <p>None. A company becomes a brand of this one when this one is chosen as its parent.</p>
            )}
          </section>
          <LogoSection company={c} csrf={props.frame.csrf} errors={errors} alt={props.alt ?? ''} />
        </>
      )}
    </AdminLayout>
  );
}

function LogoSection(props: { company: EditableCompany; csrf: string; errors: CompanyFieldErrors; alt: string }) {
  const { company: c, errors } = props;
  return (
    <section aria-labelledby="logo-title">
      <h2 id="logo-title">Logo</h2>
      {c.logo ? (
        <>
          <img class="logo-preview" src={c.logo.url} alt={c.logo.alt} />
          <PostButton action={`/admin/companies/${c.id}/logo/remove`} csrf={props.csrf} secondary>
            Remove the logo
          </PostButton>
        </>
      ) : (
        <p>No logo yet.</p>
      )}
      <form method="post" action={`/admin/companies/${c.id}/logo`} enctype="multipart/form-data">
        <CsrfField csrf={props.csrf} />
        <label for="logo">{c.logo ? 'New logo image' : 'Logo image'}</label>
        <input id="logo" name="file" type="file" accept="image/jpeg,image/png,image/webp,image/avif" {...describedBy('logo', errors.logo, 'hint')} />
        <FieldNotes id="logo" error={errors.logo} hint="JPEG, PNG, WebP or AVIF, up to 10 MB; it is added to the media library." />
        <label for="alt">Alt text</label>
        <input id="alt" name="alt" type="text" value={props.alt} {...describedBy('alt', errors.alt, 'hint')} />
        <FieldNotes id="alt" error={errors.alt} hint={`What the logo shows, for people who cannot see it (for example “${c.values.name} logo”).`} />
        <div class="actions">
          <button type="submit">Upload logo</button>
        </div>
      </form>
    </section>
  );
}
