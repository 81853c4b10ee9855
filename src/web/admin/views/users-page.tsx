import type { UserRecord } from '../../../admin/index.ts';
import { MIN_PASSWORD_LENGTH, type NewUserField, ROLES } from '../../../admin/index.ts';
import { type AdminFrame, AdminLayout, CsrfField } from './admin-layout.tsx';
import { ErrorSummary, InputField, SelectField } from './form-field.tsx';
import { ListTable, Notice } from './list-parts.tsx';

export type NewUserForm = Record<NewUserField, string>;
export type UserErrors = Partial<Record<NewUserField, string>>;

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: r[0]!.toUpperCase() + r.slice(1) }));
const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters. Tell the user to change it after signing in.`;

export interface UsersPageProps {
  readonly frame: AdminFrame;
  readonly users: readonly UserRecord[];
  readonly form: NewUserForm;
  readonly errors: UserErrors;
  readonly notice?: string | undefined;
}

/** Users (admins): who can sign in, with which role; and a form to add one. */
export function UsersPage(props: UsersPageProps) {
  const { frame, form, errors } = props;
  return (
    <AdminLayout frame={frame} title="Users">
      <h1>Users</h1>
      <Notice text={props.notice} />
      <ListTable headings={['Name', 'Email', 'Role', 'Status']}>
        {props.users.map((u) => (
          <tr key={u.id}>
            <td>
              <a href={`/admin/users/${u.id}`}>{u.name}</a>
            </td>
            <td>{u.email}</td>
            <td>{u.role}</td>
            <td>{u.disabled ? 'disabled' : 'active'}</td>
          </tr>
        ))}
      </ListTable>
      <section aria-labelledby="add-heading">
        <h2 id="add-heading">Add a user</h2>
        <ErrorSummary errors={errors} />
        <form method="post" action="/admin/users" novalidate>
          <CsrfField csrf={frame.csrf} />
          <InputField id="email" label="Email" type="email" value={form.email} error={errors.email} autocomplete="off" required />
          <InputField id="name" label="Name" value={form.name} error={errors.name} hint="Shown in the admin and as the author name of new articles." />
          <SelectField id="role" label="Role" value={form.role} error={errors.role} options={ROLE_OPTIONS} hint="Admins manage users and settings; editors publish; contributors write drafts." />
          <InputField id="password" label="Initial password" type="password" value="" error={errors.password} hint={PASSWORD_HINT} autocomplete="new-password" required />
          <div class="actions">
            <button type="submit">Add user</button>
          </div>
        </form>
      </section>
    </AdminLayout>
  );
}

export interface UserPageProps {
  readonly frame: AdminFrame;
  readonly user: UserRecord;
  readonly sessions: number;
  readonly errors: Partial<Record<'role' | 'password' | 'status', string>>;
  readonly notice?: string | undefined;
  /** With several sites: each site, ticked when this user works on it (none ticked: every site). */
  readonly sites?: readonly { readonly id: number; readonly name: string; readonly checked: boolean }[] | undefined;
}

/** The sites a staff user works on: none ticked means every site; admins always work on every site. */
function UserSites(props: { base: string; csrf: string; role: string; sites: NonNullable<UserPageProps['sites']> }) {
  return (
    <section aria-labelledby="sites-heading">
      <h2 id="sites-heading">Sites</h2>
      {props.role === 'admin' ? (
        <p>Admins work on every site.</p>
      ) : (
        <form method="post" action={`${props.base}/sites`}>
          <CsrfField csrf={props.csrf} />
          <p class="hint">The sites this user may see and change; none ticked: every site.</p>
          {props.sites.map((s) => (
            <label class="check">
              <input type="checkbox" name={`site-${s.id}`} value="1" checked={s.checked} /> {s.name}
            </label>
          ))}
          <div class="actions">
            <button type="submit">Save sites</button>
          </div>
        </form>
      )}
    </section>
  );
}

/** One user: change the role, reset the password, disable or enable. */
export function UserPage(props: UserPageProps) {
  const { frame, user, errors } = props;
  const base = `/admin/users/${user.id}`;
  return (
    <AdminLayout frame={frame} title={`User ${user.email}`}>
      <p>
        <a href="/admin/users">All users</a>
      </p>
      <h1>{user.name}</h1>
      <Notice text={props.notice} />
      <p>
        {user.email}: {user.role}, {user.disabled ? 'disabled' : 'active'}, signed in on {props.sessions} device{props.sessions === 1 ? '' : 's'}.
      </p>
      <ErrorSummary errors={errors} />
      <section aria-labelledby="role-heading">
        <h2 id="role-heading">Role</h2>
        <form method="post" action={`${base}/role`}>
          <CsrfField csrf={frame.csrf} />
          <SelectField id="role" label="Role" value={user.role} error={errors.role} options={ROLE_OPTIONS} />
          <div class="actions">
            <button type="submit">Change role</button>
          </div>
        </form>
      </section>
      {props.sites && <UserSites base={base} csrf={frame.csrf} role={user.role} sites={props.sites} />}
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">Reset the password</h2>
        <form method="post" action={`${base}/password`} novalidate>
          <CsrfField csrf={frame.csrf} />
          <InputField id="password" label="New password" type="password" value="" error={errors.password} hint={`${PASSWORD_HINT} It signs the user out everywhere.`} autocomplete="new-password" required />
          <div class="actions">
            <button type="submit">Set password</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="status-heading">
        <h2 id="status-heading">{user.disabled ? 'Enable' : 'Disable'}</h2>
        <form method="post" action={`${base}/status`}>
          <CsrfField csrf={frame.csrf} />
          <input type="hidden" name="disabled" value={user.disabled ? '0' : '1'} />
          {errors.status && (
            <p class="error" id="status-error">
              {errors.status}
            </p>
          )}
          <p class="hint">{user.disabled ? 'The user can sign in again.' : 'The user is signed out everywhere and can no longer sign in.'}</p>
          <button type="submit" class="secondary" aria-describedby={errors.status ? 'status-error' : undefined}>
            {user.disabled ? 'Enable this user' : 'Disable this user'}
          </button>
        </form>
      </section>
    </AdminLayout>
  );
}
