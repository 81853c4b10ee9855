import { slugify } from '../domain/index.ts';
import type { GhostTerm } from './ghost-records.ts';
import { htmlToText } from './html-text.ts';
import { attr, textOf } from './xml-fields.ts';

/** A fixed old URL and where it now lives (a feed, an attachment page). */
export interface FixedRedirect {
  readonly from: string;
  readonly to: string;
}

/** WordPress's site feeds, as feed readers subscribed to them: RSS 2.0 and Atom, pretty and plain permalinks. */
export const WP_SITE_FEEDS: readonly FixedRedirect[] = [
  { from: '/feed/', to: '/feed.xml' },
  { from: '/feed/rss2/', to: '/feed.xml' },
  { from: '/feed/rss/', to: '/feed.xml' },
  { from: '/feed/atom/', to: '/atom.xml' },
  { from: '/?feed=rss2', to: '/feed.xml' },
  { from: '/?feed=rss', to: '/feed.xml' },
  { from: '/?feed=atom', to: '/atom.xml' },
];

/**
 * The archive pages a published WordPress post was listed on, as redirects to the lists they
 * became: its categories (`/category/<nicename>/`, the first one the section, the others tags),
 * tags (`/tag/<slug>/`) and authors (`/author/<nicename>/`, WordPress's nicename being its
 * login made a slug), each with its feed (`…/feed/` → the list's `feed.xml`). WordPress's
 * default category and tag bases are assumed: a site that changed them in Settings → Permalinks
 * has those archives at other paths, which the export does not record.
 * @example wxrTerms(children(item, 'category'), ['ada'], (login) => 'Ada Writer')
 */
export function wxrTerms(categories: readonly unknown[], logins: readonly string[], authorName: (login: string) => string, authorEmail: (login: string) => string | undefined = () => undefined): GhostTerm[] {
  const out: GhostTerm[] = [];
  const add = (kind: GhostTerm['kind'], name: string, path: string, email?: string) => {
    if (!name.trim() || !path) return;
    out.push({ kind, name, oldPath: path, ...(email ? { email } : {}) }, { kind, name, oldPath: `${path}feed/`, feed: true });
  };
  let section = true;
  for (const term of categories) {
    const name = htmlToText(textOf(term));
    const nicename = attr(term, 'nicename') ?? '';
    const domain = attr(term, 'domain');
    if (domain === 'category' && nicename !== 'uncategorized') {
      add(section ? 'sections' : 'tags', name, nicename && `/category/${nicename}/`);
      section = false;
    } else if (domain === 'post_tag') add('tags', name, nicename && `/tag/${nicename}/`);
  }
  for (const login of logins) add('authors', authorName(login), login && `/author/${slugify(login)}/`, authorEmail(login));
  return out;
}
