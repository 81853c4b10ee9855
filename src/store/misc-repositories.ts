import { type Kysely, sql } from 'kysely';
import type { BodyFormat } from '../domain/index.ts';
import type { DialectKind } from './dialect-kind.ts';
import { insertRows } from './insert-rows.ts';
import type { Database, PageRow, RedirectRow } from './schema.ts';

/** The PostgreSQL NOTIFY channel that tells app nodes content changed. */
export const CONTENT_CHANNEL = 'masthead_content';

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

export class PageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** `siteId`: only that site's page. */
  bySlug(slug: string, siteId?: number): Promise<PageRow | undefined> {
    const q = this.db.selectFrom('pages').selectAll().where('slug', '=', slug);
    return (siteId === undefined ? q : q.where('site_id', '=', siteId)).executeTakeFirst();
  }

  async all(siteId?: number): Promise<Pick<PageRow, 'slug' | 'title'>[]> {
    const q = this.db.selectFrom('pages').select(['slug', 'title']);
    return (siteId === undefined ? q : q.where('site_id', '=', siteId)).orderBy('title').execute();
  }

  /** Creates or replaces a page; returns false (and writes nothing) when it is already exactly so. */
  async upsert(slug: string, title: string, body: string, now: number, bodyFormat: BodyFormat = 'markdown'): Promise<boolean> {
    const existing = await this.bySlug(slug);
    if (existing && existing.title === title && existing.body === body && existing.body_format === bodyFormat) return false;
    await this.db
      .insertInto('pages')
      .values({ slug, title, body, body_format: bodyFormat, updated_at: now })
      .onConflict((oc) => oc.column('slug').doUpdateSet({ title, body, body_format: bodyFormat, updated_at: now }))
      .execute();
    return true;
  }
}

export class RevisionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records revisions (one statement for a batch). */
  async add(...revs: { articleId: number; headline: string; standfirst: string; body: string; note: string; now: number; author?: string | null }[]): Promise<void> {
    await insertRows(
      this.db,
      'revisions',
      revs.map((rev) => ({ article_id: rev.articleId, headline: rev.headline, standfirst: rev.standfirst, body: rev.body, note: rev.note, author: rev.author ?? null, created_at: rev.now })),
    );
  }

  /** The article's newest revision, if any. */
  async latest(articleId: number) {
    return this.newestFirst(articleId).limit(1).executeTakeFirst();
  }

  /** Overwrites one revision's text and time (an autosave folding into the one before it). */
  async rewrite(id: number, rev: { headline: string; standfirst: string; body: string; now: number }): Promise<void> {
    await this.db
      .updateTable('revisions')
      .set({ headline: rev.headline, standfirst: rev.standfirst, body: rev.body, created_at: rev.now })
      .where('id', '=', id)
      .execute();
  }

  async list(articleId: number) {
    return this.newestFirst(articleId).execute();
  }

  /** The article's revisions, newest first. */
  private newestFirst(articleId: number) {
    return this.db.selectFrom('revisions').selectAll().where('article_id', '=', articleId).orderBy('created_at', 'desc').orderBy('id', 'desc');
  }
}

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
