import { slugify } from '../domain/index.ts';
import type { Store } from '../store/index.ts';
import type { GhostTerm } from './ghost-records.ts';

const LISTS = { sections: 'sections', tags: 'tags', authors: 'authors' } as const;

/**
 * Redirects Ghost's tag and author pages (`/tag/rail/`, `/author/ada/`) to the section, tag or
 * author list they became, and gives authors their Ghost bio. Unchanged ones write nothing, so
 * the content version moves only when something really changed.
 */
export async function saveGhostTerms(store: Store, terms: readonly GhostTerm[], now: number): Promise<void> {
  let changed = false;
  for (const term of terms) {
    const slug = slugify(term.name);
    const found = term.kind === 'authors' ? await store.taxonomy.authorBySlug(slug).then((a) => a && { id: Number(a.id), slug: a.slug }) : await store.terms.bySlug(term.kind, slug);
    if (!found) continue;
    const to = `/${LISTS[term.kind]}/${found.slug}`;
    const existing = await store.redirects.find(term.oldPath);
    if (existing?.to_path !== to || existing.status !== 301) {
      await store.redirects.put(term.oldPath, to, 301, now);
      changed = true;
    }
    if (term.kind === 'authors' && term.bio !== undefined && (await store.terms.setAuthorBio(found.id, term.bio))) changed = true;
  }
  if (changed) await store.state.bumpContentVersion();
}
