import { type Kysely, sql } from 'kysely';
import type { DialectKind } from './dialect-kind.ts';
import { FIRST_SITE_ID } from './migrations/0023-sites.ts';
import type { Database, FollowKind } from './schema.ts';

/** A follow as the account page shows it. */
export interface FollowRecord {
  readonly kind: FollowKind;
  readonly targetId: number;
  readonly slug: string;
  readonly name: string;
  readonly createdAt: number;
}

/** What an article is about, as alerts match it against follows. */
export interface AlertSubjects {
  readonly companyIds: readonly number[];
  readonly sectionIds: readonly number[];
  readonly tagIds: readonly number[];
  readonly authorIds: readonly number[];
}

/** One unsent alert with what its email shows. */
export interface PendingAlert {
  readonly readerId: number;
  readonly email: string;
  readonly alertKey: string | null;
  readonly articleId: number;
  readonly slug: string;
  readonly headline: string;
  readonly standfirst: string | null;
  /** The article's home site. */
  readonly siteId: number;
}

const TARGET_TABLE = { company: 'companies', section: 'sections', tag: 'tags', author: 'authors' } as const;

/**
 * Follows (reader → company, section, tag or author) and the alert queue. Queuing is one
 * INSERT … SELECT per article whatever the number of followers, and the queue's key (reader,
 * article) makes a second queuing of the same article a no-op: never two alerts for one article.
 */
export class FollowRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DialectKind,
  ) {}

  /**
   * Resolves a slug to the id a follow stores; undefined when there is no such target. A section
   * or tag is the site's own (`siteId`, absent: the first site's); companies and authors are shared.
   */
  async targetId(kind: FollowKind, slug: string, siteId = FIRST_SITE_ID): Promise<{ id: number; name: string } | undefined> {
    const q = this.db.selectFrom(TARGET_TABLE[kind]).select(['id', 'name']).where('slug', '=', slug);
    const r = await (kind === 'section' || kind === 'tag' ? q.where('site_id' as never, '=', siteId as never) : q).executeTakeFirst();
    return r && { id: Number(r.id), name: r.name };
  }

  async follow(readerId: number, kind: FollowKind, targetId: number, now: number): Promise<void> {
    await this.db
      .insertInto('reader_follows')
      .values({ reader_id: readerId, kind, target_id: targetId, created_at: now })
      .onConflict((oc) => oc.columns(['reader_id', 'kind', 'target_id']).doNothing())
      .execute();
  }

  async unfollow(readerId: number, kind: FollowKind, targetId: number): Promise<void> {
    await this.db.deleteFrom('reader_follows').where('reader_id', '=', readerId).where('kind', '=', kind).where('target_id', '=', targetId).execute();
  }

  /** Everything a reader follows, with names, by kind then name. */
  async followsOf(readerId: number): Promise<FollowRecord[]> {
    const out: FollowRecord[] = [];
    for (const kind of Object.keys(TARGET_TABLE) as FollowKind[]) {
      const rows = await this.db
        .selectFrom('reader_follows as f')
        .innerJoin(`${TARGET_TABLE[kind]} as t` as 'companies as t', 't.id', 'f.target_id')
        .select(['f.target_id', 'f.created_at', 't.slug', 't.name'])
        .where('f.reader_id', '=', readerId)
        .where('f.kind', '=', kind)
        .orderBy('t.name')
        .execute();
      for (const r of rows) out.push({ kind, targetId: Number(r.target_id), slug: r.slug, name: r.name, createdAt: Number(r.created_at) });
    }
    return out;
  }

  /** Followers of each of `ids` (absent: none), for the admin. */
  async followerCounts(kind: FollowKind, ids: readonly number[]): Promise<Map<number, number>> {
    if (!ids.length) return new Map();
    const rows = await this.db
      .selectFrom('reader_follows')
      .select(['target_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('kind', '=', kind)
      .where('target_id', 'in', ids)
      .groupBy('target_id')
      .execute();
    return new Map(rows.map((r) => [Number(r.target_id), Number(r.n)]));
  }

  /**
   * Queues one alert per active, unsuppressed follower of anything the article is about who has
   * alerts on, in the reader's mode; returns how many were new.
   */
  async queueAlerts(articleId: number, subjects: AlertSubjects, now: number): Promise<number> {
    const matches = (Object.entries({ company: subjects.companyIds, section: subjects.sectionIds, tag: subjects.tagIds, author: subjects.authorIds }) as [FollowKind, readonly number[]][]).filter(
      ([, ids]) => ids.length > 0,
    );
    if (!matches.length) return 0;
    const int = this.kind === 'postgres' ? sql.raw('bigint') : sql.raw('integer');
    const followers = this.db
      .selectFrom('reader_follows as f')
      .innerJoin('readers as r', 'r.id', 'f.reader_id')
      .select(['f.reader_id', sql<number>`CAST(${articleId} AS ${int})`.as('article_id'), 'r.alert_mode', sql<number>`CAST(${now} AS ${int})`.as('queued_at')])
      .distinct()
      .where((eb) => eb.or(matches.map(([kind, ids]) => eb.and([eb('f.kind', '=', kind), eb('f.target_id', 'in', ids)]))))
      .where('r.status', '=', 'active')
      .where('r.suppressed_at', 'is', null)
      .where('r.alert_mode', '!=', 'off');
    const r = await this.db
      .insertInto('reader_alerts')
      .columns(['reader_id', 'article_id', 'mode', 'queued_at'])
      .expression(followers as never)
      .onConflict((oc) => oc.columns(['reader_id', 'article_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  /** What an article is about: its companies (not those an editor blocked), section, tags and authors. */
  async subjectsOf(articleId: number, sectionId: number | null): Promise<AlertSubjects> {
    const [companies, tags, authors] = await Promise.all([
      this.db.selectFrom('article_companies').select('company_id as id').where('article_id', '=', articleId).where('origin', '!=', 'blocked').execute(),
      this.db.selectFrom('article_tags').select('tag_id as id').where('article_id', '=', articleId).execute(),
      this.db.selectFrom('article_authors').select('author_id as id').where('article_id', '=', articleId).execute(),
    ]);
    const ids = (rows: { id: number }[]) => rows.map((r) => Number(r.id));
    return { companyIds: ids(companies), sectionIds: sectionId === null ? [] : [Number(sectionId)], tagIds: ids(tags), authorIds: ids(authors) };
  }

  /**
   * Opens an alert pass (call inside a transaction): stamps every unsent alert of `mode` whose
   * reader can still get mail and whose article is still published with a new pass id, and queues
   * one outbox row per reader of them, `('alert', pass id, reader)`. All or nothing with the
   * transaction, so no alert is both left out and stamped. Returns the pass and its readers, or
   * null (and no pass) when nothing was due.
   */
  async openPass(mode: 'instant' | 'daily', now: number): Promise<{ id: number; readers: number } | null> {
    const pass = await this.db.insertInto('alert_passes').values({ mode, created_at: now, finished_at: null }).returning('id').executeTakeFirstOrThrow();
    const id = Number(pass.id);
    const eligible = this.db.selectFrom('readers').select('id').where('suppressed_at', 'is', null).where('alert_mode', '!=', 'off').where('status', '=', 'active');
    const published = this.db.selectFrom('articles').select('id').where('status', '=', 'published');
    const stamped = await this.db
      .updateTable('reader_alerts')
      .set({ pass_id: id, sent_at: now })
      .where('pass_id', 'is', null)
      .where('sent_at', 'is', null)
      .where('mode', '=', mode)
      .where('reader_id', 'in', eligible)
      .where('article_id', 'in', published)
      .executeTakeFirst();
    if (Number(stamped.numUpdatedRows) === 0) {
      await this.db.deleteFrom('alert_passes').where('id', '=', id).execute();
      return null;
    }
    const int = this.kind === 'postgres' ? sql.raw('bigint') : sql.raw('integer');
    const rows = this.db
      .selectFrom('reader_alerts as a')
      .innerJoin('readers as r', 'r.id', 'a.reader_id')
      .select([
        sql<string>`CAST(${'alert'} AS text)`.as('kind'),
        sql<number>`CAST(${id} AS ${int})`.as('ref'),
        'r.id as reader_id',
        'r.email',
        sql<string>`CAST(${'queued'} AS text)`.as('status'),
        sql<number>`CAST(0 AS ${int})`.as('attempts'),
        sql<number>`CAST(${now} AS ${int})`.as('next_attempt_at'),
        sql<number>`CAST(0 AS ${int})`.as('lease_until'),
        sql<number>`CAST(${now} AS ${int})`.as('created_at'),
      ])
      .distinct()
      .where('a.pass_id', '=', id);
    const queued = await this.db
      .insertInto('mail_outbox')
      .columns(['kind', 'ref', 'reader_id', 'email', 'status', 'attempts', 'next_attempt_at', 'lease_until', 'created_at'])
      .expression(rows as never)
      .onConflict((oc) => oc.columns(['kind', 'ref', 'reader_id']).doNothing())
      .executeTakeFirst();
    return { id, readers: Number(queued.numInsertedOrUpdatedRows ?? 0) };
  }

  /** Passes whose mail is not all out yet, oldest first. */
  async openPasses(): Promise<{ id: number; mode: 'instant' | 'daily' }[]> {
    const rows = await this.db.selectFrom('alert_passes').select(['id', 'mode']).where('finished_at', 'is', null).orderBy('id').execute();
    return rows.map((r) => ({ id: Number(r.id), mode: r.mode }));
  }

  async finishPass(id: number, now: number): Promise<void> {
    await this.db.updateTable('alert_passes').set({ finished_at: now }).where('id', '=', id).where('finished_at', 'is', null).execute();
  }

  /**
   * What a pass's email to each of `readerIds` shows: their alerts in it whose article is still
   * published, newest first, for readers who can still get alert mail (others are absent: skipped).
   */
  async passMail(passId: number, readerIds: readonly number[]): Promise<PendingAlert[]> {
    if (!readerIds.length) return [];
    const rows = await this.db
      .selectFrom('reader_alerts as a')
      .innerJoin('readers as r', 'r.id', 'a.reader_id')
      .innerJoin('articles as x', 'x.id', 'a.article_id')
      .select(['a.reader_id', 'r.email', 'r.alert_key', 'a.article_id', 'x.slug', 'x.headline', 'x.standfirst', 'x.site_id'])
      .where('a.pass_id', '=', passId)
      .where('a.reader_id', 'in', readerIds)
      .where('x.status', '=', 'published')
      .where('r.suppressed_at', 'is', null)
      .where('r.alert_mode', '!=', 'off')
      .orderBy('a.reader_id')
      .orderBy('x.published_at', 'desc')
      .execute();
    return rows.map((r) => ({
      readerId: Number(r.reader_id),
      email: r.email,
      alertKey: r.alert_key,
      articleId: Number(r.article_id),
      slug: r.slug,
      headline: r.headline,
      standfirst: r.standfirst,
      siteId: Number(r.site_id),
    }));
  }

  /**
   * Closes alerts that will never go: the reader was suppressed or turned alerts off after they
   * were queued, or the article was unpublished. Closed, not deleted, so a re-save never queues them again.
   */
  async closeUnsendable(now: number): Promise<void> {
    const dead = this.db
      .selectFrom('readers')
      .select('id')
      .where((eb) => eb.or([eb('suppressed_at', 'is not', null), eb('alert_mode', '=', 'off')]));
    await this.db.updateTable('reader_alerts').set({ sent_at: now }).where('sent_at', 'is', null).where('reader_id', 'in', dead).execute();
    const unpublished = this.db.selectFrom('articles').select('id').where('status', '!=', 'published');
    await this.db.updateTable('reader_alerts').set({ sent_at: now }).where('sent_at', 'is', null).where('article_id', 'in', unpublished).execute();
  }

  /** The reader's alerts, for their data export. */
  async alertsOf(readerId: number): Promise<{ articleId: number; mode: string; queuedAt: number; sentAt: number | null }[]> {
    const rows = await this.db.selectFrom('reader_alerts').selectAll().where('reader_id', '=', readerId).orderBy('queued_at').execute();
    return rows.map((r) => ({ articleId: Number(r.article_id), mode: r.mode, queuedAt: Number(r.queued_at), sentAt: r.sent_at === null ? null : Number(r.sent_at) }));
  }

  /** The secret of a reader's unsubscribe-from-alerts link, made once. */
  async alertKey(readerId: number, fresh: string): Promise<string> {
    await this.db.updateTable('readers').set({ alert_key: fresh }).where('id', '=', readerId).where('alert_key', 'is', null).execute();
    const r = await this.db.selectFrom('readers').select('alert_key').where('id', '=', readerId).executeTakeFirst();
    return r?.alert_key ?? fresh;
  }

  /** Every reader with how many things they follow, by address (the CLI's list). */
  async readerSummaries(): Promise<{ id: number; email: string; follows: number }[]> {
    const rows = await this.db
      .selectFrom('readers as r')
      .leftJoin('reader_follows as f', 'f.reader_id', 'r.id')
      .select(['r.id', 'r.email', (eb) => eb.fn.count<number>('f.target_id').as('follows')])
      .groupBy(['r.id', 'r.email'])
      .orderBy('r.email')
      .execute();
    return rows.map((r) => ({ id: Number(r.id), email: r.email, follows: Number(r.follows) }));
  }

  /** The secret of the reader's unsubscribe link as it stands (null before the first alert). */
  async alertKeyOf(readerId: number): Promise<string | null> {
    const r = await this.db.selectFrom('readers').select('alert_key').where('id', '=', readerId).executeTakeFirst();
    return r?.alert_key ?? null;
  }

  async setAlertMode(readerId: number, mode: 'instant' | 'daily' | 'off', now: number): Promise<void> {
    await this.db.updateTable('readers').set({ alert_mode: mode, updated_at: now }).where('id', '=', readerId).execute();
  }
}
