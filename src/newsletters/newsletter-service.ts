import type { MailTransport, SendOutcome } from '../mail/index.ts';
import type { ArticleFilter, ArticleSummary, NewsletterIssueRecord, NewsletterList, Store, SubscriberRow } from '../store/index.ts';
import { complaintTarget } from './complaints.ts';
import { InvalidNewsletterList, InvalidUnsubscribeLink, NewsletterListExists, NewsletterListNotFound, NothingToSend, } from './errors.ts';
import { EspWebhooks, type WebhookKeys } from './esp-webhook.ts';
import { arrangeIssue, contentInOrder, type IssueContent, type IssueItem, issueItem, MAX_ISSUE_ITEMS } from './issue-content.ts';
import { personalise, type RenderedIssue, renderIssueEmail } from './issue-email.ts';
import { issueHandler } from './issue-handler.ts';
import { type IssueSponsor, parseSponsor, type SponsorOffer, sponsorJson } from './issue-sponsor.ts';


import { NewsletterScheduler } from './newsletter-scheduler.ts';
import type { OutboxSender } from './outbox-sender.ts';
import { formatSchedule, parseSchedule } from './schedule.ts';
import { confirmSubscription, confirmTarget, EMAIL, type ReaderListState, readerLists, requestSubscription, type SignUpContext, setSubscription } from './sign-up.ts';
import type { SubscriberRecord } from './subscriber-csv.ts';
import { readUnsubscribeToken, unsubscribeToken } from './unsubscribe-token.ts';

/** The outbox kind of newsletter messages (`ref` is the issue id). */
export const NEWSLETTER_KIND = 'newsletter';

/** A first issue (no issue before it) carries the newest articles, this many at most. */
export const FIRST_ISSUE_ITEMS = 10;

export interface NewsletterDeps {
  /** The primary store: sending must see its own writes. */
  readonly store: Store;
  /** The catalog's read of published articles (the same read the site's lists use). */
  readonly catalog: { listing(kind: 'all', title: string, description: string, path: string, filter: ArticleFilter, page: number, perPage?: number): Promise<{ items: readonly ArticleSummary[] }> };
  readonly sender: OutboxSender;
  /** For an editor's test message, sent outside the outbox. */
  readonly transport: MailTransport;
  readonly clock: () => number;
  /** The site's public origin and title (read on each call: the title is an admin setting). */
  readonly site: () => { readonly url: string; readonly title: string };
  readonly timeZone: () => string;
  /** MAIL_SECRET, or null to use the one kept in the database. */
  readonly secret: string | null;
  /**
   * The creatives that may buy an issue's sponsor slot now: live image creatives of the advertising
   * `newsletter` slot (the composition root reads them from the ads service). None: no sponsor slot.
   */
  readonly sponsors?: () => Promise<readonly SponsorOffer[]>;
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
  /** Bounces and complaints from an ESP's webhook (see esp-webhook.ts). */
  readonly webhooks: EspWebhooks;

  constructor(private readonly deps: NewsletterDeps) {
    const keys = deps.webhookKeys ?? { mailgun: null, generic: null };
    this.webhooks = new EspWebhooks({ store: deps.store, clock: deps.clock, keys, secret: () => this.secret(), complaint: (input) => this.recordComplaint(input) });
    this.scheduler = new NewsletterScheduler({ store: deps.store, clock: deps.clock, timeZone: deps.timeZone, start: (slug, occurrence) => this.startIssue(slug, occurrence) });
  }

  async addList(input: { slug: string; name: string; description?: string; schedule?: string | null }): Promise<NewsletterList> {
    const slug = input.slug.trim();
    const name = input.name.trim();
    if (!SLUG.test(slug) || slug.length > 60) throw InvalidNewsletterList(`The slug "${slug}" must be lower-case letters, digits and single hyphens, at most 60 characters`);
    if (!name || name.length > 200) throw InvalidNewsletterList('A list needs a name of 1 to 200 characters');
    const schedule = input.schedule ? formatSchedule(parseSchedule(input.schedule)) : null;
    const list = await this.deps.store.newsletters.createList({ slug, name, description: input.description?.trim() ?? '', schedule, now: this.deps.clock() });
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

  lists(): Promise<(NewsletterList & { subscribers: number })[]> {
    return this.deps.store.newsletters.lists();
  }

  async list(slug: string): Promise<NewsletterList> {
    const list = await this.deps.store.newsletters.listBySlug(slug);
    if (!list) throw NewsletterListNotFound(slug);
    return list;
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
   * new issue), otherwise a new one assembled from the articles published since the last issue,
   * rendered and queued to every active subscriber in one transaction.
   */
  async startIssue(slug: string, occurrence?: number): Promise<{ issue: NewsletterIssueRecord; resumed: boolean }> {
    const list = await this.list(slug);
    const { store } = this.deps;
    const unfinished = await store.newsletters.sendingIssue(list.id);
    if (unfinished) return { issue: unfinished, resumed: true };
    const next = await this.nextIssue(list);
    const now = this.deps.clock();
    const issueDate = this.dateOf(now);
    const rendered = await this.render(list, { subject: next.subject, intro: next.intro, content: contentInOrder(next.items), date: issueDate, sponsor: next.sponsor });
    const issue = await store.transaction(async (repos) => {
      const id =
        next.draftId ??
        (await repos.newsletters.createIssue({ listId: list.id, subject: next.subject, intro: next.intro, items: JSON.stringify(next.items), status: 'draft', coversUntil: next.coversUntil, now, sponsor: sponsorJson(next.sponsor) })).id;
      if (occurrence !== undefined) await repos.newsletters.setOccurrence(id, occurrence);
      await repos.newsletters.startSending(id, { ...rendered, issueDate }, now);
      await repos.newsletters.enqueueIssue(id, list.id, now);
      return (await repos.newsletters.issueById(id))!;
    });
    return { issue, resumed: false };
  }

  /** The list's next issue: its draft when an editor made one, else assembled now from the articles since the last issue. */
  private async nextIssue(list: NewsletterList): Promise<{ draftId: number | null; items: IssueItem[]; subject: string; intro: string; coversUntil: number; sponsor: IssueSponsor | null }> {
    const draft = await this.deps.store.newsletters.draftIssue(list.id);
    if (draft) return { draftId: draft.id, items: JSON.parse(draft.items) as IssueItem[], subject: draft.subject, intro: draft.intro, coversUntil: draft.coversUntil, sponsor: parseSponsor(draft.sponsor) };
    const now = this.deps.clock();
    const previous = await this.deps.store.newsletters.latestIssue(list.id);
    const filter: ArticleFilter = previous ? { from: previous.coversUntil + 1, to: now + 1 } : { to: now + 1 };
    const { items } = await this.deps.catalog.listing('all', '', '', '/news', filter, 1, previous ? MAX_ISSUE_ITEMS : FIRST_ISSUE_ITEMS);
    if (!items.length) throw NothingToSend(list.slug);
    const arranged = arrangeIssue(items.map((a) => issueItem(this.deps.site().url, a)));
    const ordered = [arranged.lead, ...arranged.sections.flatMap((s) => s.items)].filter((i): i is IssueItem => i !== null);
    const offer = [...(await this.sponsorOffers())].sort((a, b) => b.weight - a.weight || a.creativeId - b.creativeId)[0];
    const sponsor = offer ? { creativeId: offer.creativeId, advertiser: offer.advertiser, alt: offer.alt } : null;
    return { draftId: null, items: ordered, subject: `${list.name}: ${arranged.lead?.headline ?? ''}`.slice(0, 250), intro: '', coversUntil: now, sponsor };
  }

  /** The creatives that may take the sponsor slot now (none when advertising is not wired). */
  sponsorOffers(): Promise<readonly SponsorOffer[]> {
    return this.deps.sponsors?.() ?? Promise.resolve([]);
  }

  /** The next issue's email, rendered as it would be sent now (the unsubscribe link inert). */
  private async renderNext(slug: string): Promise<{ subject: string; html: string; text: string }> {
    const list = await this.list(slug);
    const next = await this.nextIssue(list);
    const rendered = await this.render(list, { subject: next.subject, intro: next.intro, content: contentInOrder(next.items), date: this.dateOf(this.deps.clock()), sponsor: next.sponsor });
    return { subject: next.subject, ...personalise(rendered, '#unsubscribe') };
  }

  /** The next issue's email as a subscriber would get it, without making or changing the issue. */
  preview(slug: string): Promise<{ subject: string; html: string; text: string }> {
    return this.renderNext(slug);
  }

  /** Sends the next issue's preview to one address (an editor's test), outside the outbox and the subscriber list. */
  async sendTest(slug: string, to: string): Promise<SendOutcome> {
    const next = await this.renderNext(slug);
    return this.deps.transport.send({ to, subject: `[Test] ${next.subject}`, html: next.html, text: next.text });
  }

  /** The list's draft for an editor to compose: the existing one, or one assembled now. */
  async draft(slug: string): Promise<NewsletterIssueRecord & { parsedItems: IssueItem[]; parsedSponsor: IssueSponsor | null }> {
    const list = await this.list(slug);
    const existing = await this.deps.store.newsletters.draftIssue(list.id);
    const draft =
      existing ??
      (await (async () => {
        const next = await this.nextIssue(list);
        return this.deps.store.newsletters.createIssue({ listId: list.id, subject: next.subject, intro: '', items: JSON.stringify(next.items), status: 'draft', coversUntil: next.coversUntil, now: this.deps.clock(), sponsor: sponsorJson(next.sponsor) });
      })());
    return { ...draft, parsedItems: JSON.parse(draft.items) as IssueItem[], parsedSponsor: parseSponsor(draft.sponsor) };
  }

  /**
   * An editor's changes to the draft: its subject, introduction, which stories it keeps in which
   * order (`keep`: article ids, first is the lead; ids not in the draft are ignored), a published
   * story to add at the end (`add`: its address on the site or its slug), and the sponsor slot
   * (`sponsor`: a creative id among the current offers, or the draft's own; null empties it;
   * undefined leaves it).
   */
  async updateDraft(slug: string, changes: { subject: string; intro: string; keep: readonly number[]; add?: string | undefined; sponsor?: number | null | undefined }): Promise<void> {
    const draft = await this.draft(slug);
    const subject = changes.subject.trim();
    if (!subject || subject.length > 250) throw InvalidNewsletterList('The subject must be 1 to 250 characters');
    if (changes.intro.length > 2000) throw InvalidNewsletterList('The introduction must be at most 2,000 characters');
    const byId = new Map(draft.parsedItems.map((i) => [i.id, i]));
    const items = [...new Set(changes.keep)].map((id) => byId.get(id)).filter((i): i is IssueItem => i !== undefined);
    const added = changes.add?.trim() ? await this.storyToAdd(changes.add.trim()) : undefined;
    if (added && !items.some((i) => i.id === added.id)) {
      if (items.length >= MAX_ISSUE_ITEMS) throw InvalidNewsletterList(`An issue holds at most ${MAX_ISSUE_ITEMS} stories`);
      items.push(added);
    }
    if (!items.length) throw InvalidNewsletterList('Keep at least one story');
    let sponsor = draft.parsedSponsor;
    if (changes.sponsor === null) sponsor = null;
    else if (changes.sponsor !== undefined && changes.sponsor !== draft.parsedSponsor?.creativeId) {
      const offer = (await this.sponsorOffers()).find((o) => o.creativeId === changes.sponsor);
      if (!offer) throw InvalidNewsletterList('That sponsor is not running in the newsletter slot now');
      sponsor = { creativeId: offer.creativeId, advertiser: offer.advertiser, alt: offer.alt };
    }
    await this.deps.store.newsletters.updateDraft(draft.id, { subject, intro: changes.intro.trim(), items: JSON.stringify(items), sponsor: sponsorJson(sponsor) });
  }

  /** A published article named by its address on this site (`…/news/<slug>`) or its slug. */
  private async storyToAdd(ref: string): Promise<IssueItem> {
    const slug = decodeURIComponent(/\/news\/([^/?#]+)/.exec(ref)?.[1] ?? ref).trim();
    const row = slug.length <= 300 ? await this.deps.store.articles.findBySlug(slug) : undefined;
    const [summary] = row ? await this.deps.store.articles.summariesByIds([Number(row.id)]) : [];
    if (!summary) throw InvalidNewsletterList(`No published story "${ref.slice(0, 120)}": give its address on the site or its slug`);
    return issueItem(this.deps.site().url, summary);
  }

  /** Every list with its latest issue and that issue's progress (the admin's view). */
  async overview(): Promise<{ list: NewsletterList & { subscribers: number }; latest: { id: number; subject: string; status: string; date: string | null; progress: SendProgress } | null }[]> {
    const lists = await this.deps.store.newsletters.lists();
    return Promise.all(
      lists.map(async (list) => {
        const issue = await this.deps.store.newsletters.latestIssue(list.id);
        return { list, latest: issue ? { id: issue.id, subject: issue.subject, status: issue.status, date: issue.issueDate, progress: await this.progress(issue.id) } : null };
      }),
    );
  }

  /** The issue's email, rendered once (the web version link names the archive date). */
  private async render(list: NewsletterList, issue: { subject: string; intro: string; content: IssueContent; date: string; sponsor: IssueSponsor | null }): Promise<RenderedIssue> {
    const site = this.deps.site();
    const sponsor = issue.sponsor && { advertiser: issue.sponsor.advertiser, alt: issue.sponsor.alt, imageUrl: `${site.url}/ads/i/${issue.sponsor.creativeId}`, clickUrl: `${site.url}/ads/c/${issue.sponsor.creativeId}` };
    return renderIssueEmail({ siteTitle: site.title, siteUrl: site.url, listName: list.name, subject: issue.subject, intro: issue.intro, content: issue.content, webUrl: `${site.url}/newsletters/${list.slug}/${issue.date}`, sponsor });
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
    const handler = issueHandler({ store: this.deps.store, clock: this.deps.clock, site: this.deps.site(), secret: await this.secret() }, list, issue, { html: issue.html, text: issue.text });
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
  requestSubscription(slugs: string | readonly string[], email: string, client = ''): Promise<void> {
    return requestSubscription(this.signUpContext(), slugs, email, client);
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
  readerLists(readerId: number): Promise<ReaderListState[]> {
    return readerLists(this.signUpContext(), readerId);
  }

  /** A signed-in reader's toggle on the account page (see sign-up.ts). */
  setSubscription(readerId: number, slug: string, on: boolean): Promise<void> {
    return setSubscription(this.signUpContext(), readerId, slug, on);
  }

  private signUpContext(): SignUpContext {
    return { store: this.deps.store, clock: this.deps.clock, site: this.deps.site, transport: this.deps.transport, secret: () => this.secret(), list: (slug) => this.list(slug) };
  }

  /** The unsubscribe link of a reader and list (tests, and the account page later). */
  async unsubscribeUrl(readerId: number, listId: number): Promise<string> {
    return `${this.deps.site().url}/newsletters/unsubscribe?t=${unsubscribeToken(await this.secret(), readerId, listId)}`;
  }

  /** Lists with their latest sent issues, for /newsletters. */
  async archiveIndex(perList = 10): Promise<{ list: NewsletterList; issues: { subject: string; date: string }[] }[]> {
    const lists = await this.deps.store.newsletters.lists();
    return Promise.all(
      lists.map(async (list) => ({ list, issues: (await this.deps.store.newsletters.sentIssues(list.id, perList)).map((i) => ({ subject: i.subject, date: i.issueDate ?? '' })) })),
    );
  }

  /** A sent issue by list and date, or undefined. */
  async archived(slug: string, date: string): Promise<ArchivedIssue | undefined> {
    const list = await this.deps.store.newsletters.listBySlug(slug);
    const issue = list && (await this.deps.store.newsletters.sentIssueOn(list.id, date));
    if (!list || !issue?.sentAt) return undefined;
    return { list, id: issue.id, subject: issue.subject, intro: issue.intro, date, sentAt: issue.sentAt, content: contentInOrder(JSON.parse(issue.items) as IssueItem[]), sponsor: parseSponsor(issue.sponsor) };
  }

  /** yyyy-mm-dd in the site's zone. */
  private dateOf(ms: number): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.deps.timeZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  }
}

