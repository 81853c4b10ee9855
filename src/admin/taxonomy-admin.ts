import { slugify } from '../domain/index.ts';
import type { Repositories, Store, TermKind, TermSponsorship, TermUsage, UserRecord } from '../store/index.ts';
import { companyByNameOrSlug } from './company-lookup.ts';
import { Forbidden, TermInUse, TermNotFound } from './errors.ts';
import { zonedToEpoch } from './zoned-time.ts';

export interface TaxonomyAdminDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'companies' | 'sponsorships' | 'terms'>;
  readonly clock: () => number;
  /** The site's time zone (read on each call): a sponsorship runs from midnight to midnight there. */
  readonly timeZone: string;
}

/** A sponsorship as the form posts it: the company by name or slug, the first and last days (YYYY-MM-DD). */
export interface SponsorshipForm {
  readonly company: string;
  readonly starts: string;
  readonly ends: string;
}

export type SponsorshipErrors = Partial<Record<'company' | 'starts' | 'ends', string>>;

export interface TermForm {
  readonly name: string;
  readonly slug: string;
  /** Sections only. */
  readonly description: string;
}

export type TermErrors = Partial<Record<'name' | 'slug' | 'description' | 'into', string>>;

const SINGULAR: Record<TermKind, 'section' | 'tag'> = { sections: 'section', tags: 'tag' };
/** Name lengths the article editor allows (src/admin/article-form.ts), so a renamed term still fits. */
const NAME_MAX: Record<TermKind, number> = { sections: 80, tags: 60 };
const DESCRIPTION_MAX = 500;
/** A list page and its feeds (src/web/feeds FEED_FILES): each old URL redirects to the new one. */
const LIST_SUFFIXES = ['', '/feed.xml', '/atom.xml', '/feed.json'] as const;

/**
 * Sections and tags for editors: list with article counts, rename, change the slug (the old URLs
 * redirect with 301), describe (sections), delete when unused, merge a tag into another (its
 * articles move, its URLs redirect). Each change is one transaction that bumps the content version
 * (every node's page cache follows) and writes the audit log.
 */
export class TaxonomyAdminService {
  constructor(private readonly deps: TaxonomyAdminDeps) {}

  /** `siteId`: the admin's current site, whose terms are listed (undefined with one site: all of them). */
  list(kind: TermKind, opts: { q?: string | undefined; sort: 'name' | 'articles'; page: number; perPage: number; siteId?: number | undefined }, user: UserRecord) {
    editorOnly(user);
    if (user.sites && opts.siteId !== undefined && !user.sites.includes(opts.siteId)) throw Forbidden('work on that site');
    const siteIds = opts.siteId !== undefined ? [opts.siteId] : user.sites;
    return this.deps.store.terms.list(kind, { q: opts.q, sort: opts.sort, limit: opts.perPage, offset: (opts.page - 1) * opts.perPage, siteIds });
  }

  /** A term by id; for a user limited to some sites, only one of theirs (another site's is not found). */
  async get(kind: TermKind, id: number, user: UserRecord): Promise<TermUsage> {
    editorOnly(user);
    const term = await this.deps.store.terms.byId(kind, id, user.sites);
    if (!term) throw TermNotFound(SINGULAR[kind], id);
    return term;
  }

  /** Renames, re-slugs and (sections) describes; returns errors by field instead when the form is wrong. */
  async update(kind: TermKind, id: number, form: TermForm, user: UserRecord): Promise<TermErrors> {
    const term = await this.get(kind, id, user);
    const errors = await this.check(kind, id, form, term.siteId);
    if (Object.keys(errors).length) return errors;
    const name = clean(form.name);
    const description = kind === 'sections' ? form.description.trim() : undefined;
    await this.write(user, `${SINGULAR[kind]}.update`, `${SINGULAR[kind]}:${id}`, { from: { name: term.name, slug: term.slug }, name, slug: form.slug }, async (repos) => {
      await repos.terms.update(kind, id, { name, slug: form.slug, ...(description === undefined ? {} : { description }) });
      if (form.slug !== term.slug) await redirectList(repos, kind, term.slug, form.slug, this.deps.clock(), term.siteId);
    });
    return {};
  }

  async remove(kind: TermKind, id: number, user: UserRecord): Promise<void> {
    const term = await this.get(kind, id, user);
    await this.write(user, `${SINGULAR[kind]}.delete`, `${SINGULAR[kind]}:${id}`, { name: term.name, slug: term.slug }, async (repos) => {
      // Counted again inside the transaction: an article may have taken it since the page was shown.
      const now = await repos.terms.byId(kind, id);
      if (now && now.articles > 0) throw TermInUse(SINGULAR[kind], now.articles);
      await repos.terms.remove(kind, id);
    });
  }

  /**
   * Moves every article of one tag to another (named by name or slug), deletes it and redirects
   * its URLs; returns the kept tag's id, or the error to show next to the field.
   */
  async mergeTag(id: number, intoText: string, user: UserRecord): Promise<{ into: number } | { errors: TermErrors }> {
    const from = await this.get('tags', id, user);
    const into = intoText.trim() ? await this.findTag(intoText, from.siteId) : undefined;
    if (!into) return { errors: { into: intoText.trim() ? 'No tag with that name or slug.' : 'Name the tag to merge this one into.' } };
    if (into.id === id) return { errors: { into: 'Choose another tag: a tag cannot be merged into itself.' } };
    const details: Record<string, unknown> = { name: from.name, slug: from.slug, into: { id: into.id, slug: into.slug } };
    await this.write(user, 'tag.merge', `tag:${id}`, details, async (repos) => {
      details.articles = (await repos.terms.mergeTags(id, into.id)).length;
      await redirectList(repos, 'tags', from.slug, into.slug, this.deps.clock(), from.siteId);
    });
    return { into: into.id };
  }

  /** The section's or tag's sponsorship, whatever its period (past, running or to come). */
  async sponsorship(kind: TermKind, id: number, user: UserRecord): Promise<TermSponsorship | undefined> {
    await this.get(kind, id, user);
    return this.deps.store.sponsorships.ofTerm(SINGULAR[kind], id);
  }

  /**
   * Sponsors a section or tag from the first day's midnight to the end of the last day, in the
   * site's time zone (replacing any sponsorship it had); errors by field when the form is wrong.
   */
  async setSponsorship(kind: TermKind, id: number, form: SponsorshipForm, user: UserRecord): Promise<SponsorshipErrors> {
    const term = await this.get(kind, id, user);
    const errors: SponsorshipErrors = {};
    const found = form.company.trim() ? await companyByNameOrSlug(this.deps.store.companies, form.company.trim()) : { error: 'Name the sponsoring company.' };
    if ('error' in found) errors.company = found.error;
    const day = (text: string) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? zonedToEpoch(`${text}T00:00`, this.deps.timeZone) : undefined);
    const startsAt = day(form.starts);
    const lastDay = day(form.ends);
    if (startsAt === undefined) errors.starts = 'Pick the first day of the sponsorship.';
    if (lastDay === undefined) errors.ends = 'Pick the last day of the sponsorship.';
    else if (startsAt !== undefined && lastDay < startsAt) errors.ends = 'The last day cannot come before the first.';
    if (Object.keys(errors).length || 'error' in found || startsAt === undefined || lastDay === undefined) return errors;
    // The end is the next midnight: the last day is sponsored all day, whatever its length (DST).
    const endsAt = zonedToEpoch(nextDay(form.ends), this.deps.timeZone)!;
    const companyId = Number(found.row.id);
    const details = { name: term.name, company: { id: companyId, slug: found.row.slug }, startsAt, endsAt };
    await this.write(user, `${SINGULAR[kind]}.sponsor`, `${SINGULAR[kind]}:${id}`, details, (repos) =>
      repos.sponsorships.set({ kind: SINGULAR[kind], termId: id, companyId, startsAt, endsAt }, user.email, this.deps.clock()),
    );
    return {};
  }

  async clearSponsorship(kind: TermKind, id: number, user: UserRecord): Promise<void> {
    const term = await this.get(kind, id, user);
    await this.write(user, `${SINGULAR[kind]}.unsponsor`, `${SINGULAR[kind]}:${id}`, { name: term.name }, async (repos) => {
      await repos.sponsorships.clear(SINGULAR[kind], id);
    });
  }

  /** Within the site: by slug as typed, then by the slug its name makes ("Electric Vehicles" → electric-vehicles). */
  private async findTag(text: string, siteId: number) {
    const { terms } = this.deps.store;
    return (await terms.bySlug('tags', text.trim(), siteId)) ?? (await terms.bySlug('tags', slugify(text), siteId));
  }

  /** `siteId`: the term's site, within which its slug must be free. */
  private async check(kind: TermKind, id: number, form: TermForm, siteId: number): Promise<TermErrors> {
    const errors: TermErrors = {};
    const name = clean(form.name);
    const what = SINGULAR[kind];
    if (!name) errors.name = `Give the ${what} a name.`;
    else if (name.length > NAME_MAX[kind]) errors.name = `Keep the name to ${NAME_MAX[kind]} characters or fewer.`;
    else if (!/[\p{L}\p{N}]/u.test(name)) errors.name = 'A name needs at least one letter or digit.';
    if (!/^[a-z0-9-]{1,100}$/.test(form.slug)) errors.slug = 'Use 1 to 100 lower-case letters, digits and hyphens.';
    else if (!/[a-z0-9]/.test(form.slug)) errors.slug = 'A slug needs at least one letter or digit.';
    else {
      const other = await this.deps.store.terms.bySlug(kind, form.slug, siteId);
      if (other && other.id !== id) errors.slug = `Another ${what} (“${other.name}”) uses this slug.`;
    }
    if (kind === 'sections' && form.description.trim().length > DESCRIPTION_MAX) errors.description = `Keep the description to ${DESCRIPTION_MAX} characters or fewer.`;
    return errors;
  }

  private async write(user: UserRecord, action: string, subject: string, details: Record<string, unknown>, work: (repos: Repositories) => Promise<void>): Promise<void> {
    const { store, clock } = this.deps;
    await store.transaction(async (repos) => {
      await work(repos);
      await repos.state.bumpContentVersion();
      await repos.operations.audit({ at: clock(), actor: user.email, action, subject, details });
    });
  }
}

/** The local midnight after a day (`2026-03-31` → `2026-04-01T00:00`). */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return `${d.toISOString().slice(0, 10)}T00:00`;
}

function clean(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** 301s, on the term's site, from a list's old URLs (page and feeds) to the new ones; older redirects to them follow along. */
async function redirectList(repos: Repositories, kind: TermKind, oldSlug: string, newSlug: string, now: number, siteId: number): Promise<void> {
  for (const suffix of LIST_SUFFIXES) {
    const from = `/${kind}/${oldSlug}${suffix}`;
    const to = `/${kind}/${newSlug}${suffix}`;
    await repos.redirects.put(from, to, 301, now, siteId);
    await repos.redirects.retarget(from, to, siteId);
  }
}

function editorOnly(user: UserRecord): void {
  if (user.role === 'contributor') throw Forbidden('manage sections and tags');
}
