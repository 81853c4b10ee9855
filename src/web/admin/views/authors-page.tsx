import type { AuthorProfileRow } from '../../../admin/index.ts';
import { type AuthorErrors, type AuthorForm, BIO_MAX } from '../../../admin/index.ts';
import type { MediaRecord } from '../../../media/index.ts';
import { mediaUrl } from '../../../media/index.ts';
import { type AdminFrame, AdminLayout, CsrfField } from './admin-layout.tsx';
import { ErrorSummary, SelectField } from './form-field.tsx';
import { describedBy, Field, FieldNotes } from './form-fields.tsx';
import { ListTable, Notice } from './list-parts.tsx';

/** The width the admin previews a photo at (a stored variant). */
const PREVIEW_WIDTH = 320;

/** Every author with their article count, whether they have a photo and a bio. */
export function AuthorsPage(props: { frame: AdminFrame; items: readonly (AuthorProfileRow & { articles: number })[] }) {
  return (
    <AdminLayout frame={props.frame} title="Authors">
      <h1>Authors</h1>
      <p>Authors come from articles' bylines. Give each a photo and a short bio: their page and every byline show them.</p>
      <ListTable headings={['Name', 'Articles', 'Photo', 'Bio']}>
        {props.items.map((a) => (
          <tr key={a.id}>
            <td>
              <a href={`/admin/authors/${a.id}`}>{a.name}</a>
            </td>
            <td>{a.articles}</td>
            <td>{a.photoMediaId === null ? 'No' : 'Yes'}</td>
            <td>{a.bio ? 'Yes' : 'No'}</td>
          </tr>
        ))}
      </ListTable>
    </AdminLayout>
  );
}

export interface AuthorPageProps {
  readonly frame: AdminFrame;
  readonly author: AuthorProfileRow & { photo: Omit<MediaRecord, 'variants'> | null };
  readonly form: AuthorForm;
  readonly errors: AuthorErrors;
  /** The latest images in the media library, offered as the photo. */
  readonly images: readonly { readonly id: number; readonly filename: string; readonly alt: string }[];
  readonly alt: string;
  readonly notice?: string | undefined;
}

/** One author's profile: bio and a photo chosen from the media library, or uploaded into it. */
export function AuthorPage(props: AuthorPageProps) {
  const { author: a, form, errors, frame } = props;
  const photo = a.photo;
  const { photo: _upload, alt: _alt, ...profileErrors } = errors;
  return (
    <AdminLayout frame={frame} title={a.name}>
      <p>
        <a href="/admin/authors">All authors</a>
      </p>
      <h1>{a.name}</h1>
      <p>
        Public page: <a href={`/authors/${a.slug}`}>/authors/{a.slug}</a>
      </p>
      <Notice text={props.notice} />
      <ErrorSummary errors={profileErrors} />
      {photo && <img class="logo-preview" src={mediaUrl(photo.id, Math.min(photo.width, PREVIEW_WIDTH), photo.format)} alt={photo.alt} />}
      <form method="post" action={`/admin/authors/${a.id}`} novalidate>
        <CsrfField csrf={frame.csrf} />
        <Field id="bio" label="Bio" value={form.bio} rows={5} error={errors.bio} hint={`A few sentences about them, up to ${BIO_MAX} characters: shown under their name on their page.`} />
        <SelectField
          id="photoMedia"
          label="Photo"
          value={form.photoMedia}
          error={errors.photoMedia}
          hint="An image from the media library (or upload one below). The library keeps it while it is someone's photo."
          options={[
            { value: '', label: 'None' },
            // The saved photo stays chosen even when it is older than the images listed.
            ...(form.photoMedia && !props.images.some((m) => String(m.id) === form.photoMedia) ? [{ value: form.photoMedia, label: photo ? `${photo.filename} (${photo.alt})` : `Image ${form.photoMedia}` }] : []),
            ...props.images.map((m) => ({ value: String(m.id), label: `${m.filename}${m.alt ? ` (${m.alt})` : ''}` })),
          ]}
        />
        <div class="actions">
          <button type="submit">Save profile</button>
        </div>
      </form>
      <section aria-labelledby="upload-title">
        <h2 id="upload-title">Upload a photo</h2>
        <form method="post" action={`/admin/authors/${a.id}/photo`} enctype="multipart/form-data">
          <CsrfField csrf={frame.csrf} />
          <label for="photo">Photo</label>
          <input id="photo" name="file" type="file" accept="image/jpeg,image/png,image/webp,image/avif" {...describedBy('photo', errors.photo, 'hint')} />
          <FieldNotes id="photo" error={errors.photo} hint="JPEG, PNG, WebP or AVIF, up to 10 MB, square works best; it is added to the media library and becomes the photo." />
          <label for="alt">Alt text</label>
          <input id="alt" name="alt" type="text" value={props.alt} {...describedBy('alt', errors.alt, 'hint')} />
          <FieldNotes id="alt" error={errors.alt} hint={`What the photo shows, for people who cannot see it (for example “${a.name}”).`} />
          <div class="actions">
            <button type="submit">Upload photo</button>
          </div>
        </form>
      </section>
    </AdminLayout>
  );
}
