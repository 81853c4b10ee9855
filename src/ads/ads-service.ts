import { type AdCampaignFields, type AdCampaignRecord, type AdCountRow, type AdCreativeRecord, FIRST_SITE_ID, type Repositories, type Store, type UserRecord } from '../store/index.ts';
import { type AdSlotName, adSlotOf } from './ad-slots.ts';
import { isCrawler } from './crawlers.ts';
import { csvRow } from './csv.ts';
import { AdNotFound, InvalidAd } from './errors.ts';
import { checkSellersJson } from './sellers-json.ts';
import { originsIn, parseOrigins } from './tag-origins.ts';
import { type AdTarget, isLive, matches } from './targeting.ts';

export type { AdTarget };

/**
 * One creative a slot may show on a page, as the cached page carries it: the browser picks one
 * per view by weight. `src` is the counting URL (an image's or a tag frame's).
 */
export interface AdChoice {
  readonly id: number;
  readonly weight: number;
  readonly kind: 'image' | 'tag';
  readonly src: string;
  readonly href?: string;
  readonly alt?: string;
  readonly width?: number;
  readonly height?: number;
}

export type AdPlacements = Partial<Record<AdSlotName, readonly AdChoice[]>>;

/** A campaign as an admin or a script gives it: companies by directory id or slug, dates as epoch ms. */
export interface CampaignInput {
  readonly name: string;
  readonly advertiser?: string | undefined;
  readonly startsAt?: number | null | undefined;
  readonly endsAt?: number | null | undefined;
  readonly weight?: number | undefined;
  readonly impressionCap?: number | null | undefined;
  readonly clickCap?: number | null | undefined;
  readonly sections?: readonly string[] | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly companies?: readonly string[] | undefined;
  readonly avoidCompanies?: readonly string[] | undefined;
  /** The site it runs on; null or absent: every site. */
  readonly siteId?: number | null | undefined;
}

export type CreativeInput =
  | { readonly slot: string; readonly kind: 'image'; readonly mediaId: number; readonly alt: string; readonly url: string }
  | { readonly slot: string; readonly kind: 'tag'; readonly html: string };

export interface CampaignSummary extends AdCampaignRecord {
  readonly advertiser: { readonly id: number; readonly name: string } | null;
  readonly live: boolean;
  readonly creatives: readonly (AdCreativeRecord & { readonly impressions: number; readonly clicks: number })[];
}

/** Uploads an image file to the media library; returns its id. */
export type ImageUploader = (file: { filename: string; data: Buffer }, alt: string) => Promise<number>;

export interface AdsDeps {
  readonly store: Pick<Store, 'ads' | 'companies' | 'media' | 'transaction'>;
  readonly clock: () => number;
  /** For `masthead ads add --image FILE`. */
  readonly uploadImage?: ImageUploader;
}

const MAX_WEIGHT = 1000;
const DAY_MS = 86_400_000;

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function utcDay(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

function httpUrl(text: string): string | undefined {
  try {
    const u = new URL(text.trim());
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password ? u.href : undefined;
  } catch {
    return undefined;
  }
}

const slugs = (values: readonly string[] | undefined) => [...new Set((values ?? []).map((v) => v.trim().toLowerCase()).filter(Boolean))];

/**
 * Advertising: campaigns and creatives, what a page may show, counting impressions and clicks,
 * the report, ads.txt and the tag origins. Every change bumps the content version (in the same
 * transaction) so every node's cached pages carry the new choice.
 */
export class AdsService {
  private readonly listeners: (() => void | Promise<void>)[] = [];
  private lastLive: string | undefined;
  /**
   * Campaigns and creatives as last read, for `placements` (every page rendered asks): kept until
   * `forget`, which the web layer calls whenever the content version moves (an ad change here or on
   * another node bumps it). Counts are not kept: caps are checked against fresh ones.
   */
  private setup: Promise<[AdCampaignRecord[], AdCreativeRecord[]]> | undefined;

  constructor(private readonly deps: AdsDeps) {}

  /**
   * Called after every committed change (the page cache follows the content version). A change
   * resolves once its listeners have: a page read right after it is not cached from before and
   * then emptied again when the cache catches up.
   */
  onChange(listener: () => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  private async write<T>(action: string, subject: string, by: string, details: Record<string, unknown>, work: (repos: Repositories) => Promise<T>): Promise<T> {
    const result = await this.deps.store.transaction(async (repos) => {
      const out = await work(repos);
      await repos.operations.audit({ at: this.deps.clock(), actor: by, action, subject, details });
      await repos.state.bumpContentVersion();
      return out;
    });
    this.setup = undefined;
    await Promise.all(this.listeners.map((l) => l()));
    return result;
  }

  private async companyId(ref: string): Promise<number> {
    const key = ref.trim();
    const row = (await this.deps.store.companies.bySourceId(key)) ?? (await this.deps.store.companies.bySlug(key.toLowerCase()));
    if (!row) throw InvalidAd(`no company "${key}" in the directory`);
    return Number(row.id);
  }

  private async campaignFields(input: CampaignInput): Promise<AdCampaignFields> {
    const name = input.name.trim();
    if (!name || name.length > 200) throw InvalidAd('name the campaign (1 to 200 characters)');
    const weight = input.weight ?? 1;
    if (!Number.isInteger(weight) || weight < 1 || weight > MAX_WEIGHT) throw InvalidAd(`the weight is a whole number from 1 to ${MAX_WEIGHT}`);
    const startsAt = input.startsAt ?? null;
    const endsAt = input.endsAt ?? null;
    if (startsAt !== null && endsAt !== null && endsAt <= startsAt) throw InvalidAd('the campaign must end after it starts');
    for (const cap of [input.impressionCap, input.clickCap]) {
      if (cap != null && (!Number.isInteger(cap) || cap < 1)) throw InvalidAd('a cap is a whole number of at least 1');
    }
    const ids = async (refs: readonly string[] | undefined) => [...new Set(await Promise.all((refs ?? []).filter((r) => r.trim()).map((r) => this.companyId(r))))];
    return {
      name,
      advertiserId: input.advertiser?.trim() ? await this.companyId(input.advertiser) : null,
      startsAt,
      endsAt,
      weight,
      impressionCap: input.impressionCap ?? null,
      clickCap: input.clickCap ?? null,
      sections: slugs(input.sections),
      tags: slugs(input.tags),
      companies: await ids(input.companies),
      avoidCompanies: await ids(input.avoidCompanies),
      siteId: input.siteId ?? null,
    };
  }

  private async creativeFields(campaignId: number, input: CreativeInput) {
    const slot = adSlotOf(input.slot);
    if (!slot) throw InvalidAd(`unknown slot "${input.slot}" (leaderboard, sidebar, in-article, list, newsletter)`);
    if (input.kind === 'image') {
      const url = httpUrl(input.url);
      if (!url) throw InvalidAd('the click-through URL must be an http(s) URL');
      const alt = input.alt.trim();
      if (!alt || alt.length > 300) throw InvalidAd('describe the image (alt text, 1 to 300 characters)');
      if (!(await this.deps.store.media.byId(input.mediaId))) throw InvalidAd(`no image ${input.mediaId} in the media library`);
      return { campaignId, slot, kind: 'image' as const, mediaId: input.mediaId, alt, url, html: null };
    }
    const html = input.html.trim();
    if (!html || html.length > 20_000) throw InvalidAd('a tag creative needs its HTML (up to 20,000 characters)');
    const allowed = await this.tagOrigins();
    const strange = originsIn(html).filter((o) => !allowed.includes(o));
    if (strange.length) throw InvalidAd(`the tag loads from origins not on the allowed list: ${strange.join(', ')}`);
    return { campaignId, slot, kind: 'tag' as const, mediaId: null, alt: '', url: '', html };
  }

  async addCampaign(input: CampaignInput, by: string): Promise<number> {
    const fields = await this.campaignFields(input);
    return this.write('ads.campaign.add', `campaign:${fields.name}`, by, {}, (repos) => repos.ads.insertCampaign(fields, by, this.deps.clock()));
  }

  async updateCampaign(id: number, input: CampaignInput, by: string): Promise<void> {
    await this.campaign(id);
    const fields = await this.campaignFields(input);
    await this.write('ads.campaign.edit', `campaign:${id}`, by, {}, (repos) => repos.ads.updateCampaign(id, fields));
  }

  /** Ends a campaign now: its creatives leave every page at once. */
  async endCampaign(id: number, by: string): Promise<void> {
    await this.campaign(id);
    await this.write('ads.campaign.end', `campaign:${id}`, by, {}, (repos) => repos.ads.endCampaign(id, this.deps.clock()));
  }

  async campaign(id: number): Promise<AdCampaignRecord> {
    const c = await this.deps.store.ads.campaign(id);
    if (!c) throw AdNotFound(`Campaign ${id}`);
    return c;
  }

  /** A campaign as its form shows it: companies by slug, so that saving it again changes nothing. */
  async campaignInput(id: number): Promise<CampaignInput & { readonly id: number }> {
    const c = await this.campaign(id);
    const slugOf = async (cid: number) => (await this.deps.store.companies.byId(cid))?.slug;
    const slugs = async (ids: readonly number[]) => (await Promise.all(ids.map(slugOf))).filter((s): s is string => Boolean(s));
    return {
      id,
      name: c.name,
      advertiser: c.advertiserId === null ? undefined : await slugOf(c.advertiserId),
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      weight: c.weight,
      impressionCap: c.impressionCap,
      clickCap: c.clickCap,
      sections: c.sections,
      tags: c.tags,
      companies: await slugs(c.companies),
      avoidCompanies: await slugs(c.avoidCompanies),
      siteId: c.siteId,
    };
  }

  async addCreative(campaignId: number, input: CreativeInput, by: string): Promise<number> {
    await this.campaign(campaignId);
    const fields = await this.creativeFields(campaignId, input);
    return this.write('ads.creative.add', `campaign:${campaignId}`, by, { slot: fields.slot, kind: fields.kind }, (repos) => repos.ads.insertCreative(fields, this.deps.clock()));
  }

  /**
   * A campaign with one image creative in one step (`masthead ads add`): the image file is
   * uploaded to the media library first. Returns the creative's id.
   */
  async addImageAd(campaign: CampaignInput, image: { filename: string; data: Buffer }, creative: { slot: string; alt: string; url: string }, by: string): Promise<{ id: number; campaignId: number }> {
    const fields = await this.campaignFields(campaign);
    if (!adSlotOf(creative.slot)) throw InvalidAd(`unknown slot "${creative.slot}" (leaderboard, sidebar, in-article, list, newsletter)`);
    if (!httpUrl(creative.url)) throw InvalidAd('the click-through URL must be an http(s) URL');
    if (!creative.alt.trim()) throw InvalidAd('describe the image (alt text)');
    if (!this.deps.uploadImage) throw InvalidAd('no media library to upload the image to');
    const mediaId = await this.deps.uploadImage(image, creative.alt.trim());
    const made = await this.creativeFields(0, { kind: 'image', slot: creative.slot, mediaId, alt: creative.alt, url: creative.url });
    return this.write('ads.add', `campaign:${fields.name}`, by, {}, async (repos) => {
      const campaignId = await repos.ads.insertCampaign(fields, by, this.deps.clock());
      const id = await repos.ads.insertCreative({ ...made, campaignId }, this.deps.clock());
      return { id, campaignId };
    });
  }

  /**
   * Every campaign that runs on a site (its own and every-site ones; with no site, all of them),
   * with its advertiser, whether it runs now, and its creatives with their counts.
   */
  async list(siteId?: number): Promise<CampaignSummary[]> {
    const [all, creatives, totals] = await Promise.all([this.deps.store.ads.campaigns(), this.deps.store.ads.creatives(), this.deps.store.ads.totals()]);
    const campaigns = all.filter((c) => runsOn(c, siteId));
    const now = this.deps.clock();
    const out: CampaignSummary[] = [];
    for (const c of campaigns) {
      const own = creatives.filter((k) => k.campaignId === c.id).map((k) => ({ ...k, impressions: totals.get(k.id)?.impressions ?? 0, clicks: totals.get(k.id)?.clicks ?? 0 }));
      const company = c.advertiserId === null ? undefined : await this.deps.store.companies.byId(c.advertiserId);
      out.push({ ...c, advertiser: company ? { id: Number(company.id), name: company.name } : null, live: isLive(c, own, now), creatives: own });
    }
    return out;
  }

  /** The creatives of the campaigns that run on a site (all with no site). */
  private async creativesOn(siteId: number | undefined): Promise<{ campaigns: AdCampaignRecord[]; creatives: AdCreativeRecord[] }> {
    const [all, creatives] = await Promise.all([this.deps.store.ads.campaigns(), this.deps.store.ads.creatives()]);
    const campaigns = all.filter((c) => runsOn(c, siteId));
    const ids = new Set(campaigns.map((c) => c.id));
    return { campaigns, creatives: creatives.filter((k) => ids.has(k.campaignId)) };
  }

  /** Counts per creative per day: of the campaigns that run on a site (its own and every-site ones), or all. */
  async report(siteId?: number): Promise<AdCountRow[]> {
    if (siteId === undefined) return this.deps.store.ads.report();
    return this.deps.store.ads.report((await this.creativesOn(siteId)).creatives.map((k) => k.id));
  }

  /** The report as CSV for an advertiser: one campaign's creatives, or all (of a site's campaigns, given one). */
  async reportCsv(campaignId?: number, siteId?: number): Promise<string> {
    const { campaigns, creatives } = await this.creativesOn(siteId);
    const mine = creatives.filter((k) => campaignId === undefined || k.campaignId === campaignId);
    const byId = new Map(mine.map((k) => [k.id, k]));
    const names = new Map(campaigns.map((c) => [c.id, c.name]));
    let csv = csvRow(['campaign', 'creative', 'slot', 'day', 'impressions', 'clicks']);
    for (const r of await this.deps.store.ads.report(mine.map((k) => k.id))) {
      const k = byId.get(r.creativeId);
      if (k) csv += csvRow([names.get(k.campaignId) ?? '', k.id, k.slot, r.day, r.impressions, r.clicks]);
    }
    return csv;
  }

  /**
   * What each slot of a page may show now: the live creatives whose campaign's targeting matches
   * the page, with their weights. The page (and the page cache) carries all of them; the reader's
   * browser picks one per view, so the cache never freezes a choice.
   */
  async placements(target: AdTarget): Promise<AdPlacements> {
    // Read once per content version (forget() drops it), not once per page.
    if (!this.setup) {
      const read = Promise.all([this.deps.store.ads.campaigns(), this.deps.store.ads.creatives()]);
      this.setup = read;
      // A failed read is not kept.
      read.catch(() => {
        if (this.setup === read) this.setup = undefined;
      });
    }
    const [campaigns, creatives] = await this.setup;
    if (!creatives.length) return {};
    const totals = await this.deps.store.ads.totals();
    const now = this.deps.clock();
    const images = await this.deps.store.media.images(creatives.flatMap((k) => (k.kind === 'image' && k.mediaId !== null ? [k.mediaId] : [])));
    const out: Partial<Record<AdSlotName, AdChoice[]>> = {};
    for (const c of campaigns) {
      const own = creatives.filter((k) => k.campaignId === c.id);
      // With several sites, only this site's and every-site campaigns.
      if (!runsOn(c, target.siteId) || !isLive(c, own.map((k) => ({ ...k, ...(totals.get(k.id) ?? { impressions: 0, clicks: 0 }) })), now) || !matches(c, target)) continue;
      for (const k of own) {
        const slot = k.slot as AdSlotName;
        let choice: AdChoice;
        if (k.kind === 'image') {
          const img = k.mediaId === null ? undefined : images.get(k.mediaId);
          if (!img) continue;
          choice = { id: k.id, weight: c.weight, kind: 'image', src: `/ads/i/${k.id}`, href: `/ads/c/${k.id}`, alt: k.alt, width: img.width, height: img.height };
        } else {
          choice = { id: k.id, weight: c.weight, kind: 'tag', src: `/ads/f/${k.id}` };
        }
        out[slot] = [...(out[slot] ?? []), choice];
      }
    }
    return out;
  }

  /** Reads campaigns and creatives afresh for the next page (the content version moved). */
  forget(): void {
    this.setup = undefined;
  }

  /**
   * Whether the set of creatives that may show changed since the last call (a campaign started or
   * ended by the clock, or reached a cap): the caller then empties its page cache. The first call
   * only records the set.
   */
  async liveChanged(): Promise<boolean> {
    const [campaigns, creatives, totals] = await Promise.all([this.deps.store.ads.campaigns(), this.deps.store.ads.creatives(), this.deps.store.ads.totals()]);
    const now = this.deps.clock();
    const live = campaigns
      .filter((c) => isLive(c, creatives.filter((k) => k.campaignId === c.id).map((k) => ({ ...k, ...(totals.get(k.id) ?? { impressions: 0, clicks: 0 }) })), now))
      .map((c) => c.id)
      .join(',');
    const changed = this.lastLive !== undefined && this.lastLive !== live;
    this.lastLive = live;
    return changed;
  }

  /**
   * A creative, when its campaign runs on the asking site (any site when none is given): another
   * site's creative is unknown there, so its beacons neither count nor redirect on that host.
   */
  private async creativeOn(creativeId: number, siteId: number | undefined): Promise<AdCreativeRecord | undefined> {
    const k = await this.deps.store.ads.creative(creativeId);
    if (!k || siteId === undefined) return k;
    const c = await this.deps.store.ads.campaign(k.campaignId);
    return c && runsOn(c, siteId) ? k : undefined;
  }

  /**
   * An image creative was loaded: counts the impression (not for crawlers) and returns the image's
   * file URL. Undefined for an unknown creative.
   */
  async impression(creativeId: number, userAgent: string | undefined, siteId?: number): Promise<string | undefined> {
    const k = await this.creativeOn(creativeId, siteId);
    if (k?.kind !== 'image' || k.mediaId === null) return undefined;
    const image = (await this.deps.store.media.images([k.mediaId])).get(k.mediaId);
    if (!image) return undefined;
    if (!isCrawler(userAgent)) await this.deps.store.ads.count(k.id, utcDay(this.deps.clock()), 'impressions');
    // The largest stored width up to 1,200 in the uploaded format: an ad is never wider.
    const fits = image.variants.filter((v) => v.format === image.format).sort((a, b) => a.width - b.width);
    const best = fits.filter((v) => v.width <= 1200).at(-1) ?? fits[0];
    return best ? `/media/${image.id}/${best.width}.${best.format === 'jpeg' ? 'jpg' : best.format}` : undefined;
  }

  /**
   * A click: counts it (not for crawlers) and returns the creative's own stored URL, the only
   * place the click redirect may go. Undefined for an unknown creative or a tag (its clicks are
   * the ad server's).
   */
  async click(creativeId: number, userAgent: string | undefined, siteId?: number): Promise<string | undefined> {
    const k = await this.creativeOn(creativeId, siteId);
    if (k?.kind !== 'image' || !k.url) return undefined;
    if (!isCrawler(userAgent)) await this.deps.store.ads.count(k.id, utcDay(this.deps.clock()), 'clicks');
    return k.url;
  }

  /** A tag creative's framed document was loaded: counts the impression; returns its HTML and the origins its CSP allows. */
  async tagFrame(creativeId: number, userAgent: string | undefined, siteId?: number): Promise<{ html: string; origins: string[] } | undefined> {
    const k = await this.creativeOn(creativeId, siteId);
    if (k?.kind !== 'tag' || !k.html) return undefined;
    if (!isCrawler(userAgent)) await this.deps.store.ads.count(k.id, utcDay(this.deps.clock()), 'impressions');
    return { html: k.html, origins: await this.tagOrigins() };
  }

  /** A site's ads.txt (IAB), as an admin wrote it: each site its own, since ads.txt is per host. */
  async adsTxt(siteId?: number): Promise<string> {
    return (await this.deps.store.ads.setting(adsTxtKey(siteId))) ?? '';
  }

  async setAdsTxt(text: string, by: string, siteId?: number): Promise<void> {
    const clean = text.replace(/\r\n?/g, '\n');
    if (clean.length > 100_000) throw InvalidAd('ads.txt is limited to 100,000 characters');
    const key = adsTxtKey(siteId);
    await this.write('ads.txt', key, by, {}, (repos) => repos.ads.putSetting(key, clean, this.deps.clock()));
  }

  /** The site's sellers.json (IAB), as an admin wrote it and `checkSellersJson` accepted it ('' when none). */
  async sellersJson(): Promise<string> {
    return (await this.deps.store.ads.setting('sellers_json')) ?? '';
  }

  async setSellersJson(text: string, by: string): Promise<void> {
    if (text.length > 500_000) throw InvalidAd('sellers.json is limited to 500,000 characters');
    const clean = checkSellersJson(text);
    await this.write('sellers.json', 'sellers.json', by, {}, (repos) => repos.ads.putSetting('sellers_json', clean, this.deps.clock()));
  }

  /** The origins tag creatives may load from. */
  async tagOrigins(): Promise<string[]> {
    return parseOrigins((await this.deps.store.ads.setting('tag_origins')) ?? '').origins;
  }

  async setTagOrigins(text: string, by: string): Promise<void> {
    const { origins, refused } = parseOrigins(text);
    if (refused.length) throw InvalidAd(`not origins (write https://host): ${refused.join(', ')}`);
    await this.write('ads.tag-origins', 'tag-origins', by, { origins }, (repos) => repos.ads.putSetting('tag_origins', origins.join('\n'), this.deps.clock()));
  }
}

/** Whether a campaign runs on a site: its own or an every-site campaign; any, when no site is asked (one site). */
function runsOn(c: Pick<AdCampaignRecord, 'siteId'>, siteId: number | undefined): boolean {
  return siteId === undefined || c.siteId === null || c.siteId === siteId;
}

/**
 * Where a site's ads.txt is kept in `ad_settings`: the first site's (and a one-site
 * installation's) under `ads_txt`, as before sites; each other site's under `ads_txt:<id>`.
 */
function adsTxtKey(siteId: number | undefined): string {
  return siteId === undefined || siteId === FIRST_SITE_ID ? 'ads_txt' : `ads_txt:${siteId}`;
}

/** The disabled account that images uploaded by `masthead ads add` belong to (nobody can sign in as it). */
export async function adsUploader(store: Pick<Store, 'users'>, now: number): Promise<UserRecord> {
  const email = 'advertising@masthead.invalid';
  const existing = await store.users.byEmail(email);
  if (existing) return existing;
  const id = await store.users.insert({ email, name: 'Advertising (command line)', role: 'contributor', passwordHash: '!', now });
  await store.users.setDisabled(id, true);
  return (await store.users.byId(id))!;
}
