import { defineError } from '../lib/errors.ts';

export const InvalidSite = defineError('MH_INVALID_SITE', 422, (why: string) => `Invalid site: ${why}`);
export const SiteNotFound = defineError('MH_SITE_NOT_FOUND', 404, (slug: string) => `No site with the slug ${slug}`);
export const HostTaken = defineError('MH_HOST_TAKEN', 409, (host: string, slug: string) => `The host ${host} already belongs to the site ${slug}`);
