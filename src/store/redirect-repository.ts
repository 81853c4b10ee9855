import type { Kysely } from 'kysely';
import { FIRST_SITE_ID } from './migrations/0023-sites.ts';
import type { Database, RedirectRow } from './schema.ts';

/**
 * Old URLs: 301 to where the content lives now, or 410 when it is gone. Each site has its own,
 * keyed by (path, site) (migration 0036); absent, the site is the first (with one site, every
 * redirect). A company's old profile URL is the directory's, which every site shares: it is kept
 * on the first site and followed on every site that has no redirect of its own from that path.
 */
export class RedirectRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The site's redirect from `path`, its percent-escapes compared without case (`%F0%9F` is
   * `%f0%9f`: clients differ, and WordPress writes them lower-case); a row stored exactly as asked
   * wins. Another site's redirect is never followed (but the directory's, above).
   */
  async find(path: string, siteId = FIRST_SITE_ID): Promise<RedirectRow | undefined> {
    const variants = [...new Set([path, caseEscapes(path, 'upper'), caseEscapes(path, 'lower')])];
    const sites = path.startsWith(SHARED_PREFIX) && siteId !== FIRST_SITE_ID ? [siteId, FIRST_SITE_ID] : [siteId];
    const rows = await this.db.selectFrom('redirects').selectAll().where('from_path', 'in', variants).where('site_id', 'in', sites).execute();
    const own = rows.filter((r) => Number(r.site_id) === siteId);
    const pick = (list: RedirectRow[]) => list.find((r) => r.from_path === path) ?? list[0];
    return pick(own) ?? pick(rows);
  }

  /** Records a site's redirect; one already exactly so is not written again. */
  async put(from: string, to: string | null, status: 301 | 410, now: number, siteId = FIRST_SITE_ID): Promise<void> {
    await this.db
      .insertInto('redirects')
      .values({ from_path: from, to_path: to, status, created_at: now, site_id: siteId })
      .onConflict((oc) =>
        oc
          .columns(['from_path', 'site_id'])
          .doUpdateSet({ to_path: to, status })
          .where((eb) => eb.or([eb('redirects.to_path', 'is distinct from', eb.ref('excluded.to_path')), eb('redirects.status', '!=', eb.ref('excluded.status'))])),
      )
      .execute();
  }

  /** Removes a site's redirect. */
  async remove(from: string, siteId = FIRST_SITE_ID): Promise<void> {
    await this.db.deleteFrom('redirects').where('from_path', '=', from).where('site_id', '=', siteId).execute();
  }

  /** Points a site's redirects that led to `oldTo` at `newTo` instead, so a moved page never costs two hops. */
  async retarget(oldTo: string, newTo: string, siteId = FIRST_SITE_ID): Promise<void> {
    await this.db.updateTable('redirects').set({ to_path: newTo }).where('to_path', '=', oldTo).where('status', '=', 301).where('site_id', '=', siteId).execute();
  }
}

/** Paths of what every site shares (the company directory's profiles): their redirects are the first site's, followed everywhere. */
const SHARED_PREFIX = '/companies/';

function caseEscapes(path: string, to: 'upper' | 'lower'): string {
  return path.replace(/%[0-9A-Fa-f]{2}/g, (code) => (to === 'upper' ? code.toUpperCase() : code.toLowerCase()));
}
