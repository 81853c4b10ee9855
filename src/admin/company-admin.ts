import { CompanyNotFound, type DirectoryService, type RetagRequester } from '../directory/index.ts';
import { pickUniqueSlug, slugify } from '../domain/index.ts';
import { mediaUrl } from '../media/index.ts';
import { type CompanyFields, type CompanyRef, type CompanyRow, companyFieldsOf, type JobState, parseAliases, type Repositories, type Store, type UserRecord } from '../store/index.ts';
import { aliasLines, type CompanyFieldErrors, type CompanyFormValues, validateCompanyForm } from './company-form.ts';
import type { MediaService } from './media-service.ts';
import { requireEditor } from './roles.ts';

export interface CompanyAdminDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'companies' | 'media' | 'operations'>;
  readonly directory: DirectoryService;
  readonly media: MediaService;
  readonly retag: RetagRequester & { state(): Promise<JobState> };
  readonly clock: () => number;
}

/** A company as its edit page shows it. */
export interface EditableCompany {
  readonly id: number;
  readonly sourceId: string;
  readonly slug: string;
  readonly values: CompanyFormValues;
  readonly brands: readonly CompanyRef[];
  readonly logo: { readonly url: string; readonly alt: string } | null;
}

/** What a merge will do, shown before it is confirmed. */
export interface MergePreview {
  readonly drop: CompanyRef;
  readonly keep: CompanyRef;
  /** Articles whose mention moves to the kept company. */
  readonly articles: number;
  /** The names that become aliases of the kept company. */
  readonly aliases: readonly string[];
  readonly brands: readonly CompanyRef[];
  readonly from: string;
  readonly to: string;
}

export type CompanySaveResult = { readonly ok: true; readonly id: number } | { readonly ok: false; readonly errors: CompanyFieldErrors };

/** Logos are shown small: the 640-pixel variant (or the original, when narrower). */
const LOGO_WIDTH = 640;

const ref = (c: CompanyRow): CompanyRef => ({ id: Number(c.id), sourceId: c.source_id, slug: c.slug, name: c.name });
const subject = (c: CompanyRow) => `company:${c.source_id ?? `mh-${c.id}`}`;

/**
 * Directory management for editors and admins: create and edit companies (slugs derived and
 * unique like articles', an old slug kept as a redirect), choose parents without cycles, merge
 * duplicates through `DirectoryService.merge`, and logos uploaded through the media library. A
 * change the tagger would see (name, aliases, a new company, a merge) asks for a background
 * re-tag instead of re-tagging inside the request. Every change is audited.
 */
export class CompanyAdminService {
  constructor(private readonly deps: CompanyAdminDeps) {}

  list(q: string | undefined, page: number, perPage: number, user: UserRecord) {
    requireEditor(user, 'manage the company directory');
    return this.deps.store.companies.list(undefined, perPage, (page - 1) * perPage, q);
  }

  retagState(): Promise<JobState> {
    return this.deps.retag.state();
  }

  async load(id: number, user: UserRecord): Promise<EditableCompany> {
    requireEditor(user, 'manage the company directory');
    const { companies, media } = this.deps.store;
    const c = await this.row(this.deps.store, id);
    const [parent, brands, image] = await Promise.all([
      c.parent_id === null ? undefined : companies.byId(Number(c.parent_id)),
      companies.children(id),
      c.logo_media_id === null ? undefined : media.byId(Number(c.logo_media_id)),
    ]);
    const values = {
      name: c.name,
      slug: c.slug,
      aliases: parseAliases(c.aliases).join('\n'),
      parent: parent?.name ?? '',
      website: c.website ?? '',
      country: c.country ?? '',
      sector: c.sector ?? '',
      description: c.description,
    };
    const logo = c.logo_url ? { url: c.logo_url, alt: image?.alt ?? `${c.name} logo` } : null;
    return { id, sourceId: c.source_id ?? `mh-${id}`, slug: c.slug, values, brands, logo };
  }

  async create(values: CompanyFormValues, user: UserRecord): Promise<CompanySaveResult> {
    requireEditor(user, 'add companies');
    const { store, clock } = this.deps;
    const result = await store.transaction(async (repos): Promise<CompanySaveResult> => {
      const errors = validateCompanyForm(values);
      const parent = await this.parentOf(repos, values.parent, undefined);
      if ('error' in parent) errors.parent = parent.error;
      if (Object.keys(errors).length || 'error' in parent) return { ok: false, errors };
      const slug = await this.chooseSlug(repos, values, undefined);
      const id = await repos.companies.insert(null, slug, fieldsOf(values, null), clock());
      if (parent.id !== null) await repos.companies.setParent(id, parent.id);
      await this.changed(repos, user, 'company.create', (await repos.companies.byId(id))!, { name: values.name, slug });
      return { ok: true, id };
    });
    if (result.ok) await this.deps.retag.request('company created', user.email);
    return result;
  }

  async update(id: number, values: CompanyFormValues, user: UserRecord): Promise<CompanySaveResult> {
    requireEditor(user, 'edit companies');
    const { store, clock } = this.deps;
    let retag = false;
    const result = await store.transaction(async (repos): Promise<CompanySaveResult> => {
      const before = await this.row(repos, id);
      const errors = validateCompanyForm(values);
      const parent = await this.parentOf(repos, values.parent, before);
      if ('error' in parent) errors.parent = parent.error;
      if (Object.keys(errors).length || 'error' in parent) return { ok: false, errors };
      const slug = await this.chooseSlug(repos, values, before);
      const fields = fieldsOf(values, before.logo_url);
      await repos.companies.update(id, { ...fields, slug }, clock());
      if ((before.parent_id === null ? null : Number(before.parent_id)) !== parent.id) await repos.companies.setParent(id, parent.id);
      if (slug !== before.slug) {
        // As for articles: the old URL keeps working. A redirect away from the new URL would now be stale.
        await repos.redirects.remove(`/companies/${slug}`);
        await repos.redirects.put(`/companies/${before.slug}`, `/companies/${slug}`, 301, clock());
      }
      const old: Record<string, unknown> = { ...companyFieldsOf(before), slug: before.slug, parent: before.parent_id === null ? null : Number(before.parent_id) };
      const now: Record<string, unknown> = { ...fields, slug, parent: parent.id };
      const changedFields = Object.keys(now).filter((k) => JSON.stringify(old[k]) !== JSON.stringify(now[k]));
      retag = changedFields.includes('name') || changedFields.includes('aliases');
      await this.changed(repos, user, 'company.update', before, { changed: changedFields, slug });
      return { ok: true, id };
    });
    if (retag) await this.deps.retag.request('company renamed or aliases changed', user.email);
    return result;
  }

  /** What merging company `dropId` into the company named `into` would do; errors by field otherwise. */
  async mergePreview(dropId: number, into: string, user: UserRecord): Promise<{ ok: true; preview: MergePreview } | { ok: false; errors: CompanyFieldErrors }> {
    requireEditor(user, 'merge companies');
    const { store } = this.deps;
    const drop = await this.row(store, dropId);
    const found = into.trim() ? await this.byNameOrSlug(store, into.trim()) : { error: 'Choose the company to merge into.' };
    if ('error' in found) return { ok: false, errors: { into: found.error } };
    const keep = found.row;
    if (Number(keep.id) === dropId) return { ok: false, errors: { into: 'Choose another company: a company cannot be merged into itself.' } };
    // The same rule as DirectoryService.merge: names the kept company does not already carry, as written.
    const kept = new Set([keep.name, ...parseAliases(keep.aliases)]);
    const aliases = [...new Set([drop.name, ...parseAliases(drop.aliases)])].filter((a) => !kept.has(a));
    const [articles, brands] = await Promise.all([store.companies.articlesMentioning(dropId), store.companies.children(dropId)]);
    return {
      ok: true,
      preview: { drop: ref(drop), keep: ref(keep), articles: articles.length, aliases, brands, from: `/companies/${drop.slug}`, to: `/companies/${keep.slug}` },
    };
  }

  /** Merges `dropId` into `keepId` as `masthead companies merge` does; returns the kept company. */
  async merge(dropId: number, keepId: number, user: UserRecord): Promise<CompanyRef> {
    requireEditor(user, 'merge companies');
    const { store, directory, clock } = this.deps;
    const drop = await this.row(store, dropId);
    const keep = await this.row(store, keepId);
    const result = await directory.merge(keep.source_id ?? String(keep.id), drop.source_id ?? String(drop.id));
    await store.operations.audit({
      at: clock(),
      actor: user.email,
      action: 'company.merge',
      subject: subject(drop),
      details: { into: subject(keep), name: drop.name, articles: result.articles.length },
    });
    await this.deps.retag.request('companies merged', user.email);
    return result.keep;
  }

  /**
   * Uploads an image through the media library and makes it the company's logo; errors name the
   * form's field (`logo` for the file, `alt` for its text).
   */
  async uploadLogo(id: number, file: { filename: string; data: Buffer }, alt: string, user: UserRecord): Promise<CompanySaveResult> {
    requireEditor(user, 'change company logos');
    const { store, media, clock } = this.deps;
    const before = await this.row(store, id);
    const uploaded = await media.upload(file, alt, user);
    if ('error' in uploaded) return { ok: false, errors: { [uploaded.error.field === 'file' ? 'logo' : 'alt']: uploaded.error.message } };
    const image = (await store.media.byId(uploaded.id))!;
    const url = mediaUrl(image.id, Math.min(image.width, LOGO_WIDTH), image.format);
    await store.transaction(async (repos) => {
      await repos.companies.setLogo(id, image.id, url, clock());
      await this.changed(repos, user, 'company.logo.set', before, { media: image.id, url });
    });
    return { ok: true, id };
  }

  /** Takes the logo off the company; an uploaded image stays in the media library. */
  async removeLogo(id: number, user: UserRecord): Promise<void> {
    requireEditor(user, 'change company logos');
    const { store, clock } = this.deps;
    const before = await this.row(store, id);
    await store.transaction(async (repos) => {
      await repos.companies.setLogo(id, null, null, clock());
      await this.changed(repos, user, 'company.logo.remove', before, { media: before.logo_media_id, url: before.logo_url });
    });
  }

  private async row(repos: Pick<Repositories, 'companies'>, id: number): Promise<CompanyRow> {
    const c = await repos.companies.byId(id);
    if (!c) throw CompanyNotFound(String(id));
    return c;
  }

  /** Bumps the versions every node's matcher and page cache follow, and writes the audit entry. */
  private async changed(repos: Repositories, user: UserRecord, action: string, c: CompanyRow, details: Record<string, unknown>): Promise<void> {
    await repos.state.bumpDirectoryVersion();
    await repos.state.bumpContentVersion();
    await repos.operations.audit({ at: this.deps.clock(), actor: user.email, action, subject: subject(c), details });
  }

  /** A company by its slug or (any case) its name; an error when none or several are called that. */
  private async byNameOrSlug(repos: Pick<Repositories, 'companies'>, text: string): Promise<{ row: CompanyRow } | { error: string }> {
    const bySlug = await repos.companies.bySlug(text);
    if (bySlug) return { row: bySlug };
    const named = await repos.companies.byName(text);
    if (named.length === 1) return { row: named[0]! };
    if (named.length > 1) return { error: `Several companies are called ${text}; give the slug of the one you mean.` };
    return { error: 'No company with that name in the directory.' };
  }

  /** The parent chosen by name: none, or one that is neither the company itself nor one of its descendants. */
  private async parentOf(repos: Pick<Repositories, 'companies'>, text: string, self: CompanyRow | undefined): Promise<{ id: number | null } | { error: string }> {
    if (!text) return { id: null };
    // Unchanged: keep the current parent even when another company shares its name.
    if (self?.parent_id != null) {
      const current = await repos.companies.byId(Number(self.parent_id));
      if (current?.name === text) return { id: Number(current.id) };
    }
    const found = await this.byNameOrSlug(repos, text);
    if ('error' in found) return found;
    if (!self) return { id: Number(found.row.id) };
    const selfId = Number(self.id);
    if (Number(found.row.id) === selfId) return { error: 'A company cannot be its own parent.' };
    let up: CompanyRow | undefined = found.row;
    // Walk up from the chosen parent: meeting this company means it would become its own ancestor.
    for (let depth = 0; up && up.parent_id !== null && depth < 1000; depth++) {
      if (Number(up.parent_id) === selfId) return { error: `${found.row.name} is a brand or subsidiary of this company, so it cannot also be its parent.` };
      up = await repos.companies.byId(Number(up.parent_id));
    }
    return { id: Number(found.row.id) };
  }

  /** Like an article's: the slug typed (made valid), else the current one, else one from the name; unique. */
  private async chooseSlug(repos: Pick<Repositories, 'companies'>, values: CompanyFormValues, previous: CompanyRow | undefined): Promise<string> {
    const wanted = values.slug ? slugify(values.slug) : (previous?.slug ?? slugify(values.name));
    if (previous?.slug === wanted) return wanted;
    const except = previous ? Number(previous.id) : undefined;
    return pickUniqueSlug(wanted, () => repos.companies.slugFamily(wanted, except), (s) => repos.companies.slugTaken(s, except));
  }
}

function fieldsOf(v: CompanyFormValues, logoUrl: string | null): CompanyFields {
  return {
    name: v.name,
    aliases: aliasLines(v.aliases),
    website: v.website || null,
    country: v.country || null,
    sector: v.sector || null,
    description: v.description,
    logoUrl,
  };
}
