import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Redirects as the admin lists them: newest first, paged. */
export class AdminRedirectRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** `siteId`: only that site's redirects. */
  async list(limit: number, offset: number, siteId?: number): Promise<{ total: number; items: { from: string; to: string | null; status: 301 | 410; createdAt: number }[] }> {
    const all = this.db.selectFrom('redirects');
    const q = siteId === undefined ? all : all.where('site_id', '=', siteId);
    const [count, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('created_at', 'desc').orderBy('from_path').limit(limit).offset(offset).execute(),
    ]);
    return {
      total: Number(count.n),
      items: rows.map((r) => ({ from: r.from_path, to: r.to_path, status: Number(r.status) as 301 | 410, createdAt: Number(r.created_at) })),
    };
  }
}
