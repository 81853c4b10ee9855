import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** A site with its host names, primary first. */
export interface SiteRecord {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly timeZone: string | null;
  readonly hosts: readonly string[];
}

/** Sites, their host names and cross-publishing (migration 0023); dialect-neutral Kysely only. */
export class SiteRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every site in the order they were added (the first is the default), with hosts primary first. */
  async all(): Promise<SiteRecord[]> {
    const [sites, hosts] = await Promise.all([
      this.db.selectFrom('sites').select(['id', 'slug', 'name', 'description', 'time_zone']).orderBy('id').execute(),
      this.db.selectFrom('site_hosts').select(['host', 'site_id', 'is_primary']).orderBy('is_primary', 'desc').orderBy('host').execute(),
    ]);
    return sites.map((s) => ({
      id: Number(s.id),
      slug: s.slug,
      name: s.name,
      description: s.description,
      timeZone: s.time_zone,
      hosts: hosts.filter((h) => Number(h.site_id) === Number(s.id)).map((h) => h.host),
    }));
  }

  async insert(site: { slug: string; name: string; description: string; timeZone: string | null; createdAt: number }): Promise<number> {
    const row = await this.db
      .insertInto('sites')
      .values({ slug: site.slug, name: site.name, description: site.description, time_zone: site.timeZone, created_at: site.createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async update(id: number, fields: { name?: string; description?: string; timeZone?: string | null; slug?: string }): Promise<void> {
    const set = {
      ...(fields.name === undefined ? {} : { name: fields.name }),
      ...(fields.description === undefined ? {} : { description: fields.description }),
      ...(fields.timeZone === undefined ? {} : { time_zone: fields.timeZone }),
      ...(fields.slug === undefined ? {} : { slug: fields.slug }),
    };
    if (Object.keys(set).length) await this.db.updateTable('sites').set(set).where('id', '=', id).execute();
  }

  /** Which site, if any, already answers each of these hosts. */
  async hostOwners(hosts: readonly string[]): Promise<Map<string, number>> {
    if (!hosts.length) return new Map();
    const rows = await this.db.selectFrom('site_hosts').select(['host', 'site_id']).where('host', 'in', hosts).execute();
    return new Map(rows.map((r) => [r.host, Number(r.site_id)]));
  }

  /** Replaces a site's hosts; the first is primary. */
  async setHosts(siteId: number, hosts: readonly string[]): Promise<void> {
    await this.db.deleteFrom('site_hosts').where('site_id', '=', siteId).execute();
    if (hosts.length) await this.db.insertInto('site_hosts').values(hosts.map((host, i) => ({ host, site_id: siteId, is_primary: i === 0 ? 1 : 0 }))).execute();
  }

  /** The sites other than its home an article also appears on. */
  async crossPublished(articleId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('article_sites').select('site_id').where('article_id', '=', articleId).orderBy('site_id').execute();
    return rows.map((r) => Number(r.site_id));
  }

  /** Sets the other sites an article appears on (its home site is left out if named). */
  async setCrossPublished(articleId: number, homeSiteId: number, siteIds: readonly number[]): Promise<void> {
    await this.db.deleteFrom('article_sites').where('article_id', '=', articleId).execute();
    const others = [...new Set(siteIds)].filter((id) => id !== homeSiteId);
    if (others.length) await this.db.insertInto('article_sites').values(others.map((site_id) => ({ article_id: articleId, site_id }))).execute();
  }

  /** Each site's count of published articles mentioning a company (home or cross-published), by site id. */
  async companyArticleCounts(companyId: number): Promise<Map<number, number>> {
    const rows = await this.db
      .selectFrom('articles as a')
      .innerJoin('article_companies as ac', 'ac.article_id', 'a.id')
      .where('ac.company_id', '=', companyId)
      .where('ac.origin', '!=', 'blocked')
      .where('a.status', '=', 'published')
      .select(['a.site_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('a.site_id')
      .execute();
    return new Map(rows.map((r) => [Number(r.site_id), Number(r.n)]));
  }

  /** The sites a staff user is limited to (migration 0027); empty: every site. */
  async staffSites(userId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('staff_sites').select('site_id').where('user_id', '=', userId).orderBy('site_id').execute();
    return rows.map((r) => Number(r.site_id));
  }

  /** Limits a staff user to these sites (none: every site). */
  async setStaffSites(userId: number, siteIds: readonly number[]): Promise<void> {
    await this.db.deleteFrom('staff_sites').where('user_id', '=', userId).execute();
    const ids = [...new Set(siteIds)];
    if (ids.length) await this.db.insertInto('staff_sites').values(ids.map((site_id) => ({ user_id: userId, site_id }))).execute();
  }

  /** What admins saved for sites other than the first (migration 0028): parsed JSON by key, by site id. */
  async settingValues(): Promise<Map<number, Record<string, unknown>>> {
    const rows = await this.db.selectFrom('site_setting_values').select(['site_id', 'key', 'value']).execute();
    const out = new Map<number, Record<string, unknown>>();
    for (const r of rows) {
      const site = out.get(Number(r.site_id)) ?? {};
      try {
        site[r.key] = JSON.parse(r.value);
      } catch {
        // A hand-edited row that is not JSON counts as never saved: the first site's value applies.
      }
      out.set(Number(r.site_id), site);
    }
    return out;
  }

  async putSettingValues(siteId: number, values: Record<string, unknown>, now: number, actor: string): Promise<void> {
    for (const [key, v] of Object.entries(values)) {
      const value = JSON.stringify(v);
      await this.db
        .insertInto('site_setting_values')
        .values({ site_id: siteId, key, value, updated_at: now, updated_by: actor })
        .onConflict((oc) => oc.columns(['site_id', 'key']).doUpdateSet({ value, updated_at: now, updated_by: actor }))
        .execute();
    }
  }
}
