/**
 * @module ads
 * Advertising: campaigns and creatives in named slots, targeting by section, tag and the companies
 * a page names, per-view weighted rotation that keeps the page cache (the page carries the
 * eligible creatives; a first-party script picks one), counting impressions and clicks per
 * creative per day without cookies, ads.txt and the origins tag creatives may load from.
 * See docs/advertising.md.
 * @example
 * const ads = new AdsService({ store, clock: Date.now });
 * const slots = await ads.placements({ section: 'rail', tags: [], companies: [12] });
 */
export { AD_SLOTS, type AdSlotName, adSlotOf } from './ad-slots.ts';
export { type AdChoice, type AdPlacements, AdsService, type AdTarget, adsUploader, type CampaignInput, type CampaignSummary, type CreativeInput, type ImageUploader, utcDay } from './ads-service.ts';
export { isCrawler } from './crawlers.ts';
export { csvCell, csvRow } from './csv.ts';
export * from './errors.ts';
export { originsIn, parseOrigins } from './tag-origins.ts';
export { isLive, matches } from './targeting.ts';
