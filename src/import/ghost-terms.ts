import { slugify } from '../domain/index.ts';
import { mediaIdOf } from '../media/index.ts';
import type { Store } from '../store/index.ts';
import type { GhostTerm } from './ghost-records.ts';
import type { FixedRedirect } from './wxr-terms.ts';

const LISTS = { sections: 'sections', tags: 'tags', authors: 'authors' } as const;

/**
 * Redirects Ghost's (and WordPress's) tag and author pages (`/tag/rail/`, `/author/ada/`) and
 * their feeds to the section, tag or author list they became (or its feed), and the `fixed` old
 * URLs (site feeds, attachment pages) to theirs (returning the term redirects, for the report); gives
 * authors their Ghost bio and, once it is in the media library, their profile picture. Unchanged
 * ones write nothing, so the content version moves only when something really changed. `siteId`:
 * the site imported into (absent: the first), whose sections, tags and redirects these are.
 */
export async function saveGhostTerms(store: Store, terms: readonly GhostTerm[], now: number, fixed: readonly FixedRedirect[] = [], siteId?: number): Promise<FixedRedirect[]> {
  let changed = false;
  const made: FixedRedirect[] = [];
  const put = async (from: string, to: string) => {
    const existing = await store.redirects.find(from, siteId);
    if (existing?.to_path !== to || existing.status !== 301) {
      await store.redirects.put(from, to, 301, now, siteId);
      changed = true;
    }
  };
  for (const { from, to } of fixed) await put(from, to);
  for (const term of terms) {
    const slug = slugify(term.name);
    const found = term.kind === 'authors' ? await store.taxonomy.authorBySlug(slug).then((a) => a && { id: Number(a.id), slug: a.slug }) : await store.terms.bySlug(term.kind, slug, siteId);
    if (!found) continue;
    const to = `/${LISTS[term.kind]}/${found.slug}${term.feed ? '/feed.xml' : ''}`;
    // An old site with Masthead's own paths: the page is already where it was, and a redirect to itself would loop.
    if (term.oldPath !== to) {
      await put(term.oldPath, to);
      made.push({ from: term.oldPath, to });
    }
    if (term.kind !== 'authors' || term.feed) continue;
    if (term.bio !== undefined && (await store.terms.setAuthorBio(found.id, term.bio))) changed = true;
    const photo = term.photo === undefined ? undefined : mediaIdOf(term.photo);
    if (photo !== undefined && (await store.terms.setAuthorPhoto(found.id, photo))) changed = true;
  }
  if (changed) await store.state.bumpContentVersion();
  return made;
}
