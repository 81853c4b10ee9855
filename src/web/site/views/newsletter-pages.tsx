import type { ArchivedIssue, IssueItem } from '../../../newsletters/index.ts';
import { Layout, type SiteInfo } from './layout.tsx';

/** `/newsletters`: every list and its latest issues. */
export function NewslettersPageView(props: { site: SiteInfo; lists: readonly { list: { slug: string; name: string; description: string }; issues: readonly { subject: string; date: string }[] }[] }) {
  return (
    <Layout site={props.site} meta={{ title: 'Newsletters', description: `The newsletters of ${props.site.title} and their past issues.`, canonical: '/newsletters', breadcrumbs: [{ name: 'Newsletters' }] }}>
      <h1>Newsletters</h1>
      {props.lists.length ? (
        props.lists.map(({ list, issues }) => (
          <section key={list.slug} class="newsletter-list">
            <h2>{list.name}</h2>
            {list.description ? <p class="standfirst">{list.description}</p> : null}
            <form class="newsletter" method="post" action="/newsletters/subscribe">
              <input type="hidden" name="list" value={list.slug} />
              <label class="visually-hidden" for={`signup-${list.slug}`}>
                Email address
              </label>
              <div class="newsletter-row">
                <input id={`signup-${list.slug}`} type="email" name="email" autoComplete="email" placeholder="you@company.com" required maxLength={254} />
                <button type="submit">Sign up to {list.name}</button>
              </div>
            </form>
            {issues.length ? (
              <ul>
                {issues.map((i) => (
                  <li key={i.date}>
                    <a href={`/newsletters/${list.slug}/${i.date}`}>{i.date}</a>: {i.subject}
                  </li>
                ))}
              </ul>
            ) : (
              <p>No issues yet.</p>
            )}
          </section>
        ))
      ) : (
        <p>No newsletters yet.</p>
      )}
    </Layout>
  );
}

function Story(props: { item: IssueItem; lead?: boolean }) {
  const { item } = props;
  return (
    <article class={props.lead ? 'issue-lead' : 'issue-item'}>
      {props.lead && item.imageUrl ? <img src={item.imageUrl} alt={item.imageAlt} loading="lazy" /> : null}
      {props.lead ? (
        <h2>
          <a href={item.url}>{item.headline}</a>
        </h2>
      ) : (
        <h3>
          <a href={item.url}>{item.headline}</a>
        </h3>
      )}
      {item.standfirst ? <p class="standfirst">{item.standfirst}</p> : null}
    </article>
  );
}

/** `/newsletters/<list>/<date>`: the web version of a sent issue (the same for everyone). */
export function NewsletterIssueView(props: { site: SiteInfo; issue: ArchivedIssue }) {
  const { issue } = props;
  const path = `/newsletters/${issue.list.slug}/${issue.date}`;
  return (
    <Layout
      site={props.site}
      meta={{ title: issue.subject, description: issue.intro || issue.content.lead?.standfirst || issue.subject, canonical: path, breadcrumbs: [{ name: 'Newsletters', path: '/newsletters' }, { name: `${issue.list.name}, ${issue.date}` }] }}
    >
      <p class="kicker">
        <a href="/newsletters">{issue.list.name}</a> · <time dateTime={issue.date}>{issue.date}</time>
      </p>
      <h1>{issue.subject}</h1>
      {issue.intro ? <p class="standfirst">{issue.intro}</p> : null}
      {issue.content.lead ? <Story item={issue.content.lead} lead /> : null}
      {issue.sponsor ? (
        <aside class="ad issue-sponsor" aria-label="Sponsored">
          <p class="ad-label">Sponsored · {issue.sponsor.advertiser}</p>
          <a href={`/ads/c/${issue.sponsor.creativeId}`} rel="sponsored noopener">
            <img src={`/ads/i/${issue.sponsor.creativeId}`} alt={issue.sponsor.alt} loading="lazy" />
          </a>
        </aside>
      ) : null}
      {issue.content.sections.map((s) => (
        <section key={s.name}>
          <h2>{s.name}</h2>
          {s.items.map((i) => (
            <Story key={i.id} item={i} />
          ))}
        </section>
      ))}
    </Layout>
  );
}

/** The unsubscribe link's page: asks to confirm (GET), or says it is done (after the POST). */
export function UnsubscribePageView(props: { site: SiteInfo; listName: string; token: string; state: 'confirm' | 'done' | 'already' }) {
  const action = `/newsletters/unsubscribe?t=${encodeURIComponent(props.token)}`;
  return (
    <Layout site={props.site} meta={{ title: 'Unsubscribe', canonical: '/newsletters/unsubscribe', noindex: true, breadcrumbs: [{ name: 'Newsletters', path: '/newsletters' }, { name: 'Unsubscribe' }] }}>
      {props.state === 'confirm' ? (
        <>
          <h1>Unsubscribe from {props.listName}?</h1>
          <p>You will receive no more issues of {props.listName}. Other newsletters you receive are not affected.</p>
          <form method="post" action={action}>
            <input type="hidden" name="List-Unsubscribe" value="One-Click" />
            <button type="submit">Unsubscribe</button>
          </form>
        </>
      ) : (
        <>
          <h1>You are unsubscribed</h1>
          <p>{props.state === 'done' ? `You will receive no more issues of ${props.listName}.` : `You were not receiving ${props.listName}.`}</p>
          <p>
            <a href="/">Back to the front page</a>
          </p>
        </>
      )}
    </Layout>
  );
}

/** After a sign-up (the same page whatever the address), and the confirmation link's pages. */
export function SignUpPageView(props: { site: SiteInfo; listName: string; state: 'check-inbox' | 'confirm' | 'confirmed'; token?: string }) {
  return (
    <Layout site={props.site} meta={{ title: 'Newsletters', canonical: '/newsletters', noindex: true, breadcrumbs: [{ name: 'Newsletters', path: '/newsletters' }, { name: props.listName }] }}>
      {props.state === 'check-inbox' ? (
        <>
          <h1>Check your inbox</h1>
          <p>If the address can receive {props.listName}, a message with a confirmation link is on its way. Nothing is sent until you follow it.</p>
        </>
      ) : props.state === 'confirm' ? (
        <>
          <h1>Confirm your subscription to {props.listName}</h1>
          <form method="post" action={`/newsletters/confirm?t=${encodeURIComponent(props.token ?? '')}`}>
            <button type="submit">Confirm</button>
          </form>
        </>
      ) : (
        <>
          <h1>You are subscribed</h1>
          <p>The next issue of {props.listName} will reach you. Every issue has a link to unsubscribe.</p>
        </>
      )}
      <p>
        <a href="/newsletters">Back to the newsletters</a>
      </p>
    </Layout>
  );
}

/**
 * The site-wide box names no list: when the site has several, the reader chooses here (nothing is
 * kept until they do). With none, it says so and keeps nothing.
 */
export function ChooseListsView(props: { site: SiteInfo; email: string; lists: readonly { slug: string; name: string; description: string }[]; error?: string }) {
  return (
    <Layout site={props.site} meta={{ title: 'Choose your newsletters', canonical: '/newsletters', noindex: true, breadcrumbs: [{ name: 'Newsletters', path: '/newsletters' }, { name: 'Sign up' }] }}>
      {props.lists.length ? (
        <>
          <h1>Choose your newsletters</h1>
          {props.error ? (
            <p class="form-error" role="alert">
              {props.error}
            </p>
          ) : null}
          <form class="newsletter-choice" method="post" action="/newsletters/subscribe">
            <fieldset>
              <legend>Newsletters</legend>
              {props.lists.map((l) => (
                <div key={l.slug} class="newsletter-option">
                  <input type="checkbox" id={`choose-${l.slug}`} name="list" value={l.slug} />
                  <label for={`choose-${l.slug}`}>
                    <strong>{l.name}</strong>
                    {l.description ? <span class="newsletter-description">{l.description}</span> : null}
                  </label>
                </div>
              ))}
            </fieldset>
            <label for="choose-email">Email address</label>
            <input id="choose-email" type="email" name="email" autoComplete="email" required maxLength={254} value={props.email} />
            <button type="submit">Sign up</button>
          </form>
          <p>We send a link to confirm: nothing arrives until you follow it.</p>
        </>
      ) : (
        <>
          <h1>No newsletters yet</h1>
          <p>{props.site.title} has no newsletter to sign up to yet. We have not stored your address. Until then, follow the site by RSS, Atom or JSON Feed.</p>
        </>
      )}
      <p>
        <a href="/">Back to the front page</a>
      </p>
    </Layout>
  );
}
