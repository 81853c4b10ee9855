import type { MailTransport, SendOutcome } from '../mail/index.ts';
import type { NewsletterIssueRecord, NewsletterList, Repositories, Store, SubscriberRow } from '../store/index.ts';
import { complaintTarget } from './complaints.ts';
import { InvalidNewsletterList, InvalidUnsubscribeLink, NewsletterListExists, NewsletterListNotFound } from './errors.ts';
import { EspWebhooks, type WebhookKeys } from './esp-webhook.ts';
import { type DraftChanges, IssueAssembly, type IssueCatalog, type IssueDraft, type ListSite } from './issue-assembly.ts';
import { contentInOrder, type IssueContent, type IssueItem } from './issue-content.ts';
import { issueHandler } from './issue-handler.ts';
import { type IssueSponsor, parseSponsor, type SponsorOffer } from './issue-sponsor.ts';
import { NewsletterScheduler } from './newsletter-scheduler.ts';
import type { OutboxSender } from './outbox-sender.ts';
import { formatSchedule, parseSchedule } from './schedule.ts';
import { confirmSubscription, confirmTarget, EMAIL, type ReaderListState, readerLists, requestSubscription, type SignUpContext, setSubscription } from './sign-up.ts';
import type { SubscriberRecord } from './subscriber-csv.ts';
import { readUnsubscribeToken, unsubscribeToken } from './unsubscribe-token.ts';

/** The outbox kind of newsletter messages (`ref` is the issue id). */
export const NEWSLETTER_KIND = 'newsletter';

export interface NewsletterDeps {
  /** The primary store: sending must see its own writes. */
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'articles' | 'jobs' | 'newsletters' | 'outbox' | 'readerAccess' | 'readers'>;
  /** The catalog's read of published articles (the same read the site's lists use). */
  readonly catalog: IssueCatalog;
  readonly sender: OutboxSender;
  /** For an editor's test message, sent outside the outbox. */
  readonly transport: MailTransport;
  readonly clock: () => number;
  /** The site's public origin and title (read on each call: the title is an admin setting). */
  readonly site: () => { readonly url: string; readonly title: string };
  readonly timeZone: () => string;
  /**
   * A site other than the first, when there are several: its URL (primary host), title, zone and
   * catalog limited to it. Undefined (or absent): the first site's (`site`, `timeZone`, `catalog`).
   */
  readonly siteOf?: (siteId: number) => ListSite | undefined;
  /** MAIL_SECRET, or null to use the one kept in the database. */
  readonly secret: string | null;
  /**
   * The creatives that may buy an issue's sponsor slot now: live image creatives of the advertising
   * `newsletter` slot (the composition root reads them from the ads service). None: no sponsor slot.
   */
  readonly sponsors?: (siteId: number) => Promise<readonly SponsorOffer[]>;
  /** ESP webhook keys (MAILGUN_WEBHOOK_SIGNING_KEY, MAIL_WEBHOOK_SECRET); absent: webhooks off. */
  readonly webhookKeys?: WebhookKeys;
  /** Waits between passes while retries are not yet due (real time; tests pass their own). */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ImportReport {
  readonly subscribed: number;
  readonly alreadySubscribed: number;
  /** Rows whose address had unsubscribed or bounced from this list: left as they were. */
  readonly keptUnsubscribed: number;
  readonly refused: readonly { readonly line: number; readonly reason: string }[];
}

export interface SendProgress {
  readonly issue: number;
  readonly recipients: number;
  readonly sent: number;
  readonly failed: number;
  /** Sent, bounced, failed or skipped: the messages that need nothing more. */
  readonly done: number;
  readonly queued: number;
}

export interface SendReport {
  readonly issue: number;
  readonly recipients: number;
  readonly sent: number;
  readonly failed: number;
}

/** A sent issue as the web archive shows it (nothing personal). */
export interface ArchivedIssue {
  readonly list: NewsletterList;
  readonly id: number;
  readonly subject: string;
  readonly intro: string;
  readonly date: string;
  readonly sentAt: number;
  readonly content: IssueContent;
  readonly sponsor: IssueSponsor | null;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const IMPORT_CHUNK = 500;

/**
 * Newsletters: lists and their subscribers, issues assembled from what was published since the
 * list's last issue, rendered once with MJML, queued in the outbox one row per recipient and sent
 * by the `OutboxSender`; one-click unsubscribe; the web archive.
 */
export class NewsletterService {
  private secret_: Promise<string> | undefined;
  private working: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  private readonly scheduler: NewsletterScheduler;
  private readonly assembly: IssueAssembly;
  /** Bounces and complaints from an ESP's webhook (see esp-webhook.ts). */
  readonly webhooks: EspWebhooks;

  constructor(private readonly deps: NewsletterDeps) {
    const keys = deps.webhookKeys ?? { mailgun: null, generic: null };
    this.webhooks = new EspWebhooks({ store: deps.store, clock: deps.clock, keys, secret: () => this.secret(), complaint: (input) => this.recordComplaint(input) });
    this.assembly = new IssueAssembly({ ...deps, siteOf: (list) => this.siteOf(list.siteId) });
    this.scheduler = new NewsletterScheduler({ store: deps.store, clock: deps.clock, timeZone: (siteId) => this.siteOf(siteId).timeZone, start: (slug, occurrence) => this.startIssue(slug, occurrence) });
  }

  /** A new list, on `siteId` (the first site without). */
  async addList(input: { slug: string; name: string; description?: string; schedule?: string | null; siteId?: number | undefined }): Promise<NewsletterList> {
    const slug = input.slug.trim();
    const name = input.name.trim();
    if (!SLUG.test(slug) || slug.length > 60) throw InvalidNewsletterList(`The slug "${slug}" must be lower-case letters, digits and single hyphens, at most 60 characters`);
    if (!name || name.length > 200) throw InvalidNewsletterList('A list needs a name of 1 to 200 characters');
    const schedule = input.schedule ? formatSchedule(parseSchedule(input.schedule)) : null;
    const list = await this.deps.store.newsletters.createList({ slug, name, description: input.description?.trim() ?? '', schedule, now: this.deps.clock(), siteId: input.siteId });
    if (!list) throw NewsletterListExists(slug);
    return list;
  }

  /** Sets or clears (null) when the list is sent by itself: `daily HH:MM` or `weekly mon HH:MM` in the site's zone. */
  async setSchedule(slug: string, schedule: string | null): Promise<NewsletterList> {
    const list = await this.list(slug);
    await this.deps.store.newsletters.setSchedule(list.id, schedule ? formatSchedule(parseSchedule(schedule)) : null);
    return this.list(slug);
  }

  /** One pass of the schedules (every node's tick runs it through `kick`): the slugs whose issue it started. */
  runSchedules(): Promise<string[]> {
    return this.scheduler.tick();
  }

  /** Every list, or one site's (`siteId`; undefined with one site: every list). */
  lists(siteId?: number): Promise<(NewsletterList & { subscribers: number })[]> {
    return this.deps.store.newsletters.lists(siteId);
  }

  /** The list by slug; with `siteId`, a list of another site is not found (its name is not revealed). */
  async list(slug: string, siteId?: number): Promise<NewsletterList> {
    const list = await this.deps.store.newsletters.listBySlug(slug);
    if (!list || (siteId !== undefined && list.siteId !== siteId)) throw NewsletterListNotFound(slug);
    return list;
  }

  /** A list's site as its mail needs it: the first site's unless `siteOf` names another. */
  siteOf(siteId: number): ListSite {
    const other = this.deps.siteOf?.(siteId);
    if (other) return other;
    const { url, title } = this.deps.site();
    return { url, title, timeZone: this.deps.timeZone(), catalog: this.deps.catalog };
  }

  /**
   * Subscribes each record's address to the list (creating confirmed readers: an import is made with
   * the publisher's consent). A reader who unsubscribed or bounced stays so; a reader's own profile
   * fields are never overwritten. Refused rows are reported with their line numbers.
   */
  async importSubscribers(slug: string, records: AsyncIterable<SubscriberRecord>, onProgress?: (rows: number) => void): Promise<ImportReport> {
    const list = await this.list(slug);
    const report = { subscribed: 0, alreadySubscribed: 0, keptUnsubscribed: 0, refused: [] as { line: number; reason: string }[] };
    let chunk: SubscriberRecord[] = [];
    let rows = 0;
    const flush = async () => {
      const now = this.deps.clock();
      const batch = chunk;
      chunk = [];
      await this.deps.store.transaction(async (repos) => {
        for (const r of batch) {
          if ('error' in r) {
            report.refused.push({ line: r.line, reason: r.error });
            continue;
          }
          const email = r.email.trim();
          if (email.length > 254 || !EMAIL.test(email)) {
            report.refused.push({ line: r.line, reason: `not an email address: "${email.slice(0, 80)}"` });
            continue;
          }
          const long = (['name', 'company', 'jobTitle', 'country'] as const).find((k) => (r[k]?.length ?? 0) > 200);
          if (long) {
            report.refused.push({ line: r.line, reason: `${long} is over 200 characters` });
            continue;
          }
          const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
          const { reader } = await repos.readers.ensure({ email, status: 'active', source: 'import', now, name: blank(r.name), company: blank(r.company), jobTitle: blank(r.jobTitle), country: blank(r.country) });
          const sub = await repos.newsletters.subscribe(list.id, reader.id, 'import', now);
          if (sub.created) report.subscribed++;
          else if (sub.status === 'active') report.alreadySubscribed++;
          else report.keptUnsubscribed++;
        }
      });
      rows += batch.length;
      onProgress?.(rows);
    };
    for await (const record of records) {
      chunk.push(record);
      if (chunk.length >= IMPORT_CHUNK) await flush();
    }
    if (chunk.length) await flush();
    return report;
  }

  /** Every subscriber of the list with their status, in the order they first came. */
  async *subscribers(slug: string): AsyncGenerator<SubscriberRow> {
    const list = await this.list(slug);
    let after = 0;
    for (;;) {
      const page = await this.deps.store.newsletters.subscribers(list.id, after, 1000);
      if (!page.length) return;
      yield* page;
      after = page[page.length - 1]!.readerId;
    }
  }

  /**
   * The issue to send now: the list's unfinished issue when a send was interrupted (it resumes, no
   * new issue), otherwise a new one assembled and queued (see issue-assembly.ts).
   */
  async startIssue(slug: string, occurrence?: number): Promise<{ issue: NewsletterIssueRecord; resumed: boolean }> {
    return this.assembly.startIssue(await this.list(slug), occurrence);
  }

  /** The creatives that may take a list's sponsor slot now: its site's (none when advertising is not wired). */
  async sponsorOffers(slug: string): Promise<readonly SponsorOffer[]> {
    return this.assembly.sponsorOffers((await this.list(slug)).siteId);
  }

  /** The next issue's email as a subscriber would get it, without making or changing the issue. */
  async preview(slug: string): Promise<{ subject: string; html: string; text: string }> {
    return this.assembly.renderNext(await this.list(slug));
  }

  /** Sends the next issue's preview to one address (an editor's test), outside the outbox and the subscriber list. */
  async sendTest(slug: string, to: string): Promise<SendOutcome> {
    return this.assembly.sendTest(await this.list(slug), to);
  }

  /** The list's draft for an editor to compose: the existing one, or one assembled now. */
  async draft(slug: string): Promise<IssueDraft> {
    return this.assembly.draft(await this.list(slug));
  }

  /** An editor's changes to the draft (see `IssueAssembly.updateDraft`). */
  async updateDraft(slug: string, changes: DraftChanges): Promise<void> {
    return this.assembly.updateDraft(await this.list(slug), changes);
  }

  /** Every list with its latest issue and that issue's progress (the admin's view). */
  async overview(siteId?: number): Promise<{ list: NewsletterList & { subscribers: number }; latest: { id: number; subject: string; status: string; date: string | null; progress: SendProgress } | null }[]> {
    const lists = await this.deps.store.newsletters.lists(siteId);
    return Promise.all(
      lists.map(async (list) => {
        const issue = await this.deps.store.newsletters.latestIssue(list.id);
        return { list, latest: issue ? { id: issue.id, subject: issue.subject, status: issue.status, date: issue.issueDate, progress: await this.progress(issue.id) } : null };
      }),
    );
  }

  async progress(issueId: number): Promise<SendProgress> {
    const c = await this.deps.store.outbox.counts(NEWSLETTER_KIND, issueId);
    const recipients = c.queued + c.sent + c.bounced + c.failed + c.skipped;
    return { issue: issueId, recipients, sent: c.sent, failed: c.bounced + c.failed, done: recipients - c.queued, queued: c.queued };
  }

  /**
   * One pass over the issue's due messages (this node's share when several send). Returns the
   * progress after it; the issue is marked sent once nothing is queued.
   */
  async sendPass(issueId: number, onProgress?: (p: SendProgress) => void, signal?: AbortSignal): Promise<SendProgress> {
    const issue = await this.deps.store.newsletters.issueById(issueId);
    if (issue?.status !== 'sending' || !issue.html || issue.text === null) return this.progress(issueId);
    const list = (await this.deps.store.newsletters.listById(issue.listId))!;
    const start = await this.progress(issueId);
    const handler = issueHandler({ store: this.deps.store, clock: this.deps.clock, site: this.siteOf(list.siteId), secret: await this.secret() }, list, issue, { html: issue.html, text: issue.text });
    await this.deps.sender.drain(NEWSLETTER_KIND, issueId, handler, (finished) => onProgress?.({ ...start, done: Math.min(start.recipients, start.done + finished), queued: Math.max(0, start.queued - finished) }), signal);
    const after = await this.progress(issueId);
    if (after.queued === 0) await this.deps.store.newsletters.markSent(issueId, this.deps.clock());
    return after;
  }

  /**
   * `masthead newsletters send`: starts (or resumes) the list's issue and sends until every message
   * is sent or given up, waiting for retries as they fall due.
   */
  async send(slug: string, onProgress?: (p: SendProgress) => void, signal?: AbortSignal): Promise<SendReport> {
    const { issue } = await this.startIssue(slug);
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    let p = await this.sendPass(issue.id, onProgress, signal);
    while (p.queued > 0 && !signal?.aborted) {
      const due = await this.deps.store.outbox.nextDue(NEWSLETTER_KIND, issue.id);
      await sleep(Math.max(50, Math.min(60_000, (due ?? 0) - this.deps.clock())));
      p = await this.sendPass(issue.id, onProgress, signal);
    }
    return { issue: issue.id, recipients: p.recipients, sent: p.sent, failed: p.failed };
  }

  /**
   * The app's background sender (the composition root calls it with the scheduler): one pass over
   * every issue that is sending, so an issue started anywhere (the CLI, the admin, a node that
   * died) is finished by whichever nodes run; the outbox's leases share the work between them.
   */
  kick(): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    this.working ??= (async () => {
      await this.scheduler.tick();
      for (const id of await this.deps.store.newsletters.sendingIssueIds()) {
        if (this.stopping.signal.aborted) break;
        await this.sendPass(id, undefined, this.stopping.signal);
      }
    })().finally(() => {
      this.working = undefined;
    });
    return this.working;
  }

  /** Stops the background sender after the messages in flight (the rest of its batch waits out its lease). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.working?.catch(() => {});
  }

  /** The secret that signs unsubscribe links: MAIL_SECRET, or the one the database keeps. */
  private secret(): Promise<string> {
    this.secret_ ??= this.deps.secret ? Promise.resolve(this.deps.secret) : this.deps.store.newsletters.mailSecret();
    return this.secret_;
  }

  /** What an unsubscribe link would do (the confirmation page), without doing it. */
  async unsubscribeTarget(token: string): Promise<{ list: NewsletterList; subscribed: boolean }> {
    const claim = readUnsubscribeToken(await this.secret(), token);
    const list = claim && (await this.deps.store.newsletters.listById(claim.listId));
    if (!claim || !list) throw InvalidUnsubscribeLink();
    return { list, subscribed: (await this.deps.store.newsletters.subscription(list.id, claim.readerId)) === 'active' };
  }

  /** Unsubscribes the link's reader from the link's list at once (idempotent). */
  async unsubscribe(token: string): Promise<{ list: NewsletterList }> {
    const { list } = await this.unsubscribeTarget(token);
    const claim = readUnsubscribeToken(await this.secret(), token)!;
    await this.deps.store.newsletters.end(list.id, claim.readerId, 'unsubscribed', this.deps.clock());
    return { list };
  }

  /**
   * A spam complaint (a feedback-loop report, or an address an ESP's webhook or an operator names):
   * the reader is suppressed for all mail, as after hard bounces (never undone by an import or a
   * sign-up), and unsubscribed from the list the report names. Undefined when it names nobody known.
   */
  async recordComplaint(input: { report: string } | { email: string }): Promise<{ email: string; list: string | null } | undefined> {
    const target = 'report' in input ? complaintTarget(input.report, await this.secret()) : { email: input.email.trim() };
    const reader = target && ('email' in target ? await this.deps.store.readers.byEmail(target.email) : await this.deps.store.readers.byId(target.readerId));
    if (!target || !reader) return undefined;
    const list = 'listId' in target ? await this.deps.store.newsletters.listById(target.listId) : undefined;
    const now = this.deps.clock();
    await this.deps.store.transaction(async (repos) => {
      await repos.readers.suppress(reader.id, 'complaint', now);
      if (list) await repos.newsletters.end(list.id, reader.id, 'unsubscribed', now);
    });
    return { email: reader.email, list: list?.slug ?? null };
  }

  /** A sign-up to one or several lists (double opt-in): see `requestSubscription` in sign-up.ts. */
  requestSubscription(slugs: string | readonly string[], email: string, client = '', siteId?: number): Promise<void> {
    return requestSubscription(this.signUpContext(siteId), slugs, email, client);
  }

  /** The lists a confirmation link is for (its page asks before confirming), or MH_INVALID_CONFIRM_LINK. */
  confirmTarget(token: string): Promise<NewsletterList[]> {
    return confirmTarget(this.signUpContext(), token);
  }

  /** Follows a confirmation link: the address is confirmed and the reader subscribed to each list. */
  confirmSubscription(token: string): Promise<{ lists: NewsletterList[] }> {
    return confirmSubscription(this.signUpContext(), token);
  }

  /** Every list and whether the reader receives it (the account page). */
  readerLists(readerId: number, siteId?: number): Promise<ReaderListState[]> {
    return readerLists(this.signUpContext(siteId), readerId);
  }

  /** A signed-in reader's toggle on the account page (see sign-up.ts). */
  setSubscription(readerId: number, slug: string, on: boolean, siteId?: number): Promise<void> {
    return setSubscription(this.signUpContext(siteId), readerId, slug, on);
  }

  /** With `siteId`, only that site's lists (the sign-up and account pages of several sites). */
  private signUpContext(siteId?: number): SignUpContext {
    return { store: this.deps.store, clock: this.deps.clock, site: (list) => this.siteOf(list.siteId), transport: this.deps.transport, secret: () => this.secret(), list: (slug) => this.list(slug, siteId), siteId };
  }

  /** The unsubscribe link of a reader and list (tests, and the account page later). */
  async unsubscribeUrl(readerId: number, listId: number): Promise<string> {
    const list = await this.deps.store.newsletters.listById(listId);
    return `${list ? this.siteOf(list.siteId).url : this.deps.site().url}/newsletters/unsubscribe?t=${unsubscribeToken(await this.secret(), readerId, listId)}`;
  }

  /** Lists with their latest sent issues, for /newsletters. */
  async archiveIndex(perList = 10, siteId?: number): Promise<{ list: NewsletterList; issues: { subject: string; date: string }[] }[]> {
    const lists = await this.deps.store.newsletters.lists(siteId);
    return Promise.all(
      lists.map(async (list) => ({ list, issues: (await this.deps.store.newsletters.sentIssues(list.id, perList)).map((i) => ({ subject: i.subject, date: i.issueDate ?? '' })) })),
    );
  }

  /** A sent issue by list and date, or undefined. */
  async archived(slug: string, date: string, siteId?: number): Promise<ArchivedIssue | undefined> {
    const found = await this.deps.store.newsletters.listBySlug(slug);
    const list = found && (siteId === undefined || found.siteId === siteId) ? found : undefined;
    const issue = list && (await this.deps.store.newsletters.sentIssueOn(list.id, date));
    if (!list || !issue?.sentAt) return undefined;
    return { list, id: issue.id, subject: issue.subject, intro: issue.intro, date, sentAt: issue.sentAt, content: contentInOrder(JSON.parse(issue.items) as IssueItem[]), sponsor: parseSponsor(issue.sponsor) };
  }
}
