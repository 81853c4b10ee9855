import type { Kysely } from 'kysely';
import type { Database, RedirectRow } from './schema.ts';

/** Old URLs: 301 to where the content lives now, or 410 when it is gone. */
export class RedirectRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The redirect from `path`, its percent-escapes compared without case (`%F0%9F` is `%f0%9f`:
   * clients differ, and WordPress writes them lower-case); a row stored exactly as asked wins.
   */
  /** `siteId`: only that site's redirects (a redirect made for another site's article is not followed). */
  async find(path: string, siteId?: number): Promise<RedirectRow | undefined> {
    const variants = [...new Set([path, caseEscapes(path, 'upper'), caseEscapes(path, 'lower')])];
    const q = this.db.selectFrom('redirects').selectAll().where('from_path', 'in', variants);
    const rows = await (siteId === undefined ? q : q.where('site_id', '=', siteId)).execute();
    return rows.find((r) => r.from_path === path) ?? rows[0];
  }

  /** Records a redirect; one already exactly so is not written again. */
  async put(from: string, to: string | null, status: 301 | 410, now: number, siteId?: number): Promise<void> {
    await this.db
      .insertInto('redirects')
      .values({ from_path: from, to_path: to, status, created_at: now, ...(siteId === undefined ? {} : { site_id: siteId }) })
      .onConflict((oc) =>
        oc
          .column('from_path')
          .doUpdateSet({ to_path: to, status })
          .where((eb) => eb.or([eb('redirects.to_path', 'is distinct from', eb.ref('excluded.to_path')), eb('redirects.status', '!=', eb.ref('excluded.status'))])),
      )
      .execute();
  }

  /** `siteId`: only if it is that site's redirect. */
  async remove(from: string, siteId?: number): Promise<void> {
    const q = this.db.deleteFrom('redirects').where('from_path', '=', from);
    await (siteId === undefined ? q : q.where('site_id', '=', siteId)).execute();
  }

  /** Points redirects that led to `oldTo` at `newTo` instead, so a moved page never costs two hops. */
  async retarget(oldTo: string, newTo: string): Promise<void> {
    await this.db.updateTable('redirects').set({ to_path: newTo }).where('to_path', '=', oldTo).where('status', '=', 301).execute();
  }
}

function caseEscapes(path: string, to: 'upper' | 'lower'): string {
  return path.replace(/%[0-9A-Fa-f]{2}/g, (code) => (to === 'upper' ? code.toUpperCase() : code.toLowerCase()));
}
