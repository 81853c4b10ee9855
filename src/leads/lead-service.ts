import { randomBytes } from 'node:crypto';
import { slugify } from '../domain/index.ts';
import { type MediaStorage, type ResponsiveImage, responsiveImage, type StoredFile } from '../media/index.ts';
import { PROFILE_FIELDS, type ProfileField } from '../readers/index.ts';
import { FIRST_SITE_ID, type LeadAssetFields, type LeadAssetKind, type LeadAssetRecord, type LeadRecord, type ReaderRecord, type Repositories } from '../store/index.ts';
import { csvRow } from './csv.ts';
import { InvalidLeadAsset, LeadAssetNotFound, LeadConsentRequired, LeadProfileIncomplete, LeadRequired } from './errors.ts';

export const LEAD_ASSET_KINDS: readonly { readonly kind: LeadAssetKind; readonly label: string }[] = [
  { kind: 'white-paper', label: 'White paper' },
  { kind: 'report', label: 'Report' },
  { kind: 'webinar', label: 'Webinar recording' },
];

/** Largest PDF an asset may carry (the admin's upload limit is the media library's, 10 MB). */
export const LEAD_FILE_MAX_BYTES = 10 * 1024 * 1024;

/** An asset as the admin types it: the sponsor by directory id or slug, the fields by name. */
export interface LeadAssetInput {
  readonly kind: string;
  readonly title: string;
  readonly slug?: string | undefined;
  readonly description: string;
  readonly coverMediaId?: number | null | undefined;
  readonly videoUrl?: string | undefined;
  readonly sponsor: string;
  readonly requiredFields: readonly string[];
  /** Empty: the default line, naming the sponsor. */
  readonly consent?: string | undefined;
  readonly published: boolean;
  /** The site whose pages offer it: absent, the first site for a new one, where it was for an edit. */
  readonly siteId?: number | undefined;
}

/** A file to serve, or a video to send the reader to. */
export type LeadDelivery = { readonly kind: 'file'; readonly name: string; readonly file: StoredFile } | { readonly kind: 'video'; readonly url: string };

export interface LeadServiceDeps {
  /** The primary's repositories (downloads write, and must see their own writes). */
  readonly store: Pick<Repositories, 'leads' | 'readers' | 'companies' | 'media' | 'operations' | 'state'>;
  /** Where the PDFs live (media storage, under keys no public route serves). */
  readonly files: MediaStorage;
  readonly clock: () => number;
}

const kindLabel = (kind: LeadAssetKind) => LEAD_ASSET_KINDS.find((k) => k.kind === kind)?.label ?? 'Resource';
const FIELD_NAMES = new Set<string>(PROFILE_FIELDS.map(([f]) => f));
const labelOf = (f: string) => PROFILE_FIELDS.find(([name]) => name === f)?.[1] ?? f;

/** The consent line an asset shows when the admin leaves it empty: it names the sponsor. */
export function defaultConsent(sponsor: string): string {
  return `I agree that my name, email address and the details above are shared with ${sponsor}, who may contact me about this resource.`;
}

/**
 * Gated assets (white papers, reports, webinar recordings) and the leads their downloads make.
 * A download needs a signed-in reader with the profile fields the sponsor asks for and their
 * explicit consent naming the sponsor; it records one lead per asset and reader, with the values
 * shared and the consent text as they were. Only a reader with a live lead gets the file.
 */
export class LeadService {
  constructor(private readonly deps: LeadServiceDeps) {}

  /** The published assets of a site (all sites' without one), newest first (the /resources page). */
  published(siteId?: number): Promise<LeadAssetRecord[]> {
    return this.deps.store.leads.listAssets(true, siteId);
  }

  /** Every asset of a site (all sites' without one), with its live lead count (the admin). */
  async all(siteId?: number): Promise<(LeadAssetRecord & { leads: number })[]> {
    const [assets, counts] = await Promise.all([this.deps.store.leads.listAssets(false, siteId), this.deps.store.leads.counts()]);
    return assets.map((a) => ({ ...a, leads: counts.get(a.id) ?? 0 }));
  }

  /**
   * A published asset by slug, on a site when one is given (another site's is not found there), or
   * 404 (MH_LEAD_ASSET_NOT_FOUND).
   */
  async publishedAsset(slug: string, siteId?: number): Promise<LeadAssetRecord> {
    const a = await this.deps.store.leads.assetBySlug(slug);
    if (!a?.published || (siteId !== undefined && a.siteId !== siteId)) throw LeadAssetNotFound(`/resources/${slug}`);
    return a;
  }

  /** An asset by id, of a site when one is given (the admin's current site), or 404. */
  async asset(id: number, siteId?: number): Promise<LeadAssetRecord> {
    const a = await this.deps.store.leads.assetById(id);
    if (!a || (siteId !== undefined && a.siteId !== siteId)) throw LeadAssetNotFound(`#${id}`);
    return a;
  }

  async assetBySlug(slug: string): Promise<LeadAssetRecord> {
    const a = await this.deps.store.leads.assetBySlug(slug);
    if (!a) throw LeadAssetNotFound(`"${slug}"`);
    return a;
  }

  /** The cover's `<picture>` data, when it has one. */
  async cover(asset: LeadAssetRecord): Promise<ResponsiveImage | undefined> {
    if (asset.coverMediaId === null) return undefined;
    const img = (await this.deps.store.media.images([asset.coverMediaId])).get(asset.coverMediaId);
    return img && responsiveImage(img);
  }

  /** The covers of many assets at once, by asset id. */
  async covers(assets: readonly LeadAssetRecord[]): Promise<Map<number, ResponsiveImage>> {
    const ids = assets.flatMap((a) => (a.coverMediaId === null ? [] : [a.coverMediaId]));
    const images = ids.length ? await this.deps.store.media.images(ids) : new Map();
    const out = new Map<number, ResponsiveImage>();
    for (const a of assets) {
      const img = a.coverMediaId === null ? undefined : images.get(a.coverMediaId);
      const r = img && responsiveImage(img);
      if (r) out.set(a.id, r);
    }
    return out;
  }

  /** Creates an asset; returns its id. */
  async add(input: LeadAssetInput, by: string): Promise<number> {
    const fields = await this.fields(input);
    const id = await this.deps.store.leads.addAsset(fields, by, this.deps.clock());
    await this.changed();
    return id;
  }

  /**
   * Resource pages are cached on every node: a change moves the content version, which every node
   * follows (pushed on PostgreSQL, polled everywhere), as a publish does.
   */
  private changed(): Promise<void> {
    return this.deps.store.state.bumpContentVersion();
  }

  async update(id: number, input: LeadAssetInput, by: string): Promise<void> {
    await this.asset(id);
    await this.deps.store.leads.updateAsset(id, await this.fields(input, id), by, this.deps.clock());
    await this.changed();
  }

  /**
   * Stores the asset's PDF under a new random key (files are immutable: a new upload is a new key)
   * and drops the old one. The key is never in a URL: only the download route reads it.
   */
  async uploadFile(id: number, file: { filename: string; data: Buffer }, by: string): Promise<void> {
    await this.asset(id);
    if (!file.data.length) throw InvalidLeadAsset('choose a PDF to upload');
    if (file.data.length > LEAD_FILE_MAX_BYTES) throw InvalidLeadAsset('the PDF is larger than 10 MB');
    if (file.data.subarray(0, 5).toString('latin1') !== '%PDF-') throw InvalidLeadAsset('the file is not a PDF');
    const name = randomBytes(16).toString('hex');
    const key = `leads/${name.slice(0, 2)}/${name}.pdf`;
    await this.deps.files.put(key, file.data);
    const shown = (file.filename.replace(/[^\w.\- ]+/g, '').trim() || 'download.pdf').slice(0, 100);
    const before = await this.deps.store.leads.setFile(id, { key, name: shown.toLowerCase().endsWith('.pdf') ? shown : `${shown}.pdf`, size: file.data.length }, by, this.deps.clock());
    await this.changed();
    if (before) await this.deps.files.delete(before);
  }

  /** The profile fields the reader must still fill in for this asset (the sponsor's and the site's). */
  missingFor(asset: LeadAssetRecord, reader: ReaderRecord, siteRequired: readonly ProfileField[] = []): ProfileField[] {
    const wanted = new Set<string>([...asset.requiredFields, ...siteRequired]);
    return PROFILE_FIELDS.map(([f]) => f).filter((f) => wanted.has(f) && !reader[f]);
  }

  /** The reader's live lead for the asset, if any. */
  async liveLead(assetId: number, readerId: number): Promise<LeadRecord | undefined> {
    const lead = await this.deps.store.leads.lead(assetId, readerId);
    return lead && lead.withdrawnAt === null ? lead : undefined;
  }

  /**
   * Records the reader's download of a published asset as a lead, once: `consented` is the ticked
   * box, and the reader's profile must hold every field the sponsor asks for. Returns whether a new
   * lead was written (false for a second download).
   */
  async register(slug: string, readerId: number, consented: boolean, siteId?: number): Promise<{ recorded: boolean }> {
    const asset = await this.publishedAsset(slug, siteId);
    const reader = await this.deps.store.readers.byId(readerId);
    if (!reader) throw LeadRequired();
    if (!consented) throw LeadConsentRequired(asset.sponsor?.name ?? 'the sponsor');
    const missing = this.missingFor(asset, reader);
    if (missing.length) throw LeadProfileIncomplete(missing.map(labelOf).join(', '));
    const shared: Record<string, string | null> = { email: reader.email, name: reader.name };
    for (const f of asset.requiredFields) if (FIELD_NAMES.has(f)) shared[f] = reader[f as ProfileField];
    const recorded = await this.deps.store.leads.record({ assetId: asset.id, readerId, shared, consent: asset.consent, now: this.deps.clock() });
    return { recorded };
  }

  /** The file (or the video link) for a reader with a live lead; anyone else is refused. */
  async deliver(slug: string, readerId: number, siteId?: number): Promise<LeadDelivery> {
    const asset = await this.publishedAsset(slug, siteId);
    if (!(await this.liveLead(asset.id, readerId))) throw LeadRequired();
    if (asset.file) {
      const file = await this.deps.files.read(asset.file.key);
      if (file) return { kind: 'file', name: asset.file.name, file };
    }
    if (asset.videoUrl) return { kind: 'video', url: asset.videoUrl };
    throw LeadAssetNotFound(`file for /resources/${slug}`);
  }

  /** The asset's live leads (withdrawn ones are gone from every list and export). */
  async leadsOf(assetId: number): Promise<LeadRecord[]> {
    return this.deps.store.leads.leadsOf(assetId);
  }

  /**
   * The sponsor's CSV of an asset's live leads: one row per lead, cells escaped against formulas.
   * Each export is audited (who, which asset, how many rows): personal data leaves the site here.
   */
  async csv(slug: string, actor: string): Promise<string> {
    const asset = await this.assetBySlug(slug);
    const header = ['registered_at', 'email', 'name', 'company', 'job_title', 'industry', 'country', 'asset', 'sponsor', 'consent'];
    let out = csvRow(header);
    let rows = 0;
    for (const l of await this.leadsOf(asset.id)) {
      const s = l.shared;
      out += csvRow([new Date(l.createdAt).toISOString(), s.email ?? '', s.name ?? '', s.company ?? '', s.jobTitle ?? '', s.industry ?? '', s.country ?? '', asset.slug, asset.sponsor?.name ?? '', l.consent]);
      rows++;
    }
    await this.deps.store.operations.audit({ at: this.deps.clock(), actor, action: 'leads.export', subject: 'lead_asset', details: { asset: asset.slug, rows } });
    return out;
  }

  /** What the reader shared with which sponsor (their account page and data export). */
  ofReader(readerId: number): Promise<LeadRecord[]> {
    return this.deps.store.leads.leadsOfReader(readerId);
  }

  /** The reader withdraws one of their leads; false when it was not theirs or already withdrawn. */
  withdraw(readerId: number, leadId: number): Promise<boolean> {
    return this.deps.store.leads.withdraw(leadId, readerId, this.deps.clock());
  }

  private async fields(input: LeadAssetInput, id?: number): Promise<LeadAssetFields> {
    const kind = LEAD_ASSET_KINDS.find((k) => k.kind === input.kind)?.kind;
    if (!kind) throw InvalidLeadAsset(`the kind is one of ${LEAD_ASSET_KINDS.map((k) => k.kind).join(', ')}`);
    const title = input.title.replace(/\s+/g, ' ').trim();
    if (!title || title.length > 200) throw InvalidLeadAsset('give a title of 1 to 200 characters');
    const slug = (input.slug?.trim() || slugify(title)).toLowerCase();
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) || slug.length > 120) throw InvalidLeadAsset('the slug is lower-case letters, digits and hyphens');
    const taken = await this.deps.store.leads.assetBySlug(slug);
    if (taken && taken.id !== id) throw InvalidLeadAsset(`the slug "${slug}" is taken`);
    const description = input.description.trim();
    if (!description || description.length > 20_000) throw InvalidLeadAsset('give a description of 1 to 20,000 characters');
    const ref = input.sponsor.trim();
    const company = ref ? ((await this.deps.store.companies.bySourceId(ref)) ?? (await this.deps.store.companies.bySlug(ref.toLowerCase()))) : undefined;
    if (!company) throw InvalidLeadAsset(ref ? `no company "${ref}" in the directory` : 'name the sponsor (a directory company)');
    const unknown = input.requiredFields.filter((f) => !FIELD_NAMES.has(f));
    if (unknown.length) throw InvalidLeadAsset(`unknown profile fields: ${unknown.join(', ')} (known: ${[...FIELD_NAMES].join(', ')})`);
    const consent = input.consent?.replace(/\s+/g, ' ').trim() || defaultConsent(company.name);
    if (consent.length > 1000) throw InvalidLeadAsset('keep the consent line to 1,000 characters');
    // Consent is informed only when the reader can see who gets their details.
    if (!consent.toLowerCase().includes(company.name.toLowerCase())) throw InvalidLeadAsset(`the consent line must name the sponsor, ${company.name}`);
    const videoUrl = input.videoUrl?.trim() || null;
    if (videoUrl && (!/^https?:\/\//i.test(videoUrl) || videoUrl.length > 2000 || !URL.canParse(videoUrl))) throw InvalidLeadAsset('the video link is an http(s) URL');
    const coverMediaId = input.coverMediaId ?? null;
    const siteId = input.siteId ?? (id === undefined ? FIRST_SITE_ID : (await this.asset(id)).siteId);
    if (coverMediaId !== null && !(await this.deps.store.media.byId(coverMediaId))) throw InvalidLeadAsset(`no image #${coverMediaId} in the media library`);
    return {
      kind,
      title,
      slug,
      description,
      coverMediaId,
      videoUrl,
      sponsorCompanyId: Number(company.id),
      requiredFields: [...new Set(input.requiredFields)],
      consent,
      published: input.published,
      siteId,
    };
  }
}

export { kindLabel, labelOf };
