import type { ComponentChildren } from 'preact';
import type { UserRecord } from '../../../admin/index.ts';
import { ADMIN_CSS, ADMIN_JS } from '../assets.ts';

/** What every signed-in admin page knows: the site's title, the user and the session's CSRF token. */
export interface AdminFrame {
  readonly siteTitle: string;
  readonly user?: UserRecord | undefined;
  readonly csrf: string;
  /** The site switcher: present only when the user may work on more than one site. */
  readonly switcher?: SiteSwitcher | undefined;
  /** The current site's home page when it is not this host's (several sites). */
  readonly viewSite?: string | undefined;
}

export interface SiteSwitcher {
  readonly currentId: number;
  readonly choices: readonly { readonly id: number; readonly name: string }[];
  /** The page to come back to after switching. */
  readonly back: string;
}

/** Chooses the site the admin works on (a plain form: works without the script). */
function SiteSwitcherForm(props: { switcher: SiteSwitcher; csrf: string }) {
  const { switcher } = props;
  return (
    <form method="post" action="/admin/site" class="site-switcher">
      <CsrfField csrf={props.csrf} />
      <input type="hidden" name="back" value={switcher.back} />
      <label for="admin-site">Site</label>
      <select id="admin-site" name="site">
        {switcher.choices.map((c) => (
          <option value={String(c.id)} selected={c.id === switcher.currentId}>
            {c.name}
          </option>
        ))}
      </select>
      <button type="submit" class="secondary">
        Switch
      </button>
    </form>
  );
}

/** The hidden field every admin form carries; the server compares it with the session's token. */
export function CsrfField(props: { csrf: string }) {
  return <input type="hidden" name="_csrf" value={props.csrf} />;
}

/**
 * A form of one button that posts to `action` (delete, restore, send, sign out): the CSRF field,
 * `fields` as hidden inputs, and the button, so each works without the script. `inline` sits it in
 * a table cell or a line of text; `label` names the button for screen readers where its visible
 * text alone ("Delete") does not say what it acts on.
 */
export function PostButton(props: {
  action: string;
  csrf: string;
  fields?: Readonly<Record<string, string>>;
  inline?: boolean;
  secondary?: boolean;
  label?: string;
  disabled?: boolean;
  children: ComponentChildren;
}) {
  return (
    <form method="post" action={props.action} class={props.inline ? 'inline' : undefined}>
      <CsrfField csrf={props.csrf} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.secondary ? 'secondary' : undefined} aria-label={props.label} disabled={props.disabled}>
        {props.children}
      </button>
    </form>
  );
}

/** The admin page frame: skip link, header with navigation and sign-out, one main landmark. */
export function AdminLayout(props: { frame: AdminFrame; title: string; children: ComponentChildren }) {
  const { frame } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${props.title} | ${frame.siteTitle} admin`}</title>
        <link rel="stylesheet" href={ADMIN_CSS.path} />
        <script src={ADMIN_JS.path} defer />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        {frame.user && (
          <header class="admin">
            <strong>{frame.siteTitle}</strong>
            {frame.switcher && <SiteSwitcherForm switcher={frame.switcher} csrf={frame.csrf} />}
            <nav aria-label="Admin">
              <ul>
                <li>
                  <a href="/admin">Articles</a>
                </li>
                <li>
                  <a href="/admin/articles/new">New article</a>
                </li>
                <li>
                  <a href="/admin/media">Media</a>
                </li>
                {frame.user.role !== 'contributor' && (
                  <li>
                    <a href="/admin/companies">Companies</a>
                  </li>
                )}
                {frame.user.role !== 'contributor' && (
                  <li>
                    <a href="/admin/companies/suggestions">Company suggestions</a>
                  </li>
                )}
                {frame.user.role !== 'contributor' && (
                  <li>
                    <a href="/admin/redirects">Redirects</a>
                  </li>
                )}
                {frame.user.role !== 'contributor' && (
                  <li>
                    <a href="/admin/newsletters">Newsletters</a>
                  </li>
                )}
                {frame.user.role !== 'contributor' && (
                  <li>
                    <a href="/admin/sections">Sections and tags</a>
                  </li>
                )}
                {frame.user.role !== 'contributor' && (
                  <li>
                    <a href="/admin/authors">Authors</a>
                  </li>
                )}
                {frame.user.role === 'admin' && (
                  <li>
                    <a href="/admin/users">Users</a>
                  </li>
                )}
                {frame.user.role !== 'contributor' && (
                  <li>
                    <a href="/admin/resources">Resources</a>
                  </li>
                )}
                {frame.user.role === 'admin' && (
                  <li>
                    <a href="/admin/ads">Advertising</a>
                  </li>
                )}
                {frame.user.role === 'admin' && (
                  <li>
                    <a href="/admin/settings">Settings</a>
                  </li>
                )}
                <li>
                  <a href={frame.viewSite ?? '/'}>View site</a>
                </li>
              </ul>
            </nav>
            <div class="who">
              <span>
                {frame.user.name} ({frame.user.role})
              </span>
              <PostButton action="/admin/sign-out" csrf={frame.csrf} secondary>
                Sign out
              </PostButton>
              <PostButton action="/admin/sign-out-everywhere" csrf={frame.csrf} secondary>
                Sign out everywhere
              </PostButton>
            </div>
          </header>
        )}
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

/** An admin error page (403 CSRF, 404…), inside the admin frame. */
export function AdminErrorPage(props: { frame: AdminFrame; status: number; message: string }) {
  const title = props.status === 404 ? 'Not found' : props.status === 403 ? 'Not allowed' : props.status >= 500 ? 'Something went wrong' : 'That did not work';
  return (
    <AdminLayout frame={props.frame} title={title}>
      <h1>{title}</h1>
      <p class="alert" role="alert">
        {props.message}
      </p>
      <p>
        <a href="/admin">Back to the articles</a>
      </p>
    </AdminLayout>
  );
}
