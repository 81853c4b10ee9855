import { type Kysely, sql } from 'kysely';
import type { DialectKind } from './dialect-kind.ts';
import type { Database } from './schema.ts';

/** The PostgreSQL NOTIFY channel that tells app nodes content changed. */
export const CONTENT_CHANNEL = 'masthead_content';

/** One content version and the articles it changed (null: something else, or too many to name). */
export interface ContentChange {
  readonly version: number;
  readonly articleIds: readonly number[] | null;
}

/** Content changes remembered for nodes catching up; one further behind empties its whole cache. */
const CONTENT_CHANGES_KEPT = 64;

/** A change to more articles than this (an import batch) is noted as a change to everything. */
const MAX_IDS_PER_CHANGE = 100;

/**
 * Site-wide facts. `content_version` goes up on every publish; every app node's page cache
 * follows it, so a change made through one node empties the caches of all. The settings an admin
 * saved (`site_settings`) are read here too.
 */
export class SiteStateRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DialectKind = 'sqlite',
  ) {}

  async contentVersion(): Promise<number> {
    const r = await this.db.selectFrom('site_state').select('value').where('key', '=', 'content_version').executeTakeFirst();
    return Number(r?.value ?? 0);
  }

  /**
   * `articleIds`: the articles this change is about (a publish), so that page caches purge only
   * the pages that can show them; without it (settings, ads, a re-tag) every page goes.
   */
  async bumpContentVersion(articleIds?: readonly number[]): Promise<void> {
    await this.bump('content_version');
    await this.recordChange(articleIds);
    // PostgreSQL delivers this to every listening node when the transaction commits.
    if (this.kind === 'postgres') await sql`SELECT pg_notify(${CONTENT_CHANNEL}, '')`.execute(this.db);
  }

  /**
   * The recent content changes after `version`, oldest first: each version and the articles it
   * changed (null: not only articles). Only the last CONTENT_CHANGES_KEPT are kept; a caller that
   * finds versions missing empties everything.
   */
  async changesSince(version: number): Promise<ContentChange[]> {
    return (await this.changes()).filter((c) => c.version > version);
  }

  private async changes(): Promise<ContentChange[]> {
    const r = await this.db.selectFrom('site_state').select('value').where('key', '=', 'content_changes').executeTakeFirst();
    if (!r) return [];
    try {
      return (JSON.parse(r.value) as [number, number[] | null][]).map(([version, articleIds]) => ({ version, articleIds }));
    } catch {
      return [];
    }
  }

  /**
   * Notes which articles the version just reached changed, in one site_state row: written in the
   * publish's transaction, after the version row it serializes on, so versions and notes agree.
   */
  private async recordChange(articleIds: readonly number[] | undefined): Promise<void> {
    const version = await this.contentVersion();
    const ids = articleIds && articleIds.length <= MAX_IDS_PER_CHANGE ? [...articleIds] : null;
    const kept = (await this.changes()).filter((c) => c.version < version).slice(-(CONTENT_CHANGES_KEPT - 1));
    const value = JSON.stringify([...kept.map((c) => [c.version, c.articleIds]), [version, ids]]);
    await this.db
      .insertInto('site_state')
      .values({ key: 'content_changes', value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  /** Goes up whenever a company is added, renamed, merged or removed: matchers recompile on it. */
  async directoryVersion(): Promise<number> {
    const r = await this.db.selectFrom('site_state').select('value').where('key', '=', 'directory_version').executeTakeFirst();
    return Number(r?.value ?? 0);
  }

  async bumpDirectoryVersion(): Promise<void> {
    await this.bump('directory_version');
  }

  /** The settings an admin saved (parsed JSON by key); keys never saved are absent. */
  async settings(): Promise<Record<string, unknown>> {
    const rows = await this.db.selectFrom('site_settings').select(['key', 'value']).execute();
    const out: Record<string, unknown> = {};
    for (const r of rows) {
      try {
        out[r.key] = JSON.parse(r.value);
      } catch {
        // A hand-edited row that is not JSON counts as never saved: the default applies.
      }
    }
    return out;
  }

  async putSettings(values: Record<string, unknown>, now: number, actor: string): Promise<void> {
    for (const [key, v] of Object.entries(values)) {
      const value = JSON.stringify(v);
      await this.db
        .insertInto('site_settings')
        .values({ key, value, updated_at: now, updated_by: actor })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now, updated_by: actor }))
        .execute();
    }
  }

  private async bump(key: 'content_version' | 'directory_version'): Promise<void> {
    await sql`UPDATE site_state SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = ${key}`.execute(this.db);
  }
}
