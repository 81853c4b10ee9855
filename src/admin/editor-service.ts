import { type ArticleStatus, slugify } from '../domain/index.ts';
import { mediaUrl } from '../media/index.ts';
import { type ArticleInput, ArticleNotFound, inputFor, type PublishPipeline } from '../publish/index.ts';
import type { AdminArticleFilter, AdminArticleRow, ArticleRow, Store, UserRecord } from '../store/index.ts';
import { type ArticleFormValues, type FieldErrors, splitList, validateForm } from './article-form.ts';
import { companyByNameOrSlug } from './company-lookup.ts';
import { Forbidden } from './errors.ts';
import { MEDIA_MAX_WIDTH } from './media-service.ts';
import { diffRevision, type FieldDiff } from './revision-diff.ts';
import { epochToZoned, zonedToEpoch } from './zoned-time.ts';

/** The editor's buttons: Save (keeps the status; a new article is a draft), Publish, Schedule, Unpublish. */
export type EditorAction = 'save' | 'publish' | 'schedule' | 'unpublish';
export const EDITOR_ACTIONS: readonly EditorAction[] = ['save', 'publish', 'schedule', 'unpublish'];

export interface EditorServiceDeps {
  readonly store: Store;
  readonly pipeline: PublishPipeline;
  readonly clock: () => number;
  readonly timeZone: string;
  /** A site's own time zone (several sites); absent: `timeZone` for every article. */
  readonly zoneOf?: (siteId: number) => string;
}

/** An article as the editor shows it. */
export interface EditableArticle {
  readonly id: number;
  readonly slug: string;
  readonly status: ArticleStatus;
  readonly publishedAt: number | null;
  readonly bodyFormat: string;
  readonly values: ArticleFormValues;
  /** Its home site, and the other sites it also appears on. */
  readonly siteId: number;
  readonly alsoOn: readonly number[];
}

/**
 * Where an article is published, as the editor chose it: `siteId`, the home of a new article (the
 * admin's current site); `alsoOn`, the other sites it also appears on. Absent (one site): as before.
 */
export interface SiteChoice {
  readonly siteId?: number | undefined;
  readonly alsoOn?: readonly number[] | undefined;
}

export type SubmitResult = { readonly ok: true; readonly id: number; readonly slug: string } | { readonly ok: false; readonly errors: FieldErrors };

/**
 * What a background save did: saved (a new article is now draft `id`), refused by validation
 * (nothing written), or skipped because the article is live or scheduled — an autosave must never
 * change what readers see, so those change only through Update or Schedule.
 */
export type AutosaveResult =
  | { readonly state: 'saved'; readonly id: number; readonly slug: string }
  | { readonly state: 'invalid'; readonly errors: FieldErrors }
  | { readonly state: 'live'; readonly status: ArticleStatus };

/** One revision compared with the current text or the revision before it. */
export interface RevisionComparison {
  readonly revision: { readonly id: number; readonly at: number; readonly author: string | null };
  /** What it is compared with: the current article, the previous revision, or nothing (the first revision). */
  readonly against: 'current' | 'previous';
  readonly base: { readonly at: number } | null;
  readonly fields: readonly FieldDiff[];
}

const PAST: Record<EditorAction, string> = { save: 'update', publish: 'publish', schedule: 'schedule', unpublish: 'unpublish' };

/**
 * The editor's rules over the publish pipeline (the only writer): role rules (contributors create
 * and edit only their own drafts and never publish), field validation, slugs kept once published,
 * revisions and restore. Every change is written to the audit log.
 */
export class EditorService {
  constructor(private readonly deps: EditorServiceDeps) {}

  /** The admin's article list as `user` may see it: a contributor sees only their own articles (never others' drafts). */
  list(filter: AdminArticleFilter, page: number, perPage: number, user: UserRecord): Promise<{ total: number; items: AdminArticleRow[] }> {
    const own = user.role === 'contributor' ? { ownerId: user.id } : {};
    // A user limited to some sites lists only their articles, whatever site the filter names.
    const limited = user.sites;
    const siteIds = limited ? (filter.siteIds ?? limited).filter((id) => limited.includes(id)) : filter.siteIds;
    return this.deps.store.adminArticles.list({ ...filter, ...own, siteIds }, perPage, (page - 1) * perPage);
  }

  /**
   * The article list's filters resolved: the sections of the sites in `scope` (each site has its
   * own; every site's without a scope), and the author and the company typed by name or slug
   * (undefined when there is none of that name).
   */
  async listFilters(scope: readonly number[] | undefined, names: { readonly author: string; readonly company: string }) {
    const { taxonomy, companies } = this.deps.store;
    const [sections, author, company] = await Promise.all([
      taxonomy.sections(scope?.length === 1 ? scope[0] : undefined),
      names.author ? taxonomy.authorBySlug(slugify(names.author)) : undefined,
      names.company ? companies.byName(names.company, 1).then(async (named) => named[0] ?? (await companies.bySlug(slugify(names.company)))) : undefined,
    ]);
    return { sections: sections.filter((s) => !scope || scope.includes(s.site_id)), author, company };
  }

  /**
   * What the preview of an unsaved form shows of the stored things it names: the library image
   * (by id) and the sponsor (by slug, else by name); undefined when there is none.
   */
  async previewRefs(leadImage: string, sponsor: string) {
    const { companies } = this.deps.store;
    const [image, company] = await Promise.all([
      /^\d+$/.test(leadImage) ? this.libraryImage(Number(leadImage)) : undefined,
      sponsor ? companies.bySlug(sponsor).then(async (row) => row ?? (await companies.byName(sponsor, 1))[0]) : undefined,
    ]);
    return { image, sponsor: company && { id: Number(company.id), sourceId: company.source_id, slug: company.slug, name: company.name } };
  }

  /** May this user change the article (any edit at all)? */
  async canEdit(user: UserRecord, row: ArticleRow): Promise<boolean> {
    if (user.role !== 'contributor') return true;
    return row.status === 'draft' && (await this.deps.store.articleOwners.ownerOf(Number(row.id))) === user.id;
  }

  async load(id: number, user: UserRecord): Promise<EditableArticle> {
    const row = await this.editable(id, user, 'edit this article');
    const input = await inputFor(this.deps.store, row);
    return {
      id,
      siteId: Number(row.site_id),
      alsoOn: await this.deps.store.sites.crossPublished(id),
      slug: row.slug,
      status: row.status,
      publishedAt: row.published_at === null ? null : Number(row.published_at),
      bodyFormat: row.body_format,
      values: {
        headline: input.headline,
        standfirst: input.standfirst ?? '',
        body: input.body,
        section: input.section ?? '',
        tags: (input.tags ?? []).join(', '),
        authors: (input.authors ?? []).join(', '),
        slug: row.slug,
        scheduleAt: row.status === 'scheduled' && row.published_at !== null ? epochToZoned(Number(row.published_at), this.zone(Number(row.site_id))) : '',
        leadImage: row.lead_image_url ? (/^\/media\/(\d+)\//.exec(row.lead_image_url)?.[1] ?? 'keep') : '',
        caption: row.lead_image_caption ?? '',
        credit: row.lead_image_credit ?? '',
        sponsor: row.sponsor_company_id === null ? '' : ((await this.deps.store.companies.byId(Number(row.sponsor_company_id)))?.name ?? ''),
      },
    };
  }

  /** Validates and saves through the pipeline; `id` undefined creates an article. */
  submit(id: number | undefined, values: ArticleFormValues, action: EditorAction, user: UserRecord, sites: SiteChoice = {}): Promise<SubmitResult> {
    return this.write(id, values, action, user, false, sites);
  }

  /**
   * The editor's background save: Save draft without the button, for drafts only (a new article
   * becomes a draft). Consecutive autosaves by one person fold into one revision; only the one
   * that creates an article is audited (the revision, with its author, records the rest).
   */
  async autosave(id: number | undefined, values: ArticleFormValues, user: UserRecord, sites: SiteChoice = {}): Promise<AutosaveResult> {
    if (id !== undefined) {
      const row = await this.editable(id, user, 'edit this article');
      if (row.status !== 'draft') return { state: 'live', status: row.status };
    }
    const result = await this.write(id, values, 'save', user, true, sites);
    return result.ok ? { state: 'saved', id: result.id, slug: result.slug } : { state: 'invalid', errors: result.errors };
  }

  private async write(id: number | undefined, values: ArticleFormValues, action: EditorAction, user: UserRecord, autosave: boolean, sites: SiteChoice): Promise<SubmitResult> {
    const { store, pipeline, clock } = this.deps;
    if (user.role === 'contributor' && action !== 'save') throw Forbidden(`${PAST[action]} articles`);
    if (id === undefined && sites.siteId !== undefined && user.sites && !user.sites.includes(sites.siteId)) throw Forbidden('write for that site');
    const previous = id === undefined ? undefined : await this.editable(id, user, 'edit this article');
    // Schedules are in the time zone of the article's home site.
    const timeZone = this.zone(previous ? Number(previous.site_id) : sites.siteId);
    const now = clock();
    const errors = validateForm(values, { scheduling: action === 'schedule', now, timeZone });
    if (!errors.leadImage && /^\d+$/.test(values.leadImage) && !(await store.media.byId(Number(values.leadImage)))) {
      errors.leadImage = 'That image is no longer in the media library.';
    }
    const sponsor = errors.sponsor ? undefined : await this.sponsor(values.sponsor, previous);
    if (sponsor && 'error' in sponsor) errors.sponsor = sponsor.error;
    if (Object.keys(errors).length || !sponsor || 'error' in sponsor) return { ok: false, errors };

    const base: Partial<ArticleInput> = previous ? await inputFor(store, previous) : {};
    const status: ArticleStatus =
      action === 'publish' ? 'published' : action === 'schedule' ? 'scheduled' : action === 'unpublish' ? 'draft' : (previous?.status ?? 'draft');
    const publishedAt =
      action === 'schedule'
        ? zonedToEpoch(values.scheduleAt, timeZone)!
        : action === 'publish' && previous?.status !== 'published'
          ? now
          : (previous?.published_at ?? null);
    // The slug follows the headline until the editor changes it, and never changes once published.
    const slugEdited = values.slug !== '' && values.slug !== previous?.slug;
    const input: ArticleInput = {
      ...base,
      headline: values.headline,
      standfirst: values.standfirst,
      body: values.body,
      section: values.section || null,
      tags: splitList(values.tags),
      authors: splitList(values.authors),
      status,
      publishedAt: publishedAt === null ? null : Number(publishedAt),
      slug: previous?.status === 'published' ? previous.slug : slugEdited ? values.slug : undefined,
      leadImage: await this.leadImage(values, base.leadImage ?? null),
      sponsor: sponsor.id === null ? null : { companyId: sponsor.id },
      ...(previous || sites.siteId === undefined ? {} : { siteId: sites.siteId }),
      ...(sites.alsoOn === undefined ? {} : { alsoOn: await this.alsoOn(sites.alsoOn, previous, user) }),
    };
    // Owner and audit entry are written in the save's own transaction: all of it or none.
    const result = await pipeline.save(input, id, { author: user.email, autosave }, async (repos, saved) => {
      if (!previous) await repos.articleOwners.set(saved.id, user.id);
      if (autosave ? !previous : saved.outcome !== 'unchanged' || action !== 'save') {
        const verb = previous ? PAST[action] : action === 'save' ? 'create' : PAST[action];
        await repos.operations.audit({ at: now, actor: user.email, action: `article.${verb}`, subject: `article:${saved.id}`, details: { slug: saved.slug, status } });
      }
    });
    return { ok: true, id: result.id, slug: result.slug };
  }

  async revisions(id: number, user: UserRecord) {
    await this.editable(id, user, 'see this article');
    return (await this.deps.store.revisions.list(id)).map((r) => ({ id: Number(r.id), at: Number(r.created_at), headline: r.headline, note: r.note, author: r.author }));
  }

  /** Revision `revisionId` against the article as it is now, or against the revision before it. */
  async compare(id: number, revisionId: number, against: 'current' | 'previous', user: UserRecord): Promise<RevisionComparison> {
    const row = await this.editable(id, user, 'see this article');
    const list = await this.deps.store.revisions.list(id);
    const i = list.findIndex((r) => Number(r.id) === revisionId);
    if (i < 0) throw ArticleNotFound(`${id} revision ${revisionId}`);
    const rev = list[i]!;
    const revision = { id: revisionId, at: Number(rev.created_at), author: rev.author };
    if (against === 'current') return { revision, against, base: { at: Number(row.updated_at) }, fields: diffRevision(rev, row) };
    // Newest first: the previous revision is the next one down; the first revision is all added.
    const prev = list[i + 1];
    return { revision, against, base: prev ? { at: Number(prev.created_at) } : null, fields: diffRevision(prev ?? { headline: '', standfirst: '', body: '' }, rev) };
  }

  /** Puts an old revision's headline, standfirst and body back (a new revision; status unchanged). */
  async restore(id: number, revisionId: number, user: UserRecord): Promise<void> {
    const { store, pipeline, clock } = this.deps;
    const row = await this.editable(id, user, 'edit this article');
    const rev = (await store.revisions.list(id)).find((r) => Number(r.id) === revisionId);
    if (!rev) throw ArticleNotFound(`${id} revision ${revisionId}`);
    const input = await inputFor(store, row);
    await pipeline.save({ ...input, headline: rev.headline, standfirst: rev.standfirst, body: rev.body }, id, { author: user.email });
    await store.operations.audit({ at: clock(), actor: user.email, action: 'article.restore', subject: `article:${id}`, details: { revision: revisionId } });
  }

  /** The time zone an article of this site is scheduled in. */
  zone(siteId: number | undefined): string {
    return siteId !== undefined && this.deps.zoneOf ? this.deps.zoneOf(siteId) : this.deps.timeZone;
  }

  /** The lead image the form names: a library image (its alt text comes along), the imported one kept, or none. */
  private async leadImage(values: ArticleFormValues, current: ArticleInput['leadImage']): Promise<ArticleInput['leadImage']> {
    const extra = { caption: values.caption, credit: values.credit };
    if (values.leadImage === 'keep') return current ? { ...current, ...extra } : null;
    if (!values.leadImage) return null;
    const image = await this.libraryImage(Number(values.leadImage));
    return image ? { ...image, ...extra } : null;
  }

  /** A media library image at the width an article's lead image is served, with its alt text. */
  private async libraryImage(id: number): Promise<{ url: string; alt: string } | undefined> {
    const m = await this.deps.store.media.byId(id);
    return m && { url: mediaUrl(m.id, Math.min(m.width, MEDIA_MAX_WIDTH), m.format), alt: m.alt };
  }

  /**
   * The sponsor the form names, by slug or (any case) name; the current sponsor's name keeps it
   * even when another company shares that name.
   */
  private async sponsor(text: string, previous: ArticleRow | undefined): Promise<{ id: number | null } | { error: string }> {
    if (!text) return { id: null };
    const { companies } = this.deps.store;
    if (previous?.sponsor_company_id != null) {
      const current = await companies.byId(Number(previous.sponsor_company_id));
      if (current?.name === text) return { id: Number(current.id) };
    }
    const found = await companyByNameOrSlug(companies, text);
    return 'error' in found ? found : { id: Number(found.row.id) };
  }

  /**
   * The other sites an article appears on after this save: what the form chose among the sites
   * this user works on, and (for a user limited to some sites) whatever it had on the others, which
   * they neither see nor change.
   */
  private async alsoOn(chosen: readonly number[], previous: ArticleRow | undefined, user: UserRecord): Promise<number[]> {
    const limited = user.sites;
    if (!limited) return [...chosen];
    const kept = previous ? (await this.deps.store.sites.crossPublished(Number(previous.id))).filter((s) => !limited.includes(s)) : [];
    return [...chosen.filter((s) => limited.includes(s)), ...kept];
  }

  /** An article this user may open: another site's (for a user limited to some sites) is not found, as if it did not exist. */
  private async editable(id: number, user: UserRecord, what: string): Promise<ArticleRow> {
    const row = await this.deps.store.articles.findById(id);
    if (!row || (user.sites && !user.sites.includes(Number(row.site_id)))) throw ArticleNotFound(String(id));
    if (!(await this.canEdit(user, row))) throw Forbidden(what);
    return row;
  }
}
