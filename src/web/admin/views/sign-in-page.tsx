import { type AdminFrame, AdminLayout, CsrfField } from './admin-layout.tsx';
import { Notice } from './list-parts.tsx';

/** The sign-in form; `error` is shown above it (wrong password, too many attempts, disabled account). */
export function SignInPage(props: { frame: AdminFrame; email?: string; error?: string | undefined; notice?: string | undefined }) {
  return (
    <AdminLayout frame={props.frame} title="Sign in">
      <div class="sign-in">
        <h1>Sign in to {props.frame.siteTitle}</h1>
        <Notice text={props.notice} />
        {props.error && (
          <p class="alert" role="alert" id="sign-in-error">
            {props.error}
          </p>
        )}
        <form method="post" action="/admin/sign-in">
          <CsrfField csrf={props.frame.csrf} />
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ''} />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit">Sign in</button>
        </form>
      </div>
    </AdminLayout>
  );
}
