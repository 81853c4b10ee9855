import type { ArticleFormValues, FieldErrors } from '../../../admin/index.ts';
import type { ArticleStatus } from '../../../domain/index.ts';
import { alsoOnField } from '../admin-site.ts';
import { type AdminFrame, AdminLayout, CsrfField } from './admin-layout.tsx';
import { CompaniesPanel, type TaggedCompany } from './companies-panel.tsx';
import { Notice } from './list-parts.tsx';

export interface EditorProps {
  readonly frame: AdminFrame;
  /** Undefined for a new article. */
  readonly id?: number | undefined;
  readonly status?: ArticleStatus | undefined;
  readonly publicSlug?: string | undefined;
  readonly values: ArticleFormValues;
  readonly errors: FieldErrors;
  readonly notice?: string | undefined;
  readonly canPublish: boolean;
  readonly timeZone: string;
  /** Editors and admins review the tagger's companies on a saved article. */
  readonly companies?: readonly TaggedCompany[] | undefined;
  readonly companyError?: string | undefined;
  /** Library images to choose the lead image from (newest first). */
  readonly media: readonly { id: number; alt: string; filename: string }[];
  /** With several sites: the article's home site and the others it may also appear on. */
  readonly sites?: EditorSites | undefined;
}

export interface EditorSites {
  readonly home: string;
  readonly others: readonly { readonly id: number; readonly name: string; readonly checked: boolean }[];
}


/** "Also publish on": the other sites, as checkboxes (the home site carries the canonical URL). */
function AlsoPublishOn(props: { sites: EditorSites }) {
  const { sites } = props;
  return (
    <fieldset class="also-on">
      <legend>Also publish on</legend>
      {/* Says the choices were shown, so none ticked means none (not "left as they are"). */}
      <input type="hidden" name="also-shown" value="1" />
      <p class="hint">
        Home site: <strong>{sites.home}</strong>. On the sites ticked here the article appears too, with its canonical address on the home site.
      </p>
      {sites.others.map((o) => (
        <label class="check">
          <input type="checkbox" name={alsoOnField(o.id)} value="1" checked={o.checked} /> {o.name}
        </label>
      ))}
    </fieldset>
  );
}

type Field = keyof ArticleFormValues;

function Described(props: { field: Field; errors: FieldErrors; hint?: string }) {
  const error = props.errors[props.field];
  return (
    <>
      {props.hint && (
        <p class="hint" id={`${props.field}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${props.field}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

function aria(field: Field, errors: FieldErrors, hint = false) {
  const ids = [hint ? `${field}-hint` : '', errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-invalid': errors[field] ? ('true' as const) : undefined, 'aria-describedby': ids || undefined };
}

function TextField(props: { field: Field; label: string; values: ArticleFormValues; errors: FieldErrors; hint?: string; required?: boolean; readOnly?: boolean }) {
  const { field } = props;
  return (
    <>
      <label for={field}>{props.label}</label>
      <input
        id={field}
        name={field}
        type="text"
        value={props.values[field]}
        required={props.required}
        readOnly={props.readOnly}
        {...aria(field, props.errors, Boolean(props.hint))}
      />
      <Described field={field} errors={props.errors} {...(props.hint ? { hint: props.hint } : {})} />
    </>
  );
}

/** The article editor: a plain form that works without JavaScript; errors sit next to their fields. */
export function EditorPage(props: EditorProps) {
  const { values, errors, status } = props;
  const published = status === 'published';
  const errorCount = Object.keys(errors).length;
  return (
    <AdminLayout frame={props.frame} title={props.id ? `Edit: ${values.headline || 'article'}` : 'New article'}>
      <h1>{props.id ? 'Edit article' : 'New article'}</h1>
      <Notice text={props.notice} />
      {errorCount > 0 && (
        <p class="alert" role="alert">
          {errorCount === 1 ? 'One field needs attention.' : `${errorCount} fields need attention.`} Nothing was saved.
        </p>
      )}
      {props.id !== undefined && (
        <p>
          Status: <strong>{status}</strong>
          {published && props.publicSlug && (
            <>
              {' · '}
              <a href={`/news/${props.publicSlug}`}>View on the site</a>
            </>
          )}
          {' · '}
          <a href={`/admin/articles/${props.id}/revisions`}>Revisions</a>
        </p>
      )}
      <div class="editor-grid">
      <form method="post" action={props.id ? `/admin/articles/${props.id}` : '/admin/articles/new'} data-editor="" data-article={props.id === undefined ? '' : String(props.id)}>
        <CsrfField csrf={props.frame.csrf} />
        <TextField field="headline" label="Headline" values={values} errors={errors} required />
        <label for="standfirst">Standfirst</label>
        <textarea id="standfirst" name="standfirst" rows={3} class="short" {...aria('standfirst', errors)}>
          {values.standfirst}
        </textarea>
        <Described field="standfirst" errors={errors} />
        <label for="body">Body</label>
        <textarea id="body" name="body" rows={20} required {...aria('body', errors, true)}>
          {values.body}
        </textarea>
        <Described field="body" errors={errors} hint="Markdown: **bold**, _italic_, [link](https://…), ## heading, - list. Raw HTML is not allowed." />
        <label for="leadImage">Lead image</label>
        <select id="leadImage" name="leadImage" {...aria('leadImage', errors, true)}>
          <option value="">No lead image</option>
          {values.leadImage === 'keep' && (
            <option value="keep" selected>
              Keep the current (imported) image
            </option>
          )}
          {props.media.map((m) => (
            <option key={m.id} value={String(m.id)} selected={values.leadImage === String(m.id)}>
              {`${m.alt} (${m.filename})`}
            </option>
          ))}
        </select>
        <Described field="leadImage" errors={errors} hint="Upload images in the Media library; their alt text comes with them." />
        <TextField field="caption" label="Caption" values={values} errors={errors} />
        <TextField field="credit" label="Credit" values={values} errors={errors} />
        <TextField field="section" label="Section" values={values} errors={errors} />
        <TextField field="sponsor" label="Sponsor" values={values} errors={errors} hint="Sponsored content only: the directory company that paid for it, by name. Readers see “Sponsored by …”." />
        <TextField field="tags" label="Tags" values={values} errors={errors} hint="Separate tags with commas." />
        <TextField field="authors" label="Authors" values={values} errors={errors} hint="Separate names with commas." />
        <TextField
          field="slug"
          label="Slug"
          values={values}
          errors={errors}
          readOnly={published}
          hint={published ? 'Published: the slug no longer changes.' : 'Made from the headline; you may change it until the article is first published.'}
        />
        {props.sites && props.sites.others.length > 0 && <AlsoPublishOn sites={props.sites} />}
        <div class="actions">
          <button type="submit" name="action" value="save">
            {status === undefined || status === 'draft' ? 'Save draft' : 'Save changes'}
          </button>
          <button type="submit" name="action" value="preview" formaction="/admin/preview" formtarget="_blank" class="secondary">
            Preview
          </button>
          {props.canPublish && (
            <>
              <button type="submit" name="action" value="publish">
                {published ? 'Update' : 'Publish'}
              </button>
              <div>
                <label for="scheduleAt">Publish at ({props.timeZone})</label>
                <input id="scheduleAt" name="scheduleAt" type="datetime-local" value={values.scheduleAt} {...aria('scheduleAt', errors)} />
                <Described field="scheduleAt" errors={errors} />
              </div>
              <button type="submit" name="action" value="schedule">
                Schedule
              </button>
              {(published || status === 'scheduled') && (
                <button type="submit" name="action" value="unpublish" class="secondary">
                  Unpublish
                </button>
              )}
            </>
          )}
        </div>
      </form>
      {/* assets/preview.js shows the live preview here; without it the Preview button opens one in a new tab. */}
      <section aria-labelledby="live-preview-title" id="live-preview" hidden>
        <h2 id="live-preview-title">Live preview</h2>
        <p class="hint">The public page as it will look, updated as you type. Links and scripts do not run here.</p>
      </section>
      </div>
      {props.companies && <CompaniesPanel articleId={props.id} companies={props.companies} csrf={props.frame.csrf} addError={props.companyError} />}
    </AdminLayout>
  );
}
