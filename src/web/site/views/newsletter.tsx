import { Layout, type SiteInfo } from './layout.tsx';

/** The sign-up box: a plain form that posts to /newsletter (which says newsletters are coming). */
export function NewsletterBox(props: { id: string }) {
  const field = `newsletter-email-${props.id}`;
  return (
    <form class="newsletter" action="/newsletter" method="post">
      <p class="newsletter-title">
        Get the week's news by email
      </p>
      <label class="visually-hidden" for={field}>
        Email address
      </label>
      <div class="newsletter-row">
        <input id={field} type="email" name="email" autoComplete="email" placeholder="you@company.com" required />
        <button type="submit">Sign up</button>
      </div>
    </form>
  );
}

/** Where the sign-up form lands until newsletters exist: says so plainly, keeps nothing. */
export function NewsletterPageView(props: { site: SiteInfo }) {
  return (
    <Layout site={props.site} meta={{ title: 'Newsletters', canonical: '/newsletter', noindex: true, breadcrumbs: [{ name: 'Newsletters' }] }}>
      <h1>Newsletters are coming</h1>
      <p class="standfirst">{props.site.title} will send a weekly briefing by email soon.</p>
      <p>We have not stored your address: sign up again when newsletters start. Until then, follow the site by RSS, Atom or JSON Feed.</p>
      <p>
        <a href="/">Back to the front page</a>
      </p>
    </Layout>
  );
}
