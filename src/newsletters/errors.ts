import { defineError } from '../lib/errors.ts';

export const NewsletterListExists = defineError('MH_NEWSLETTER_LIST_EXISTS', 409, (slug: string) => `A newsletter list "${slug}" already exists`);
export const NewsletterListNotFound = defineError('MH_NEWSLETTER_LIST_NOT_FOUND', 404, (slug: string) => `No newsletter list "${slug}"`);
export const InvalidNewsletterList = defineError('MH_INVALID_NEWSLETTER_LIST', 422, (why: string) => why);
export const NothingToSend = defineError('MH_NEWSLETTER_EMPTY', 422, (list: string) => `No articles were published since the last issue of "${list}": nothing to send`);
export const InvalidUnsubscribeLink = defineError('MH_INVALID_UNSUBSCRIBE_LINK', 400, () => 'This unsubscribe link is not valid. Use the link in a newsletter you received.');
export const InvalidSubscriberFile = defineError('MH_INVALID_SUBSCRIBER_FILE', 422, (why: string) => why);
