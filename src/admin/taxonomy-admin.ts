import { slugify } from '../domain/index.ts';
import type { Repositories, Store, TermKind, TermUsage, UserRecord } from '../store/index.ts';
import { Forbidden, TermInUse, TermNotFound } from './errors.ts';

export interface TaxonomyAdminDeps {
  readonly store: Store;
  readonly clock: () => number;
}

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

  list(kind: TermKind, opts: { q?: string | undefined; sort: 'name' | 'articles'; page: number; perPage: number }, user: UserRecord) {
    editorOnly(user);
    return this.deps.store.terms.list(kind, { q: opts.q, sort: opts.sort, limit: opts.perPage, offset: (opts.page - 1) * opts.perPage });
  }

  async get(kind: TermKind, id: number, user: UserRecord): Promise<TermUsage> {
    editorOnly(user);
    const term = await this.deps.store.terms.byId(kind, id);
    if (!term) throw TermNotFound(SINGULAR[kind], id);
    return term;
  }

  /** Renames, re-slugs and (sections) describes; returns errors by field instead when the form is wrong. */
  async update(kind: TermKind, id: number, form: TermForm, user: UserRecord): Promise<TermErrors> {
    const term = await this.get(kind, id, user);
    const errors = await this.check(kind, id, form);
    if (Object.keys(errors).length) return errors;
    const name = clean(form.name);
    const description = kind === 'sections' ? form.description.trim() : undefined;
    await this.write(user, `${SINGULAR[kind]}.update`, `${SINGULAR[kind]}:${id}`, { from: { name: term.name, slug: term.slug }, name, slug: form.slug }, async (repos) => {
      await repos.terms.update(kind, id, { name, slug: form.slug, ...(description === undefined ? {} : { description }) });
      if (form.slug !== term.slug) await redirectList(repos, kind, term.slug, form.slug, this.deps.clock());
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
    const into = intoText.trim() ? await this.findTag(intoText) : undefined;
    if (!into) return { errors: { into: intoText.trim() ? 'No tag with that name or slug.' : 'Name the tag to merge this one into.' } };
    if (into.id === id) return { errors: { into: 'Choose another tag: a tag cannot be merged into itself.' } };
    const details: Record<string, unknown> = { name: from.name, slug: from.slug, into: { id: into.id, slug: into.slug } };
    await this.write(user, 'tag.merge', `tag:${id}`, details, async (repos) => {
      details.articles = (await repos.terms.mergeTags(id, into.id)).length;
      await redirectList(repos, 'tags', from.slug, into.slug, this.deps.clock());
    });
    return { into: into.id };
  }

  /** By slug as typed, then by the slug its name makes ("Electric Vehicles" → electric-vehicles). */
  private async findTag(text: string) {
    const { terms } = this.deps.store;
    return (await terms.bySlug('tags', text.trim())) ?? (await terms.bySlug('tags', slugify(text)));
  }

  private async check(kind: TermKind, id: number, form: TermForm): Promise<TermErrors> {
    const errors: TermErrors = {};
    const name = clean(form.name);
    const what = SINGULAR[kind];
    if (!name) errors.name = `Give the ${what} a name.`;
    else if (name.length > NAME_MAX[kind]) errors.name = `Keep the name to ${NAME_MAX[kind]} characters or fewer.`;
    else if (!/[\p{L}\p{N}]/u.test(name)) errors.name = 'A name needs at least one letter or digit.';
    if (!/^[a-z0-9-]{1,100}$/.test(form.slug)) errors.slug = 'Use 1 to 100 lower-case letters, digits and hyphens.';
    else if (!/[a-z0-9]/.test(form.slug)) errors.slug = 'A slug needs at least one letter or digit.';
    else {
      const other = await this.deps.store.terms.bySlug(kind, form.slug);
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

function clean(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** 301s from a list's old URLs (page and feeds) to the new ones; older redirects to them follow along. */
async function redirectList(repos: Repositories, kind: TermKind, oldSlug: string, newSlug: string, now: number): Promise<void> {
  for (const suffix of LIST_SUFFIXES) {
    const from = `/${kind}/${oldSlug}${suffix}`;
    const to = `/${kind}/${newSlug}${suffix}`;
    await repos.redirects.put(from, to, 301, now);
    await repos.redirects.retarget(from, to);
  }
}

function editorOnly(user: UserRecord): void {
  if (user.role === 'contributor') throw Forbidden('manage sections and tags');
}
