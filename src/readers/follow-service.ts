import type { FollowKind, FollowRecord, Repositories } from '../store/index.ts';
import { FollowTargetNotFound } from './errors.ts';
import { sameSecret } from './secrets.ts';

export const FOLLOW_KINDS: readonly FollowKind[] = ['company', 'section', 'tag', 'author'];
export type AlertMode = 'instant' | 'daily' | 'off';

export interface FollowServiceDeps {
  readonly store: Pick<Repositories, 'follows'>;
  readonly clock: () => number;
}

/** Following companies, sections, tags and authors, and how alerts about them arrive. */
export class FollowService {
  constructor(private readonly deps: FollowServiceDeps) {}

  /**
   * Follows the target named by slug (a section or tag: `siteId`'s own, the site the reader came
   * by); returns its name. Following twice is one follow.
   */
  async follow(readerId: number, kind: FollowKind, slug: string, siteId?: number): Promise<string> {
    const target = await this.deps.store.follows.targetId(kind, slug, siteId);
    if (!target) throw FollowTargetNotFound(`/${kind === 'company' ? 'companies' : `${kind}s`}/${slug}`);
    await this.deps.store.follows.follow(readerId, kind, target.id, this.deps.clock());
    return target.name;
  }

  /** What `slug` names (a company, or the site's section, tag or author), for a page that offers to follow it. */
  async target(kind: FollowKind, slug: string, siteId?: number): Promise<{ name: string } | undefined> {
    const found = await this.deps.store.follows.targetId(kind, slug, siteId);
    return found ? { name: found.name } : undefined;
  }

  async unfollow(readerId: number, kind: FollowKind, slug: string, siteId?: number): Promise<void> {
    const target = await this.deps.store.follows.targetId(kind, slug, siteId);
    if (target) await this.deps.store.follows.unfollow(readerId, kind, target.id);
  }

  follows(readerId: number): Promise<FollowRecord[]> {
    return this.deps.store.follows.followsOf(readerId);
  }

  async setAlertMode(readerId: number, mode: AlertMode): Promise<void> {
    await this.deps.store.follows.setAlertMode(readerId, mode, this.deps.clock());
  }

  /**
   * The unsubscribe-from-alerts link (no sign-in: the key in the link is the proof). False when
   * the key is wrong; alerts off otherwise (follows are kept, so turning alerts on again is one click).
   */
  async unsubscribeAlerts(readerId: number, key: string): Promise<boolean> {
    const stored = await this.deps.store.follows.alertKeyOf(readerId);
    if (!stored || !sameSecret(stored, key)) return false;
    await this.setAlertMode(readerId, 'off');
    return true;
  }

  /** Followers per company id (the admin's company list). */
  companyFollowers(companyIds: readonly number[]): Promise<Map<number, number>> {
    return this.deps.store.follows.followerCounts('company', companyIds);
  }
}
