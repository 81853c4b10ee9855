import { randomBytes } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, IssueStatus, NewsletterIssuesTable, NewsletterListsTable, SubscriptionStatus } from './schema.ts';

export interface NewsletterList {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly schedule: string | null;
  readonly createdAt: number;
  /** The site whose articles its issues carry and whose pages offer it. */
  readonly siteId: number;
}

export interface NewsletterIssueRecord {
  readonly id: number;
  readonly listId: number;
  readonly subject: string;
  readonly intro: string;
  /** JSON, as the service wrote it. */
  readonly items: string;
  readonly status: IssueStatus;
  readonly coversUntil: number;
  readonly html: string | null;
  readonly text: string | null;
  readonly createdAt: number;
  readonly sentAt: number | null;
  readonly issueDate: string | null;
  /** JSON of the sponsor slot's creative, as the service wrote it, or null. */
  readonly sponsor: string | null;
  /** The schedule occurrence the issue was made for, or null (sent by hand). */
  readonly scheduledFor: number | null;
}

export interface SubscriberRow {
  readonly readerId: number;
  readonly email: string;
  readonly name: string | null;
  readonly company: string | null;
  readonly jobTitle: string | null;
  readonly country: string | null;
  readonly status: SubscriptionStatus;
}

const toList = (r: Selectable<NewsletterListsTable>): NewsletterList => ({ id: Number(r.id), slug: r.slug, name: r.name, description: r.description, schedule: r.schedule, createdAt: Number(r.created_at), siteId: Number(r.site_id) });
const toIssue = (r: Selectable<NewsletterIssuesTable>): NewsletterIssueRecord => ({
  id: Number(r.id),
  listId: Number(r.list_id),
  subject: r.subject,
  intro: r.intro,
  items: r.items,
  status: r.status,
  coversUntil: Number(r.covers_until),
  html: r.html,
  text: r.text,
  createdAt: Number(r.created_at),
  sentAt: r.sent_at === null ? null : Number(r.sent_at),
  issueDate: r.issue_date,
  sponsor: r.sponsor ?? null,
  scheduledFor: r.scheduled_for === null || r.scheduled_for === undefined ? null : Number(r.scheduled_for),
});

const MAIL_SECRET_KEY = 'mail_secret';

/**
 * Newsletter lists, subscriptions and issues. A subscription's status only moves away from
 * `active` here (unsubscribe, bounce): `subscribe` never touches an existing row, so an import
 * cannot undo an unsubscribe or a bounce.
 */
export class NewsletterRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The new list, or undefined when the slug is taken. */
  async createList(list: { slug: string; name: string; description: string; schedule: string | null; now: number; siteId?: number | undefined }): Promise<NewsletterList | undefined> {
    const r = await this.db
      .insertInto('newsletter_lists')
      .values({ slug: list.slug, name: list.name, description: list.description, schedule: list.schedule, created_at: list.now, site_id: list.siteId })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returningAll()
      .executeTakeFirst();
    return r && toList(r);
  }

  /** Every list, or the lists of one site. */
  async lists(siteId?: number): Promise<(NewsletterList & { subscribers: number })[]> {
    let q = this.db
      .selectFrom('newsletter_lists as l')
      .selectAll('l')
      .select((eb) =>
        eb
          .selectFrom('newsletter_subscriptions as s')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('s.list_id', '=', 'l.id')
          .where('s.status', '=', 'active')
          .as('subscribers'),
      )
      .orderBy('l.slug');
    if (siteId !== undefined) q = q.where('l.site_id', '=', siteId);
    const rows = await q.execute();
    return rows.map((r) => ({ ...toList(r), subscribers: Number(r.subscribers ?? 0) }));
  }

  async listBySlug(slug: string): Promise<NewsletterList | undefined> {
    const r = await this.db.selectFrom('newsletter_lists').selectAll().where('slug', '=', slug).executeTakeFirst();
    return r && toList(r);
  }

  async listById(id: number): Promise<NewsletterList | undefined> {
    const r = await this.db.selectFrom('newsletter_lists').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toList(r);
  }

  /** Subscribes when the reader has no subscription to the list; returns the status it has now. */
  async subscribe(listId: number, readerId: number, source: 'import' | 'signup' | 'admin' | 'cli', now: number): Promise<{ status: SubscriptionStatus; created: boolean }> {
    const inserted = await this.db
      .insertInto('newsletter_subscriptions')
      .values({ list_id: listId, reader_id: readerId, status: 'active', source, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['list_id', 'reader_id']).doNothing())
      .returning('status')
      .executeTakeFirst();
    if (inserted) return { status: 'active', created: true };
    const existing = await this.subscription(listId, readerId);
    return { status: existing ?? 'active', created: false };
  }

  async subscription(listId: number, readerId: number): Promise<SubscriptionStatus | undefined> {
    const r = await this.db.selectFrom('newsletter_subscriptions').select('status').where('list_id', '=', listId).where('reader_id', '=', readerId).executeTakeFirst();
    return r?.status;
  }

  async setSchedule(listId: number, schedule: string | null): Promise<void> {
    await this.db.updateTable('newsletter_lists').set({ schedule }).where('id', '=', listId).execute();
  }

  /** The reader's subscriptions by list id (the account page). */
  async subscriptionsOf(readerId: number): Promise<Map<number, SubscriptionStatus>> {
    const rows = await this.db.selectFrom('newsletter_subscriptions').select(['list_id', 'status']).where('reader_id', '=', readerId).execute();
    return new Map(rows.map((r) => [Number(r.list_id), r.status]));
  }

  /** A reader who unsubscribed asks again (and confirmed the address): active once more. A bounce stays. */
  async resubscribe(listId: number, readerId: number, now: number): Promise<void> {
    await this.db
      .updateTable('newsletter_subscriptions')
      .set({ status: 'active', source: 'signup', updated_at: now })
      .where('list_id', '=', listId)
      .where('reader_id', '=', readerId)
      .where('status', '=', 'unsubscribed')
      .execute();
  }

  /** Ends an active subscription (unsubscribed or bounced); true when it was active. */
  /** Ends every active subscription of a reader (a mailbox an ESP says is gone); returns how many. */
  async endAll(readerId: number, status: 'unsubscribed' | 'bounced', now: number): Promise<number> {
    const r = await this.db.updateTable('newsletter_subscriptions').set({ status, updated_at: now }).where('reader_id', '=', readerId).where('status', '=', 'active').executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async end(listId: number, readerId: number, status: 'unsubscribed' | 'bounced', now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('newsletter_subscriptions')
      .set({ status, updated_at: now })
      .where('list_id', '=', listId)
      .where('reader_id', '=', readerId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Of these readers, those still subscribed to the list and not suppressed (checked per batch while sending). */
  async stillReceiving(listId: number, readerIds: readonly number[]): Promise<Set<number>> {
    if (!readerIds.length) return new Set();
    const rows = await this.db
      .selectFrom('newsletter_subscriptions as s')
      .innerJoin('readers as r', 'r.id', 's.reader_id')
      .select('s.reader_id')
      .where('s.list_id', '=', listId)
      .where('s.reader_id', 'in', readerIds)
      .where('s.status', '=', 'active')
      .where('r.suppressed_at', 'is', null)
      .execute();
    return new Set(rows.map((r) => Number(r.reader_id)));
  }

  /** One page of a list's subscribers (any status), in reader id order. */
  async subscribers(listId: number, afterReaderId: number, limit: number): Promise<SubscriberRow[]> {
    const rows = await this.db
      .selectFrom('newsletter_subscriptions as s')
      .innerJoin('readers as r', 'r.id', 's.reader_id')
      .select(['r.id', 'r.email', 'r.name', 'r.company', 'r.job_title', 'r.country', 's.status'])
      .where('s.list_id', '=', listId)
      .where('r.id', '>', afterReaderId)
      .orderBy('r.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ readerId: Number(r.id), email: r.email, name: r.name, company: r.company, jobTitle: r.job_title, country: r.country, status: r.status }));
  }

  async createIssue(issue: { listId: number; subject: string; intro: string; items: string; status: IssueStatus; coversUntil: number; now: number; sponsor?: string | null }): Promise<NewsletterIssueRecord> {
    const r = await this.db
      .insertInto('newsletter_issues')
      .values({ list_id: issue.listId, subject: issue.subject, intro: issue.intro, items: issue.items, status: issue.status, covers_until: issue.coversUntil, created_at: issue.now, sponsor: issue.sponsor ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toIssue(r);
  }

  /**
   * Marks an issue as the one made for a schedule occurrence. The unique index on (list,
   * occurrence) refuses a second issue for the same occurrence (another node got there first): the
   * caller's transaction then fails and makes nothing.
   */
  async setOccurrence(issueId: number, scheduledFor: number): Promise<void> {
    await this.db.updateTable('newsletter_issues').set({ scheduled_for: scheduledFor }).where('id', '=', issueId).execute();
  }

  /** The newest occurrence an issue of the list was made for, or null. */
  async lastOccurrence(listId: number): Promise<number | null> {
    const r = await this.db.selectFrom('newsletter_issues').select((eb) => eb.fn.max('scheduled_for').as('last')).where('list_id', '=', listId).executeTakeFirst();
    return r?.last === null || r?.last === undefined ? null : Number(r.last);
  }

  async issueById(id: number): Promise<NewsletterIssueRecord | undefined> {
    const r = await this.db.selectFrom('newsletter_issues').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toIssue(r);
  }

  /** The list's newest issue of any status. */
  async latestIssue(listId: number): Promise<NewsletterIssueRecord | undefined> {
    const r = await this.db.selectFrom('newsletter_issues').selectAll().where('list_id', '=', listId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return r && toIssue(r);
  }

  /** The list's draft (assembled, being edited, not yet sent), if any. */
  async draftIssue(listId: number): Promise<NewsletterIssueRecord | undefined> {
    const r = await this.db.selectFrom('newsletter_issues').selectAll().where('list_id', '=', listId).where('status', '=', 'draft').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return r && toIssue(r);
  }

  /** An editor's changes to a draft (only while it is a draft). */
  async updateDraft(id: number, draft: { subject: string; intro: string; items: string; sponsor: string | null }): Promise<void> {
    await this.db.updateTable('newsletter_issues').set({ subject: draft.subject, intro: draft.intro, items: draft.items, sponsor: draft.sponsor }).where('id', '=', id).where('status', '=', 'draft').execute();
  }

  /** The list's issue that started sending and has not finished, if any. */
  async sendingIssue(listId: number): Promise<NewsletterIssueRecord | undefined> {
    const r = await this.db.selectFrom('newsletter_issues').selectAll().where('list_id', '=', listId).where('status', '=', 'sending').orderBy('id').limit(1).executeTakeFirst();
    return r && toIssue(r);
  }

  /** Sending starts: the rendered email and the archive date are fixed, and recipients queued (one transaction, see the service). */
  async startSending(id: number, rendered: { html: string; text: string; issueDate: string }, now: number): Promise<void> {
    await this.db.updateTable('newsletter_issues').set({ status: 'sending', html: rendered.html, text: rendered.text, issue_date: rendered.issueDate, sending_at: now }).where('id', '=', id).execute();
  }

  /** Queues one message per active, unsuppressed, confirmed subscriber (idempotent: the outbox is unique per issue and reader). */
  async enqueueIssue(issueId: number, listId: number, now: number): Promise<void> {
    await this.db
      .insertInto('mail_outbox')
      .columns(['kind', 'ref', 'reader_id', 'email', 'status', 'attempts', 'next_attempt_at', 'lease_until', 'created_at'])
      .expression(
        this.db
          .selectFrom('newsletter_subscriptions as s')
          .innerJoin('readers as r', 'r.id', 's.reader_id')
          .select([
            sql.lit('newsletter').as('kind'),
            sql<number>`${issueId}`.as('ref'),
            'r.id',
            'r.email',
            sql.lit('queued').as('status'),
            sql.lit(0).as('attempts'),
            sql<number>`${now}`.as('next_attempt_at'),
            sql.lit(0).as('lease_until'),
            sql<number>`${now}`.as('created_at'),
          ])
          .where('s.list_id', '=', listId)
          .where('s.status', '=', 'active')
          .where('r.status', '=', 'active')
          .where('r.suppressed_at', 'is', null),
      )
      .onConflict((oc) => oc.columns(['kind', 'ref', 'reader_id']).doNothing())
      .execute();
  }

  /** Ids of every issue (of any list) that is sending now: the background senders' work. */
  async sendingIssueIds(): Promise<number[]> {
    const rows = await this.db.selectFrom('newsletter_issues').select('id').where('status', '=', 'sending').orderBy('id').execute();
    return rows.map((r) => Number(r.id));
  }

  async markSent(id: number, now: number): Promise<void> {
    await this.db.updateTable('newsletter_issues').set({ status: 'sent', sent_at: now }).where('id', '=', id).where('status', '=', 'sending').execute();
  }

  /** Sent issues of a list, newest first (the archive). */
  async sentIssues(listId: number, limit: number): Promise<NewsletterIssueRecord[]> {
    const rows = await this.db.selectFrom('newsletter_issues').selectAll().where('list_id', '=', listId).where('status', '=', 'sent').orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toIssue);
  }

  /** The last issue of a list sent on a date (the archive's URL names the date). */
  async sentIssueOn(listId: number, issueDate: string): Promise<NewsletterIssueRecord | undefined> {
    const r = await this.db
      .selectFrom('newsletter_issues')
      .selectAll()
      .where('list_id', '=', listId)
      .where('issue_date', '=', issueDate)
      .where('status', '=', 'sent')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r && toIssue(r);
  }

  /**
   * The secret that signs unsubscribe links when MAIL_SECRET is not set: made once, on first use,
   * and kept with the site (the first node to store it wins; every node reads the same one).
   */
  async mailSecret(): Promise<string> {
    await this.db
      .insertInto('site_state')
      .values({ key: MAIL_SECRET_KEY, value: randomBytes(32).toString('base64url') })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const r = await this.db.selectFrom('site_state').select('value').where('key', '=', MAIL_SECRET_KEY).executeTakeFirstOrThrow();
    return r.value;
  }
}
