import type { Kysely, Selectable } from 'kysely';
import type { CompanyRef } from './company-repository.ts';
import type { Database, LeadAssetsTable } from './schema.ts';

export type LeadAssetKind = LeadAssetsTable['kind'];

/** An asset's editable fields, as written. */
export interface LeadAssetFields {
  readonly kind: LeadAssetKind;
  readonly title: string;
  readonly slug: string;
  readonly description: string;
  readonly coverMediaId: number | null;
  readonly videoUrl: string | null;
  readonly sponsorCompanyId: number | null;
  /** Profile field names the sponsor asks for. */
  readonly requiredFields: readonly string[];
  readonly consent: string;
  readonly published: boolean;
  /** The site whose pages offer it (migration 0038). */
  readonly siteId: number;
}

export interface LeadAssetRecord extends LeadAssetFields {
  readonly id: number;
  readonly file: { readonly key: string; readonly name: string; readonly size: number } | null;
  readonly sponsor: CompanyRef | null;
  readonly updatedAt: number;
}

/** A lead as stored, with the asset it is for. */
export interface LeadRecord {
  readonly id: number;
  readonly assetId: number;
  readonly assetSlug: string;
  readonly assetTitle: string;
  /** The site the asset is offered on (its page's links are that site's). */
  readonly assetSiteId: number;
  readonly sponsorName: string | null;
  readonly readerId: number;
  /** The address and profile values shared, as they were at the time. */
  readonly shared: Readonly<Record<string, string | null>>;
  readonly consent: string;
  readonly createdAt: number;
  readonly withdrawnAt: number | null;
}

function parseShared(json: string): Record<string, string | null> {
  try {
    const v = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

type AssetRow = Selectable<LeadAssetsTable> & { c_id: number | null; c_source_id: string | null; c_slug: string | null; c_name: string | null };

function toAsset(r: AssetRow): LeadAssetRecord {
  return {
    id: Number(r.id),
    kind: r.kind,
    title: r.title,
    slug: r.slug,
    description: r.description,
    coverMediaId: r.cover_media_id === null ? null : Number(r.cover_media_id),
    videoUrl: r.video_url,
    sponsorCompanyId: r.sponsor_company_id === null ? null : Number(r.sponsor_company_id),
    requiredFields: r.required_fields.split(',').filter(Boolean),
    consent: r.consent,
    published: Number(r.published) === 1,
    siteId: Number(r.site_id),
    file: r.file_key ? { key: r.file_key, name: r.file_name ?? 'download.pdf', size: Number(r.file_size ?? 0) } : null,
    sponsor: r.c_id === null ? null : { id: Number(r.c_id), sourceId: r.c_source_id, slug: r.c_slug ?? '', name: r.c_name ?? '' },
    updatedAt: Number(r.updated_at),
  };
}

/** Gated assets and their leads (0022). */
export class LeadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private assets() {
    return this.db
      .selectFrom('lead_assets as a')
      .leftJoin('companies as c', 'c.id', 'a.sponsor_company_id')
      .selectAll('a')
      .select(['c.id as c_id', 'c.source_id as c_source_id', 'c.slug as c_slug', 'c.name as c_name']);
  }

  /** Every asset, newest first; only published ones when `publishedOnly`, only one site's given `siteId`. */
  async listAssets(publishedOnly: boolean, siteId?: number): Promise<LeadAssetRecord[]> {
    let q = this.assets();
    if (publishedOnly) q = q.where('a.published', '=', 1);
    if (siteId !== undefined) q = q.where('a.site_id', '=', siteId);
    return (await q.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').execute()).map((r) => toAsset(r as AssetRow));
  }

  async assetById(id: number): Promise<LeadAssetRecord | undefined> {
    const r = await this.assets().where('a.id', '=', id).executeTakeFirst();
    return r && toAsset(r as AssetRow);
  }

  async assetBySlug(slug: string): Promise<LeadAssetRecord | undefined> {
    const r = await this.assets().where('a.slug', '=', slug).executeTakeFirst();
    return r && toAsset(r as AssetRow);
  }

  private row(f: LeadAssetFields) {
    return {
      kind: f.kind,
      title: f.title,
      slug: f.slug,
      description: f.description,
      cover_media_id: f.coverMediaId,
      video_url: f.videoUrl,
      sponsor_company_id: f.sponsorCompanyId,
      required_fields: f.requiredFields.join(','),
      consent: f.consent,
      published: f.published ? 1 : 0,
      site_id: f.siteId,
    };
  }

  async addAsset(f: LeadAssetFields, by: string, now: number): Promise<number> {
    const r = await this.db
      .insertInto('lead_assets')
      .values({ ...this.row(f), created_at: now, updated_at: now, updated_by: by })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async updateAsset(id: number, f: LeadAssetFields, by: string, now: number): Promise<void> {
    await this.db.updateTable('lead_assets').set({ ...this.row(f), updated_at: now, updated_by: by }).where('id', '=', id).execute();
  }

  /** Points the asset at a newly stored file; returns the key it held before (to delete). */
  async setFile(id: number, file: { key: string; name: string; size: number }, by: string, now: number): Promise<string | null> {
    const before = await this.db.selectFrom('lead_assets').select('file_key').where('id', '=', id).executeTakeFirst();
    await this.db.updateTable('lead_assets').set({ file_key: file.key, file_name: file.name, file_size: file.size, updated_at: now, updated_by: by }).where('id', '=', id).execute();
    return before?.file_key ?? null;
  }

  /** The reader's lead for the asset, withdrawn or not. */
  async lead(assetId: number, readerId: number): Promise<LeadRecord | undefined> {
    return (await this.leadsQuery().where('l.asset_id', '=', assetId).where('l.reader_id', '=', readerId).execute()).map(LeadRepository.rowToLead)[0];
  }

  /**
   * Records a lead once: true when a row was written. A live lead stays as it was (a second
   * download is not a second lead); a withdrawn one is recorded afresh, since the reader consented again.
   */
  async record(l: { assetId: number; readerId: number; shared: Record<string, string | null>; consent: string; now: number }): Promise<boolean> {
    const values = { shared: JSON.stringify(l.shared), consent: l.consent, created_at: l.now, withdrawn_at: null };
    const r = await this.db
      .insertInto('leads')
      .values({ asset_id: l.assetId, reader_id: l.readerId, ...values })
      .onConflict((oc) => oc.columns(['asset_id', 'reader_id']).doUpdateSet(values).where('leads.withdrawn_at', 'is not', null))
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  private leadsQuery() {
    return this.db
      .selectFrom('leads as l')
      .innerJoin('lead_assets as a', 'a.id', 'l.asset_id')
      .leftJoin('companies as c', 'c.id', 'a.sponsor_company_id')
      .select(['l.id', 'l.asset_id', 'l.reader_id', 'l.shared', 'l.consent', 'l.created_at', 'l.withdrawn_at', 'a.slug', 'a.title', 'a.site_id', 'c.name'])
      .orderBy('l.created_at')
      .orderBy('l.id');
  }

  private static rowToLead(r: { id: number; asset_id: number; reader_id: number; shared: string; consent: string; created_at: number; withdrawn_at: number | null; slug: string; title: string; site_id: number; name: string | null }): LeadRecord {
    return {
      id: Number(r.id),
      assetId: Number(r.asset_id),
      assetSlug: r.slug,
      assetTitle: r.title,
      assetSiteId: Number(r.site_id),
      sponsorName: r.name,
      readerId: Number(r.reader_id),
      shared: parseShared(r.shared),
      consent: r.consent,
      createdAt: Number(r.created_at),
      withdrawnAt: r.withdrawn_at === null ? null : Number(r.withdrawn_at),
    };
  }

  /** The asset's live leads (withdrawn ones are left out), oldest first. */
  async leadsOf(assetId: number): Promise<LeadRecord[]> {
    const rows = await this.leadsQuery().where('l.asset_id', '=', assetId).where('l.withdrawn_at', 'is', null).execute();
    return rows.map(LeadRepository.rowToLead);
  }

  /** Everything the reader shared, withdrawn or not (their account page and their data export). */
  async leadsOfReader(readerId: number): Promise<LeadRecord[]> {
    const rows = await this.leadsQuery().where('l.reader_id', '=', readerId).execute();
    return rows.map(LeadRepository.rowToLead);
  }

  /** Marks the reader's lead withdrawn; true when it was live. */
  async withdraw(leadId: number, readerId: number, now: number): Promise<boolean> {
    const r = await this.db.updateTable('leads').set({ withdrawn_at: now }).where('id', '=', leadId).where('reader_id', '=', readerId).where('withdrawn_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Live leads per asset id. */
  async counts(): Promise<Map<number, number>> {
    const rows = await this.db.selectFrom('leads').select(['asset_id', (eb) => eb.fn.countAll<number>().as('n')]).where('withdrawn_at', 'is', null).groupBy('asset_id').execute();
    return new Map(rows.map((r) => [Number(r.asset_id), Number(r.n)]));
  }
}
