import type { RedirectErrors, RedirectForm } from '../../../admin/index.ts';
import { type AdminFrame, AdminLayout, CsrfField, PostButton } from './admin-layout.tsx';
import {FieldError, fieldAria} from './form-field.tsx';
import { ListTable, Notice, Pager } from './list-parts.tsx';

export interface RedirectsProps {
  readonly frame: AdminFrame;
  readonly items: readonly { from: string; to: string | null; status: 301 | 410 }[];
  readonly page: number;
  readonly totalPages: number;
  readonly form: RedirectForm;
  readonly errors: RedirectErrors;
  readonly notice?: string | undefined;
}

/** Redirects: add (301 to a new URL, or 410 gone) and remove; newest first. */
export function RedirectsPage(props: RedirectsProps) {
  const { form, errors, frame } = props;
  return (
    <AdminLayout frame={frame} title="Redirects">
      <h1>Redirects</h1>
      <Notice text={props.notice} />
      <form method="post" action="/admin/redirects">
        <CsrfField csrf={frame.csrf} />
        <label for="from">Old path</label>
        <input id="from" name="from" type="text" value={form.from} {...fieldAria('from', errors.from)} />
        <FieldError id="from" error={errors.from} />
        <label for="status">Answer</label>
        <select id="status" name="status" {...fieldAria('status', errors.status)}>
          <option value="301" selected={form.status !== '410'}>
            301: moved to the new URL
          </option>
          <option value="410" selected={form.status === '410'}>
            410: gone for good
          </option>
        </select>
        <FieldError id="status" error={errors.status} />
        <label for="to">New URL (for 301)</label>
        <input id="to" name="to" type="text" value={form.to} {...fieldAria('to', errors.to)} />
        <FieldError id="to" error={errors.to} />
        <div class="actions">
          <button type="submit">Save redirect</button>
        </div>
      </form>
      <ListTable headings={['Old path', 'Answer', 'Remove']}>
        {props.items.map((r) => (
          <tr key={r.from}>
            <td>{r.from}</td>
            <td>{r.status === 410 ? '410 gone' : `301 → ${r.to}`}</td>
            <td>
              <PostButton action="/admin/redirects/remove" csrf={frame.csrf} fields={{ from: r.from }} inline secondary label={`Remove the redirect from ${r.from}`}>
                Remove
              </PostButton>
            </td>
          </tr>
        ))}
      </ListTable>
      <Pager page={props.page} totalPages={props.totalPages} href={(page) => `/admin/redirects?page=${page}`} />
    </AdminLayout>
  );
}
