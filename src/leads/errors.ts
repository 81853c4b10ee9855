import { defineError } from '../lib/errors.ts';

export const LeadAssetNotFound = defineError('MH_LEAD_ASSET_NOT_FOUND', 404, (what: string) => `No resource ${what}`);
export const InvalidLeadAsset = defineError('MH_INVALID_LEAD_ASSET', 422, (why: string) => `Invalid resource: ${why}`);
export const LeadConsentRequired = defineError('MH_LEAD_CONSENT_REQUIRED', 422, (sponsor: string) => `Tick the box to agree to share your details with ${sponsor} before downloading.`);
export const LeadProfileIncomplete = defineError('MH_LEAD_PROFILE_INCOMPLETE', 422, (fields: string) => `Fill in ${fields} first.`);
export const LeadRequired = defineError('MH_LEAD_REQUIRED', 403, () => 'Register for this resource first: the download is for readers who agreed to share their details.');
