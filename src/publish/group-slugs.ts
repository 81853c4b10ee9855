import { pickUniqueSlug, uniqueSlug } from '../domain/index.ts';
import type { Repositories } from '../store/index.ts';

/**
 * Slugs chosen for one group of saves, as if each article were written before the next chose
 * (the group's new rows are inserted together at its end). A bulk group reads the slugs taken
 * under every new article's base in one statement (`preload`), not two queries per article.
 */
export class GroupSlugs {
  /** Chosen in this group: taken, though maybe not in the table yet. */
  private readonly claimed = new Set<string>();
  /** Left by an article of this group that changed slug: free, though a preloaded family holds it. */
  private readonly released = new Set<string>();
  private families: Map<string, Set<string>> | undefined;

  constructor(private readonly repos: Repositories) {}

  /** Reads the slugs taken under each base (before any of the group is written). */
  async preload(bases: readonly string[]): Promise<void> {
    if (bases.length) this.families = await this.repos.articles.slugFamilies(bases);
  }

  /** A slug from `base` that no article has, `exceptId` aside (its own), and no other of the group. */
  async pick(base: string, exceptId: number | undefined): Promise<string> {
    const family = exceptId === undefined ? this.families?.get(base) : undefined;
    const chosen = family ? await this.fromFamily(base, family) : await this.fromTable(base, exceptId);
    this.claimed.add(chosen);
    this.released.delete(chosen);
    return chosen;
  }

  /** An article of the group left `slug` for another. */
  release(slug: string): void {
    this.claimed.delete(slug);
    this.released.add(slug);
  }

  private async fromFamily(base: string, family: Set<string>): Promise<string> {
    const taken = (s: string) => this.claimed.has(s) || (family.has(s) && !this.released.has(s));
    let candidate = uniqueSlug(base, taken);
    // The family answers for `base` and `base-…`; a suffix that cut the base short is looked up.
    while (candidate !== base && !candidate.startsWith(`${base}-`) && (await this.repos.articles.slugTaken(candidate))) {
      family.add(candidate);
      candidate = uniqueSlug(base, taken);
    }
    return candidate;
  }

  private fromTable(base: string, exceptId: number | undefined): Promise<string> {
    return pickUniqueSlug(
      base,
      // The table is current but for the group's new rows, which are claimed.
      async () => new Set([...(await this.repos.articles.slugFamily(base, exceptId)), ...this.claimed]),
      async (s) => this.claimed.has(s) || (await this.repos.articles.slugTaken(s, exceptId)),
    );
  }
}
