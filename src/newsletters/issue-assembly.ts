import { NEWS_FRESHNESS_MS } from '../domain/index.ts';
import type { MailTransport, SendOutcome } from '../mail/index.ts';
import type { ArticleFilter, ArticleSummary, NewsletterIssueRecord, NewsletterList, Repositories, Store } from '../store/index.ts';
import { EmptyDraft, InvalidNewsletterList, NothingToSend } from './errors.ts';
import { arrangeIssue, contentInOrder, type IssueContent, type IssueItem, issueItem, MAX_ISSUE_ITEMS } from './issue-content.ts';
import { personalise, type RenderedIssue, renderIssueEmail } from './issue-email.ts';
import { type IssueSponsor, parseSponsor, type SponsorOffer, sponsorJson } from './issue-sponsor.ts';

/** A first issue (no issue before it) carries the newest articles, this many at most. */
export const FIRST_ISSUE_ITEMS = 10;

/** The catalog's read of published articles (the same read the site's lists use). */
export interface IssueCatalog {
  listing(kind: 'all', title: string, description: string, path: string, filter: ArticleFilter, page: number, perPage?: number): Promise<{ items: readonly ArticleSummary[] }>;
}

/** The site a list belongs to, as its issues need it: its public URL (primary host), title, zone and articles. */
export interface ListSite {
  readonly url: string;
  readonly title: string;
  readonly timeZone: string;
  readonly catalog: IssueCatalog;
}

export interface IssueAssemblyDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'articles' | 'newsletters'>;
  readonly transport: MailTransport;
  readonly clock: () => number;
  /** The list's site (the first site's URL, title, zone and whole catalog with one site). */
  readonly siteOf: (list: NewsletterList) => ListSite;
  /** The live creatives of the advertising `newsletter` slot that run on a site (its own and every-site campaigns). */
  readonly sponsors?: (siteId: number) => Promise<readonly SponsorOffer[]>;
}

/** An editor's changes to a draft (see `IssueAssembly.updateDraft`). */
export interface DraftChanges {
  readonly subject: string;
  readonly intro: string;
  readonly keep: readonly number[];
  readonly add?: string | undefined;
  readonly sponsor?: number | null | undefined;
}

/** A draft as the composer shows it: its stories and sponsor parsed. */
export type IssueDraft = NewsletterIssueRecord & { parsedItems: IssueItem[]; parsedSponsor: IssueSponsor | null };

const withParsed = (draft: NewsletterIssueRecord): IssueDraft => ({ ...draft, parsedItems: JSON.parse(draft.items) as IssueItem[], parsedSponsor: parseSponsor(draft.sponsor) });

interface NextIssue {
  readonly draftId: number | null;
  readonly items: IssueItem[];
  readonly subject: string;
  readonly intro: string;
  readonly coversUntil: number;
  readonly sponsor: IssueSponsor | null;
}

/**
 * Issue assembly: the articles published since the list's last issue arranged into an issue (or
 * the editor's draft of it), its email rendered once, and the issue queued to the list's
 * subscribers; the previews and tests an editor asks for on the way.
 */
export class IssueAssembly {
  constructor(private readonly deps: IssueAssemblyDeps) {}

  /**
   * The issue to send now: the list's unfinished issue when a send was interrupted (it resumes, no
   * new issue), otherwise a new one assembled from the articles published since the last issue,
   * rendered and queued to every active subscriber in one transaction.
   */
  async startIssue(list: NewsletterList, occurrence?: number): Promise<{ issue: NewsletterIssueRecord; resumed: boolean }> {
    const { store } = this.deps;
    const unfinished = await store.newsletters.sendingIssue(list.id);
    if (unfinished) return { issue: unfinished, resumed: true };
    const next = await this.nextIssue(list);
    if (!next.items.length) throw next.draftId === null ? NothingToSend(list.slug) : EmptyDraft(list.slug);
    const now = this.deps.clock();
    const issueDate = this.dateOf(list, now);
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

  /**
   * The list's next issue: its draft when an editor made one, else assembled now from the articles
   * since the last issue (no stories when none was published since: the caller decides whether an
   * empty issue is an error, as a send, or a start, as a draft the editor fills by hand).
   */
  private async nextIssue(list: NewsletterList): Promise<NextIssue> {
    const draft = await this.deps.store.newsletters.draftIssue(list.id);
    if (draft) return { draftId: draft.id, items: JSON.parse(draft.items) as IssueItem[], subject: draft.subject, intro: draft.intro, coversUntil: draft.coversUntil, sponsor: parseSponsor(draft.sponsor) };
    const now = this.deps.clock();
    const previous = await this.deps.store.newsletters.latestIssue(list.id);
    // Since the last issue: published after it, or stored after it though dated up to two days
    // before (a wire story imported late); older stories stored since are an archive import.
    const filter: ArticleFilter = previous
      ? { from: previous.coversUntil + 1, to: now + 1, lateArrivals: { storedFrom: previous.coversUntil + 1, publishedFrom: previous.coversUntil - NEWS_FRESHNESS_MS } }
      : { to: now + 1 };
    const site = this.deps.siteOf(list);
    const { items } = await site.catalog.listing('all', '', '', '/news', filter, 1, previous ? MAX_ISSUE_ITEMS : FIRST_ISSUE_ITEMS);
    const arranged = arrangeIssue(items.map((a) => issueItem(site.url, a)));
    const ordered = [arranged.lead, ...arranged.sections.flatMap((s) => s.items)].filter((i): i is IssueItem => i !== null);
    const offer = [...(await this.sponsorOffers(list.siteId))].sort((a, b) => b.weight - a.weight || a.creativeId - b.creativeId)[0];
    const sponsor = offer ? { creativeId: offer.creativeId, advertiser: offer.advertiser, alt: offer.alt } : null;
    const subject = arranged.lead ? `${list.name}: ${arranged.lead.headline}` : list.name;
    return { draftId: null, items: ordered, subject: subject.slice(0, 250), intro: '', coversUntil: now, sponsor };
  }

  /** The creatives that may take the sponsor slot now (none when advertising is not wired). */
  sponsorOffers(siteId: number): Promise<readonly SponsorOffer[]> {
    return this.deps.sponsors?.(siteId) ?? Promise.resolve([]);
  }

  /** The next issue's email, rendered as it would be sent now (the unsubscribe link inert). */
  async renderNext(list: NewsletterList): Promise<{ subject: string; html: string; text: string }> {
    const next = await this.nextIssue(list);
    const rendered = await this.render(list, { subject: next.subject, intro: next.intro, content: contentInOrder(next.items), date: this.dateOf(list, this.deps.clock()), sponsor: next.sponsor });
    return { subject: next.subject, ...personalise(rendered, '#unsubscribe') };
  }

  /** Sends the next issue's preview to one address (an editor's test), outside the outbox and the subscriber list. */
  async sendTest(list: NewsletterList, to: string): Promise<SendOutcome> {
    const next = await this.renderNext(list);
    return this.deps.transport.send({ to, subject: `[Test] ${next.subject}`, html: next.html, text: next.text });
  }

  /**
   * The list's draft for an editor to compose: the existing one, or one assembled now. When nothing
   * was published since the last issue it is an empty draft, not stored (a scheduled send then still
   * assembles its own issue): saving it stores it.
   */
  async draft(list: NewsletterList): Promise<IssueDraft> {
    return withParsed((await this.deps.store.newsletters.draftIssue(list.id)) ?? (await this.newDraft(list, false)));
  }

  /** A draft assembled now, stored unless it is empty and `storeEmpty` is false. */
  private async newDraft(list: NewsletterList, storeEmpty: boolean): Promise<NewsletterIssueRecord> {
    const next = await this.nextIssue(list);
    const now = this.deps.clock();
    const fields = { listId: list.id, subject: next.subject, intro: '', items: JSON.stringify(next.items), status: 'draft' as const, coversUntil: next.coversUntil, now, sponsor: sponsorJson(next.sponsor) };
    if (next.items.length || storeEmpty) return this.deps.store.newsletters.createIssue(fields);
    return { ...fields, id: 0, html: null, text: null, createdAt: now, sentAt: null, issueDate: null, sponsor: fields.sponsor, scheduledFor: null };
  }

  /**
   * An editor's changes to the draft: its subject, introduction, which stories it keeps in which
   * order (`keep`: article ids, first is the lead; ids not in the draft are ignored), a published
   * story to add at the end (`add`: its address on the site or its slug), and the sponsor slot
   * (`sponsor`: a creative id among the current offers, or the draft's own; null empties it;
   * undefined leaves it).
   */
  async updateDraft(list: NewsletterList, changes: DraftChanges): Promise<void> {
    const draft = withParsed((await this.deps.store.newsletters.draftIssue(list.id)) ?? (await this.newDraft(list, true)));
    const subject = changes.subject.trim();
    if (!subject || subject.length > 250) throw InvalidNewsletterList('The subject must be 1 to 250 characters');
    if (changes.intro.length > 2000) throw InvalidNewsletterList('The introduction must be at most 2,000 characters');
    const byId = new Map(draft.parsedItems.map((i) => [i.id, i]));
    const items = [...new Set(changes.keep)].map((id) => byId.get(id)).filter((i): i is IssueItem => i !== undefined);
    const added = changes.add?.trim() ? await this.storyToAdd(list, changes.add.trim()) : undefined;
    if (added && !items.some((i) => i.id === added.id)) {
      if (items.length >= MAX_ISSUE_ITEMS) throw InvalidNewsletterList(`An issue holds at most ${MAX_ISSUE_ITEMS} stories`);
      items.push(added);
    }
    // A draft may be saved with no story (the editor's introduction is kept); it is not sent so.
    let sponsor = draft.parsedSponsor;
    if (changes.sponsor === null) sponsor = null;
    else if (changes.sponsor !== undefined && changes.sponsor !== draft.parsedSponsor?.creativeId) {
      const offer = (await this.sponsorOffers(list.siteId)).find((o) => o.creativeId === changes.sponsor);
      if (!offer) throw InvalidNewsletterList('That sponsor is not running in the newsletter slot now');
      sponsor = { creativeId: offer.creativeId, advertiser: offer.advertiser, alt: offer.alt };
    }
    await this.deps.store.newsletters.updateDraft(draft.id, { subject, intro: changes.intro.trim(), items: JSON.stringify(items), sponsor: sponsorJson(sponsor) });
  }

  /** A published article named by its address on this site (`…/news/<slug>`) or its slug. */
  private async storyToAdd(list: NewsletterList, ref: string): Promise<IssueItem> {
    const slug = decodeURIComponent(/\/news\/([^/?#]+)/.exec(ref)?.[1] ?? ref).trim();
    const found = slug.length <= 300 ? await this.deps.store.articles.findBySlug(slug) : undefined;
    // Only a story on the list's site (its home or cross-published there): another title's is not
    // this list's to send, and is refused like an unknown one (its headline is not revealed).
    const row = found && (await this.deps.store.articles.isOnSite(Number(found.id), list.siteId)) ? found : undefined;
    const [summary] = row ? await this.deps.store.articles.summariesByIds([Number(row.id)]) : [];
    if (!summary) throw InvalidNewsletterList(`No published story "${ref.slice(0, 120)}": give its address on the site or its slug`);
    return issueItem(this.deps.siteOf(list).url, summary);
  }

  /** The issue's email, rendered once (the web version link names the archive date). */
  private async render(list: NewsletterList, issue: { subject: string; intro: string; content: IssueContent; date: string; sponsor: IssueSponsor | null }): Promise<RenderedIssue> {
    const site = this.deps.siteOf(list);
    const sponsor = issue.sponsor && { advertiser: issue.sponsor.advertiser, alt: issue.sponsor.alt, imageUrl: `${site.url}/ads/i/${issue.sponsor.creativeId}`, clickUrl: `${site.url}/ads/c/${issue.sponsor.creativeId}` };
    return renderIssueEmail({ siteTitle: site.title, siteUrl: site.url, listName: list.name, subject: issue.subject, intro: issue.intro, content: issue.content, webUrl: `${site.url}/newsletters/${list.slug}/${issue.date}`, sponsor });
  }

  /** yyyy-mm-dd in the list's site's zone. */
  private dateOf(list: NewsletterList, ms: number): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.deps.siteOf(list).timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  }
}
