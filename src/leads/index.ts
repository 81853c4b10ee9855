/**
 * @module leads
 * Lead generation (issue 15): gated assets (white papers, reports, webinar recordings) with a
 * public description page, downloaded by signed-in readers who share the profile fields the
 * sponsor asks for and tick a consent line naming the sponsor; each first download is a lead,
 * listed in the admin, exported as CSV for the sponsor, and withdrawable by the reader.
 * @example
 * const leads = new LeadService({ store, files: mediaStorage, clock: Date.now });
 * await leads.register('fleet-report-2026', reader.id, true); // { recorded: true }
 */
// Store types the web layer uses, under this capability's name (web/ never imports store/).
export type { LeadAssetRecord, LeadRecord } from '../store/index.ts';
export { csvCell, csvRow } from './csv.ts';
export * from './errors.ts';
export { defaultConsent, kindLabel, LEAD_ASSET_KINDS, LEAD_FILE_MAX_BYTES, type LeadAssetInput, type LeadDelivery, LeadService, type LeadServiceDeps, labelOf } from './lead-service.ts';
