import { createHash } from 'node:crypto';
import type { MailMessage, MailTransport, SendOutcome } from '../mail/index.ts';
import type { ArticleFilter, ArticleSummary, NewsletterIssueRecord, NewsletterList, OutboxRow, Store, SubscriberRow } from '../store/index.ts';
import { InvalidConfirmLink, InvalidNewsletterList, InvalidSignUp, InvalidUnsubscribeLink, NewsletterListExists, NewsletterListNotFound, NothingToSend, SignUpRateLimited } from './errors.ts';
import { arrangeIssue, contentInOrder, type IssueContent, type IssueItem, issueItem, MAX_ISSUE_ITEMS } from './issue-content.ts';
import { personalise, type RenderedIssue, renderIssueEmail } from './issue-email.ts';
import type { OutboxHandler, OutboxSender } from './outbox-sender.ts';
import type { SubscriberRecord } from './subscriber-csv.ts';
import { confirmToken, readConfirmToken, readUnsubscribeToken, unsubscribeToken } from './unsubscribe-token.ts';

/** The outbox kind of newsletter messages (`ref` is the issue id). */
export const NEWSLETTER_KIND = 'newsletter';

/** A first issue (no issue before it) carries the newest articles, this many at most. */
export const FIRST_ISSUE_ITEMS = 10;

/** How long a sign-up's confirmation link works. */
export const CONFIRM_LINK_MS = 7 * 86_400_000;

/** Sign-ups a client address, and an address, may make per window (each sends a confirmation mail). */
export const SIGN_UP_LIMITS = { perIp: 10, perAddress: 3, windowMs: 10 * 60_000 } as const;

/** The most lists one sign-up may name. */
export const MAX_SIGN_UP_LISTS = 20;

/** Hard bounces (on any list) after which no mail goes to an address. */
export const HARD_BOUNCE_LIMIT = 3;

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
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const EMAIL = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+\.[^\s@<>()[\],;:"\\.]+$/;
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

  constructor(private readonly deps: NewsletterDeps) {}

  async addList(input: { slug: string; name: string; description?: string; schedule?: string | null }): Promise<NewsletterList> {
    const slug = input.slug.trim();
    const name = input.name.trim();
    if (!SLUG.test(slug) || slug.length > 60) throw InvalidNewsletterList(`The slug "${slug}" must be lower-case letters, digits and single hyphens, at most 60 characters`);
    if (!name || name.length > 200) throw InvalidNewsletterList('A list needs a name of 1 to 200 characters');
    const list = await this.deps.store.newsletters.createList({ slug, name, description: input.description?.trim() ?? '', schedule: input.schedule ?? null, now: this.deps.clock() });
    if (!list) throw NewsletterListExists(slug);
    return list;
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
  async startIssue(slug: string): Promise<{ issue: NewsletterIssueRecord; resumed: boolean }> {
    const list = await this.list(slug);
    const { store } = this.deps;
    const unfinished = await store.newsletters.sendingIssue(list.id);
    if (unfinished) return { issue: unfinished, resumed: true };
    const next = await this.nextIssue(list);
    const now = this.deps.clock();
    const issueDate = this.dateOf(now);
    const rendered = await this.render(list, { subject: next.subject, intro: next.intro, content: contentInOrder(next.items), date: issueDate });
    const issue = await store.transaction(async (repos) => {
      const id = next.draftId ?? (await repos.newsletters.createIssue({ listId: list.id, subject: next.subject, intro: next.intro, items: JSON.stringify(next.items), status: 'draft', coversUntil: next.coversUntil, now })).id;
      await repos.newsletters.startSending(id, { ...rendered, issueDate }, now);
      await repos.newsletters.enqueueIssue(id, list.id, now);
      return (await repos.newsletters.issueById(id))!;
    });
    return { issue, resumed: false };
  }

  /** The list's next issue: its draft when an editor made one, else assembled now from the articles since the last issue. */
  private async nextIssue(list: NewsletterList): Promise<{ draftId: number | null; items: IssueItem[]; subject: string; intro: string; coversUntil: number }> {
    const draft = await this.deps.store.newsletters.draftIssue(list.id);
    if (draft) return { draftId: draft.id, items: JSON.parse(draft.items) as IssueItem[], subject: draft.subject, intro: draft.intro, coversUntil: draft.coversUntil };
    const now = this.deps.clock();
    const previous = await this.deps.store.newsletters.latestIssue(list.id);
    const filter: ArticleFilter = previous ? { from: previous.coversUntil + 1, to: now + 1 } : { to: now + 1 };
    const { items } = await this.deps.catalog.listing('all', '', '', '/news', filter, 1, previous ? MAX_ISSUE_ITEMS : FIRST_ISSUE_ITEMS);
    if (!items.length) throw NothingToSend(list.slug);
    const arranged = arrangeIssue(items.map((a) => issueItem(this.deps.site().url, a)));
    const ordered = [arranged.lead, ...arranged.sections.flatMap((s) => s.items)].filter((i): i is IssueItem => i !== null);
    return { draftId: null, items: ordered, subject: `${list.name}: ${arranged.lead?.headline ?? ''}`.slice(0, 250), intro: '', coversUntil: now };
  }

  /** The next issue's email, rendered as it would be sent now (the unsubscribe link inert). */
  private async renderNext(slug: string): Promise<{ subject: string; html: string; text: string }> {
    const list = await this.list(slug);
    const next = await this.nextIssue(list);
    const rendered = await this.render(list, { subject: next.subject, intro: next.intro, content: contentInOrder(next.items), date: this.dateOf(this.deps.clock()) });
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
  async draft(slug: string): Promise<NewsletterIssueRecord & { parsedItems: IssueItem[] }> {
    const list = await this.list(slug);
    const existing = await this.deps.store.newsletters.draftIssue(list.id);
    const draft =
      existing ??
      (await (async () => {
        const next = await this.nextIssue(list);
        return this.deps.store.newsletters.createIssue({ listId: list.id, subject: next.subject, intro: '', items: JSON.stringify(next.items), status: 'draft', coversUntil: next.coversUntil, now: this.deps.clock() });
      })());
    return { ...draft, parsedItems: JSON.parse(draft.items) as IssueItem[] };
  }

  /**
   * An editor's changes to the draft: its subject, introduction, and which stories it keeps in which
   * order (`keep`: article ids, first is the lead; ids not in the draft are ignored).
   */
  async updateDraft(slug: string, changes: { subject: string; intro: string; keep: readonly number[] }): Promise<void> {
    const draft = await this.draft(slug);
    const subject = changes.subject.trim();
    if (!subject || subject.length > 250) throw InvalidNewsletterList('The subject must be 1 to 250 characters');
    if (changes.intro.length > 2000) throw InvalidNewsletterList('The introduction must be at most 2,000 characters');
    const byId = new Map(draft.parsedItems.map((i) => [i.id, i]));
    const items = [...new Set(changes.keep)].map((id) => byId.get(id)).filter((i): i is IssueItem => i !== undefined);
    if (!items.length) throw InvalidNewsletterList('Keep at least one story');
    await this.deps.store.newsletters.updateDraft(draft.id, { subject, intro: changes.intro.trim(), items: JSON.stringify(items) });
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
  private async render(list: NewsletterList, issue: { subject: string; intro: string; content: IssueContent; date: string }): Promise<RenderedIssue> {
    const site = this.deps.site();
    return renderIssueEmail({ siteTitle: site.title, siteUrl: site.url, listName: list.name, subject: issue.subject, intro: issue.intro, content: issue.content, webUrl: `${site.url}/newsletters/${list.slug}/${issue.date}` });
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
    const handler = await this.handler(list, issue, { html: issue.html, text: issue.text });
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

  private async handler(list: NewsletterList, issue: NewsletterIssueRecord, rendered: RenderedIssue): Promise<OutboxHandler> {
    const { store, clock } = this.deps;
    const secret = await this.secret();
    const site = this.deps.site();
    const host = new URL(site.url).hostname;
    return {
      prepare: async (rows: readonly OutboxRow[]) => {
        const receiving = await store.newsletters.stillReceiving(list.id, rows.map((r) => r.readerId));
        return (row: OutboxRow): MailMessage | null => {
          if (!receiving.has(row.readerId)) return null;
          const unsubscribeUrl = `${site.url}/newsletters/unsubscribe?t=${unsubscribeToken(secret, row.readerId, list.id)}`;
          const own = personalise(rendered, unsubscribeUrl);
          return {
            to: row.email,
            subject: issue.subject,
            html: own.html,
            text: own.text,
            headers: {
              'List-Unsubscribe': `<${unsubscribeUrl}>`,
              // RFC 8058: the mailbox provider's one-click button POSTs `List-Unsubscribe=One-Click` to the URL above.
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              'List-Id': `<${list.slug}.${host}>`,
            },
          };
        };
      },
      bounced: async (row) => {
        const now = clock();
        await store.newsletters.end(list.id, row.readerId, 'bounced', now);
        await store.readers.recordHardBounce(row.readerId, now, HARD_BOUNCE_LIMIT);
      },
    };
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
   * A sign-up from the site (double opt-in) to one or several lists: the reader is made pending (an
   * existing one is left as it is) and one confirmation link for all the chosen lists is mailed;
   * nothing is sent until it is followed. The answer is the same whether or not the address is
   * known, subscribed or suppressed (no enumeration); a suppressed address gets no mail at all.
   * Limited per client address and per address (hashed), in the database, so every node counts alike
   * and nobody can use the form to flood one inbox from many addresses.
   */
  async requestSubscription(slugs: string | readonly string[], rawEmail: string, client = ''): Promise<void> {
    const email = rawEmail.trim();
    if (email.length > 254 || !EMAIL.test(email)) throw InvalidSignUp('Give a valid email address.');
    const wanted = [...new Set(typeof slugs === 'string' ? [slugs] : slugs)];
    if (!wanted.length) throw InvalidSignUp('Choose at least one newsletter.');
    if (wanted.length > MAX_SIGN_UP_LISTS) throw InvalidSignUp(`Choose at most ${MAX_SIGN_UP_LISTS} newsletters.`);
    const lists = await Promise.all(wanted.map((slug) => this.list(slug)));
    const now = this.deps.clock();
    const access = this.deps.store.readerAccess;
    const hashed = createHash('sha256').update(email.toLowerCase()).digest('base64url');
    const overIp = (await access.hit(`newsletter-ip:${client}`, now, SIGN_UP_LIMITS.windowMs)) > SIGN_UP_LIMITS.perIp;
    if (overIp || (await access.hit(`newsletter-email:${hashed}`, now, SIGN_UP_LIMITS.windowMs)) > SIGN_UP_LIMITS.perAddress) {
      throw SignUpRateLimited(`${Math.round(SIGN_UP_LIMITS.windowMs / 60_000)} minutes`);
    }
    const { reader } = await this.deps.store.readers.ensure({ email, status: 'pending', source: 'signup', now });
    if (reader.suppressedAt !== null) return;
    const site = this.deps.site();
    const names = lists.map((l) => l.name).join(', ');
    const url = `${site.url}/newsletters/confirm?t=${confirmToken(await this.secret(), reader.id, lists.map((l) => l.id), now + CONFIRM_LINK_MS)}`;
    const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    await this.deps.transport.send({
      to: reader.email,
      subject: `Confirm your subscription to ${names}`,
      text: `Someone, we hope you, asked to receive ${names} from ${site.title} at this address.\n\nConfirm: ${url}\n\nIf it was not you, ignore this message: nothing will be sent.\n`,
      html: `<p>Someone, we hope you, asked to receive ${esc(names)} from ${esc(site.title)} at this address.</p><p><a href="${esc(url)}">Confirm your subscription</a></p><p>If it was not you, ignore this message: nothing will be sent.</p>`,
    });
  }

  /** The lists a confirmation link is for (its page asks before confirming), or MH_INVALID_CONFIRM_LINK. */
  async confirmTarget(token: string): Promise<NewsletterList[]> {
    const claim = readConfirmToken(await this.secret(), token, this.deps.clock());
    const lists = claim ? (await Promise.all(claim.listIds.map((id) => this.deps.store.newsletters.listById(id)))).filter((l): l is NewsletterList => l !== undefined) : [];
    if (!lists.length) throw InvalidConfirmLink();
    return lists;
  }

  /** Follows a confirmation link: the address is confirmed and the reader subscribed to each list (again, if they had unsubscribed). */
  async confirmSubscription(token: string): Promise<{ lists: NewsletterList[] }> {
    const lists = await this.confirmTarget(token);
    const claim = readConfirmToken(await this.secret(), token, this.deps.clock())!;
    if (!(await this.deps.store.readers.byId(claim.readerId))) throw InvalidConfirmLink();
    const now = this.deps.clock();
    await this.deps.store.transaction(async (repos) => {
      await repos.readers.confirm(claim.readerId, now);
      for (const list of lists) {
        const sub = await repos.newsletters.subscribe(list.id, claim.readerId, 'signup', now);
        if (!sub.created && sub.status === 'unsubscribed') await repos.newsletters.resubscribe(list.id, claim.readerId, now);
      }
    });
    return { lists };
  }

  /** Every list and whether the reader receives it (the account page). */
  async readerLists(readerId: number): Promise<{ slug: string; name: string; description: string; status: 'active' | 'unsubscribed' | 'bounced' | 'none' }[]> {
    const lists = await this.deps.store.newsletters.lists();
    const mine = await this.deps.store.newsletters.subscriptionsOf(readerId);
    return lists.map((l) => ({ slug: l.slug, name: l.name, description: l.description, status: mine.get(l.id) ?? 'none' }));
  }

  /**
   * A signed-in reader's toggle on the account page. Their address is confirmed (they signed in by a
   * link sent to it), so subscribing needs no second opt-in; a bounced subscription stays bounced
   * (the address did not take mail: the reader must fix that first, and suppression is never undone).
   */
  async setSubscription(readerId: number, slug: string, on: boolean): Promise<void> {
    const list = await this.list(slug);
    const now = this.deps.clock();
    if (!on) {
      await this.deps.store.newsletters.end(list.id, readerId, 'unsubscribed', now);
      return;
    }
    const sub = await this.deps.store.newsletters.subscribe(list.id, readerId, 'signup', now);
    if (!sub.created && sub.status === 'unsubscribed') await this.deps.store.newsletters.resubscribe(list.id, readerId, now);
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
    return { list, id: issue.id, subject: issue.subject, intro: issue.intro, date, sentAt: issue.sentAt, content: contentInOrder(JSON.parse(issue.items) as IssueItem[]) };
  }

  /** yyyy-mm-dd in the site's zone. */
  private dateOf(ms: number): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.deps.timeZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  }
}
