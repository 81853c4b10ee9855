import type { LeadAssetRecord, LeadRecord } from '../../../leads/index.ts';
import { kindLabel, LEAD_ASSET_KINDS } from '../../../leads/index.ts';
import { PROFILE_FIELDS } from '../../../readers/index.ts';
import { type AdminFrame, AdminLayout, CsrfField } from './admin-layout.tsx';
import { ListTable, Notice } from './list-parts.tsx';

/** An asset form's fields as typed. */
export interface ResourceFormValues {
  readonly kind: string;
  readonly title: string;
  readonly slug: string;
  readonly description: string;
  readonly coverMediaId: string;
  readonly videoUrl: string;
  readonly sponsor: string;
  readonly requiredFields: readonly string[];
  readonly consent: string;
  readonly published: boolean;
}

export const EMPTY_RESOURCE: ResourceFormValues = { kind: 'white-paper', title: '', slug: '', description: '', coverMediaId: '', videoUrl: '', sponsor: '', requiredFields: ['name', 'company', 'jobTitle'], consent: '', published: false };

export function resourceFormValues(a: LeadAssetRecord): ResourceFormValues {
  return {
    kind: a.kind,
    title: a.title,
    slug: a.slug,
    description: a.description,
    coverMediaId: a.coverMediaId === null ? '' : String(a.coverMediaId),
    videoUrl: a.videoUrl ?? '',
    sponsor: a.sponsor?.slug ?? '',
    requiredFields: a.requiredFields,
    consent: a.consent,
    published: a.published,
  };
}

function Messages(props: { problem?: string | undefined; notice?: string | undefined }) {
  return (
    <>
      {props.problem && (
        <p class="alert" role="alert">
          {props.problem}
        </p>
      )}
      <Notice text={props.notice} />
    </>
  );
}

type Images = readonly { id: number; filename: string; alt: string }[];

function ResourceForm(props: { frame: AdminFrame; action: string; form: ResourceFormValues; images: Images; submit: string }) {
  const f = props.form;
  return (
    <form method="post" action={props.action}>
      <CsrfField csrf={props.frame.csrf} />
      <label for="kind">Kind</label>
      <select id="kind" name="kind">
        {LEAD_ASSET_KINDS.map((k) => (
          <option key={k.kind} value={k.kind} selected={f.kind === k.kind}>
            {k.label}
          </option>
        ))}
      </select>
      <label for="title">Title</label>
      <input id="title" name="title" value={f.title} required maxLength={200} />
      <label for="slug">Slug (empty: made from the title)</label>
      <input id="slug" name="slug" value={f.slug} maxLength={120} />
      <label for="description">Description (public, indexed; blank lines between paragraphs)</label>
      <textarea id="description" name="description" rows={8} required>
        {f.description}
      </textarea>
      <label for="coverMediaId">Cover image</label>
      <select id="coverMediaId" name="coverMediaId">
        <option value="">None</option>
        {props.images.map((m) => (
          <option key={m.id} value={String(m.id)} selected={f.coverMediaId === String(m.id)}>
            {`#${m.id} ${m.filename}${m.alt ? ` (${m.alt})` : ''}`}
          </option>
        ))}
      </select>
      <label for="sponsor">Sponsor (a directory company's id or slug)</label>
      <input id="sponsor" name="sponsor" value={f.sponsor} required maxLength={200} />
      <fieldset>
        <legend>Profile fields the sponsor asks for (the email address is always shared)</legend>
        {PROFILE_FIELDS.map(([name, label]) => (
          <label key={name}>
            <input type="checkbox" name={`field-${name}`} value="yes" checked={f.requiredFields.includes(name)} /> {label}
          </label>
        ))}
      </fieldset>
      <label for="consent">Consent line (must name the sponsor; empty: the standard line)</label>
      <textarea id="consent" name="consent" rows={2} maxLength={1000}>
        {f.consent}
      </textarea>
      <label for="videoUrl">Video link (a webinar recording; a PDF is uploaded below instead)</label>
      <input id="videoUrl" name="videoUrl" type="url" value={f.videoUrl} maxLength={2000} />
      <label>
        <input type="checkbox" name="published" value="yes" checked={f.published} /> Published (on /resources)
      </label>
      <p>
        <button type="submit">{props.submit}</button>
      </p>
    </form>
  );
}

/** `/admin/resources`: every asset with its live leads, and the form for a new one. */
export function ResourcesAdminPage(props: { frame: AdminFrame; assets: readonly (LeadAssetRecord & { leads: number })[]; form: ResourceFormValues; images: Images; problem?: string | undefined; notice?: string | undefined }) {
  return (
    <AdminLayout frame={props.frame} title="Resources">
      <h1>Resources</h1>
      <Messages problem={props.problem} notice={props.notice} />
      {props.assets.length ? (
        <ListTable headings={['Title', 'Kind', 'Sponsor', 'Published', 'Leads']}>
          {props.assets.map((a) => (
            <tr key={a.id}>
              <td>
                <a href={`/admin/resources/${a.id}`}>{a.title}</a>
              </td>
              <td>{kindLabel(a.kind)}</td>
              <td>{a.sponsor?.name ?? '—'}</td>
              <td>{a.published ? 'yes' : 'no'}</td>
              <td>{a.leads}</td>
            </tr>
          ))}
        </ListTable>
      ) : (
        <p>No resources yet.</p>
      )}
      <h2>New resource</h2>
      <ResourceForm frame={props.frame} action="/admin/resources" form={props.form} images={props.images} submit="Add resource" />
    </AdminLayout>
  );
}

/** `/admin/resources/<id>`: edit, upload the PDF, and the asset's live leads (CSV for admins). */
export function ResourceAdminPage(props: {
  frame: AdminFrame;
  asset: LeadAssetRecord;
  form: ResourceFormValues;
  images: Images;
  leads: readonly LeadRecord[];
  problem?: string | undefined;
  notice?: string | undefined;
}) {
  const { asset, frame } = props;
  return (
    <AdminLayout frame={frame} title={asset.title}>
      <h1>{asset.title}</h1>
      <Messages problem={props.problem} notice={props.notice} />
      {asset.published && (
        <p>
          <a href={`/resources/${asset.slug}`}>View on the site</a>
        </p>
      )}
      <ResourceForm frame={frame} action={`/admin/resources/${asset.id}`} form={props.form} images={props.images} submit="Save" />
      <h2>File</h2>
      <p>{asset.file ? `${asset.file.name}, ${Math.ceil(asset.file.size / 1024)} KB` : 'No PDF yet.'}</p>
      <form method="post" action={`/admin/resources/${asset.id}/file`} enctype="multipart/form-data">
        <CsrfField csrf={frame.csrf} />
        <label for="file">PDF (up to 10 MB)</label>
        <input id="file" name="file" type="file" accept="application/pdf" required />
        <p>
          <button type="submit">Upload</button>
        </p>
      </form>
      <h2>Leads ({props.leads.length})</h2>
      {frame.user?.role === 'admin' && props.leads.length > 0 && (
        <p>
          <a href={`/admin/resources/${asset.id}/leads.csv`}>Download the leads (CSV) for {asset.sponsor?.name ?? 'the sponsor'}</a>
        </p>
      )}
      {props.leads.length ? (
        <ListTable headings={['When', 'Email', 'Name', 'Company', 'Job title']}>
          {props.leads.map((l) => (
            <tr key={l.id}>
              <td>{new Date(l.createdAt).toISOString().slice(0, 16).replace('T', ' ')}</td>
              <td>{l.shared.email ?? ''}</td>
              <td>{l.shared.name ?? ''}</td>
              <td>{l.shared.company ?? ''}</td>
              <td>{l.shared.jobTitle ?? ''}</td>
            </tr>
          ))}
        </ListTable>
      ) : (
        <p>No leads yet.</p>
      )}
    </AdminLayout>
  );
}
