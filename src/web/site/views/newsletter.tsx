import { escapeAsPreact, rawHtml } from './html-text.ts';

/**
 * The site-wide sign-up box (home, article pages, footer): the same plain form for everyone, so
 * cached pages stay identical. It names no list: `/newsletters/subscribe` takes the site's one
 * list, or asks which when there are several. Works without script.
 */
export function NewsletterBox(props: { id: string }) {
  // A string, not Preact elements: the same bytes, on every article page rendered from the database.
  const field = escapeAsPreact(`newsletter-email-${props.id}`);
  return rawHtml(
    '<form class="newsletter" action="/newsletters/subscribe" method="post"><p class="newsletter-title">Get the news by email</p>' +
      `<label class="visually-hidden" for="${field}">Email address</label><div class="newsletter-row">` +
      `<input id="${field}" type="email" name="email" autocomplete="email" placeholder="you@company.com" required maxlength="254"/><button type="submit">Sign up</button></div></form>`,
  );
}
