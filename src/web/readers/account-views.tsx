import type { ComponentChildren } from 'preact';
import type { AlertMode, FollowRecord, ProfileField, ReaderSession } from '../../readers/index.ts';
import { PROFILE_FIELDS } from '../../readers/index.ts';
import { Layout, type SiteInfo } from '../site/views/layout.tsx';

/** A page of the reader's account: uncached, never indexed. */
function AccountLayout(props: { site: SiteInfo; title: string; children: ComponentChildren }) {
  return (
    <Layout site={props.site} meta={{ title: props.title, canonical: '/account', noindex: true, breadcrumbs: [{ name: 'Your account' }] }}>
      <div class="account">
        <h1>{props.title}</h1>
        {props.children}
      </div>
    </Layout>
  );
}

/** What a sign-in form carries through: a follow asked for while signed out, and where to return. */
export interface Pending {
  readonly next?: string | undefined;
  readonly follow?: { readonly kind: string; readonly slug: string; readonly name: string } | undefined;
}

function PendingFields(props: { pending: Pending }) {
  const { next, follow } = props.pending;
  return (
    <>
      {next && <input type="hidden" name="next" value={next} />}
      {follow && <input type="hidden" name="followKind" value={follow.kind} />}
      {follow && <input type="hidden" name="followSlug" value={follow.slug} />}
    </>
  );
}

export function SignInView(props: { site: SiteInfo; csrf: string; pending: Pending; email?: string; error?: string | undefined; notice?: string | undefined }) {
  const { follow } = props.pending;
  return (
    <AccountLayout site={props.site} title="Sign in or sign up">
      {props.notice && <p class="notice">{props.notice}</p>}
      {follow && <p>Sign in to follow {follow.name}: we will add it once you are in.</p>}
      <p>Type your email address: we send you a link that signs you in (and creates your account the first time). No password.</p>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/account/sign-in">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <PendingFields pending={props.pending} />
        <label for="reader-email">Email address</label>
        <input id="reader-email" type="email" name="email" autoComplete="email" required value={props.email ?? ''} />
        <p>
          <button type="submit">Email me a sign-in link</button>
        </p>
      </form>
    </AccountLayout>
  );
}

/** After asking: the same page whether or not the address is known. */
export function CheckEmailView(props: { site: SiteInfo; csrf: string; error?: string | undefined }) {
  return (
    <AccountLayout site={props.site} title="Check your email">
      <p>If the address can receive mail, a sign-in link is on its way. Open it in this browser within 15 minutes.</p>
      <p>Reading your mail on another device? Type the six-digit code from the email here instead.</p>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/account/code">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <label for="reader-code">Code</label>
        <input id="reader-code" type="text" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" maxLength={7} required />
        <p>
          <button type="submit">Sign in</button>
        </p>
      </form>
    </AccountLayout>
  );
}

export function MessageView(props: { site: SiteInfo; title: string; message: string; link?: { href: string; text: string } }) {
  return (
    <AccountLayout site={props.site} title={props.title}>
      <p>{props.message}</p>
      {props.link && (
        <p>
          <a href={props.link.href}>{props.link.text}</a>
        </p>
      )}
    </AccountLayout>
  );
}

const KIND_PATH = { company: 'companies', section: 'sections', tag: 'tags', author: 'authors' } as const;
const MODES: { value: AlertMode; label: string }[] = [
  { value: 'instant', label: 'At once: an email when something I follow is in the news' },
  { value: 'daily', label: 'A daily digest, in the morning' },
  { value: 'off', label: 'No alerts' },
];

/** A newsletter as the account page shows it: the reader's own state on it. */
export interface ReaderList {
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly status: 'active' | 'unsubscribed' | 'bounced' | 'none';
}

export function AccountView(props: {
  site: SiteInfo;
  session: ReaderSession;
  follows: readonly FollowRecord[];
  newsletters: readonly ReaderList[];
  required: readonly ProfileField[];
  notice?: string | undefined;
  error?: string | undefined;
}) {
  const { reader, csrfToken } = props.session;
  const csrf = <input type="hidden" name="_csrf" value={csrfToken} />;
  return (
    <AccountLayout site={props.site} title="Your account">
      {props.notice && <p class="notice">{props.notice}</p>}
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <p>
        Signed in as <strong>{reader.email}</strong>.
      </p>
      <section aria-labelledby="newsletters-heading">
        <h2 id="newsletters-heading">Newsletters</h2>
        {props.newsletters.length ? (
          <ul class="account-newsletters">
            {props.newsletters.map((l) => (
              <li key={l.slug}>
                <strong>{l.name}</strong> <span>{l.status === 'active' ? '(subscribed)' : l.status === 'bounced' ? '(paused: mail to your address bounced)' : '(not subscribed)'}</span>
                {l.description ? <span class="newsletter-description"> {l.description}</span> : null}
                {l.status === 'bounced' ? null : (
                  <form class="inline" method="post" action="/account/newsletters">
                    {csrf}
                    <input type="hidden" name="list" value={l.slug} />
                    <input type="hidden" name="subscribe" value={l.status === 'active' ? 'no' : 'yes'} />
                    <button type="submit" aria-label={`${l.status === 'active' ? 'Unsubscribe from' : 'Subscribe to'} ${l.name}`}>
                      {l.status === 'active' ? 'Unsubscribe' : 'Subscribe'}
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>{props.site.title} has no newsletters yet.</p>
        )}
      </section>
      <section aria-labelledby="follows-heading">
        <h2 id="follows-heading">What you follow</h2>
        {props.follows.length ? (
          <ul class="follows">
            {props.follows.map((f) => (
              <li key={`${f.kind}:${f.targetId}`}>
                <a href={`/${KIND_PATH[f.kind]}/${f.slug}`}>{f.name}</a> <span>({f.kind})</span>
                <form class="inline" method="post" action="/account/unfollow">
                  {csrf}
                  <input type="hidden" name="kind" value={f.kind} />
                  <input type="hidden" name="slug" value={f.slug} />
                  <button type="submit">Unfollow</button>
                </form>
              </li>
            ))}
          </ul>
        ) : (
          <p>
            Nothing yet. Follow a company from its page in the <a href="/companies">company directory</a>, or a topic from its page.
          </p>
        )}
        <form method="post" action="/account/alerts">
          {csrf}
          <fieldset>
            <legend>Alerts</legend>
            {MODES.map((m) => (
              <label key={m.value}>
                <input type="radio" name="mode" value={m.value} checked={reader.alertMode === m.value} /> {m.label}
              </label>
            ))}
          </fieldset>
          <p>
            <button type="submit">Save alerts</button>
          </p>
        </form>
      </section>
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <form method="post" action="/account/profile">
          {csrf}
          {PROFILE_FIELDS.map(([field, label]) => (
            <>
              <label for={`profile-${field}`}>
                {label}
                {props.required.includes(field) ? ' (required)' : ''}
              </label>
              <input id={`profile-${field}`} type="text" name={field} value={reader[field] ?? ''} maxLength={200} required={props.required.includes(field)} />
            </>
          ))}
          <p>
            <button type="submit">Save profile</button>
          </p>
        </form>
      </section>
      <section aria-labelledby="data-heading">
        <h2 id="data-heading">Your data</h2>
        <p>
          <a href="/account/export">Download everything we keep about you (JSON)</a>
        </p>
        <p>
          <a href="/account/shared">Details you shared with sponsors</a> (white papers, reports, webinars): see and withdraw them.
        </p>
        <form method="post" action="/account/delete">
          {csrf}
          <label>
            <input type="checkbox" name="confirm" value="yes" required /> Delete my account, what I follow, my alerts and the details I shared with sponsors. This cannot be undone.
          </label>
          <p>
            <button type="submit">Delete my account</button>
          </p>
        </form>
        <form method="post" action="/account/sign-out">
          {csrf}
          <button type="submit">Sign out</button>
        </form>
      </section>
    </AccountLayout>
  );
}

export function UnsubscribeAlertsView(props: { site: SiteInfo; action: string; done: boolean }) {
  return (
    <AccountLayout site={props.site} title={props.done ? 'Alerts are off' : 'Stop alerts?'}>
      {props.done ? (
        <p>
          You will get no more alerts. What you follow is kept: turn alerts on again on <a href="/account">your account page</a>.
        </p>
      ) : (
        <form method="post" action={props.action}>
          <p>Stop the emails about companies and topics you follow?</p>
          <button type="submit">Stop alerts</button>
        </form>
      )}
    </AccountLayout>
  );
}
