import type { AdCampaignFields } from '../store/index.ts';

/** What a page is about, for targeting: its section and tag slugs and the companies it names. */
export interface AdTarget {
  readonly section?: string | undefined;
  readonly tags?: readonly string[];
  readonly companies?: readonly number[];
  /** The page's site (undefined with one site: every campaign runs there). */
  readonly siteId?: number | undefined;
}

/** Whether a campaign runs at `now`: inside its dates and under its caps. */
export function isLive(c: Pick<AdCampaignFields, 'startsAt' | 'endsAt' | 'impressionCap' | 'clickCap'>, creatives: readonly { impressions: number; clicks: number }[], now: number): boolean {
  if (c.startsAt !== null && c.startsAt > now) return false;
  if (c.endsAt !== null && c.endsAt <= now) return false;
  const impressions = creatives.reduce((n, k) => n + k.impressions, 0);
  const clicks = creatives.reduce((n, k) => n + k.clicks, 0);
  if (c.impressionCap !== null && impressions >= c.impressionCap) return false;
  if (c.clickCap !== null && clicks >= c.clickCap) return false;
  return true;
}

/**
 * Whether a campaign's targeting lets it on a page: each kind of condition it sets (sections,
 * tags, companies) must match one of the page's; no company to avoid may be on the page.
 */
export function matches(c: Pick<AdCampaignFields, 'sections' | 'tags' | 'companies' | 'avoidCompanies'>, page: AdTarget): boolean {
  const companies = page.companies ?? [];
  if (c.avoidCompanies.some((id) => companies.includes(id))) return false;
  if (c.sections.length && !(page.section && c.sections.includes(page.section))) return false;
  if (c.tags.length && !c.tags.some((t) => (page.tags ?? []).includes(t))) return false;
  if (c.companies.length && !c.companies.some((id) => companies.includes(id))) return false;
  return true;
}
