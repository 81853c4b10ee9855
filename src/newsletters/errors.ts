import { defineError } from '../lib/errors.ts';

export const NewsletterListExists = defineError('MH_NEWSLETTER_LIST_EXISTS', 409, (slug: string) => `A newsletter list "${slug}" already exists`);
export const NewsletterListNotFound = defineError('MH_NEWSLETTER_LIST_NOT_FOUND', 404, (slug: string) => `No newsletter list "${slug}"`);
export const InvalidNewsletterList = defineError('MH_INVALID_NEWSLETTER_LIST', 422, (why: string) => why);
export const NothingToSend = defineError('MH_NEWSLETTER_EMPTY', 422, (list: string) => `No articles were published since the last issue of "${list}": nothing to send`);
/** The editor's draft has no story (same code: a scheduled send skips it like an empty issue). */
export const EmptyDraft = defineError('MH_NEWSLETTER_EMPTY', 422, (list: string) => `The draft of "${list}" has no story: add one on the compose page before sending`);
export const InvalidUnsubscribeLink = defineError('MH_INVALID_UNSUBSCRIBE_LINK', 400, () => 'This unsubscribe link is not valid. Use the link in a newsletter you received.');
export const InvalidSubscriberFile = defineError('MH_INVALID_SUBSCRIBER_FILE', 422, (why: string) => why);
export const InvalidConfirmLink = defineError('MH_INVALID_CONFIRM_LINK', 400, () => 'This confirmation link is not valid or has expired (links last 7 days). Sign up again to get a new one.');
export const InvalidSignUp = defineError('MH_INVALID_SIGN_UP', 422, (why: string) => why);
/** Sign-ups send mail: one address may not use the form to flood inboxes. */
export const SignUpRateLimited = defineError('MH_RATE_LIMITED', 429, (retryIn: string) => `Too many sign-ups from your address: try again in ${retryIn}.`);
/** ESP webhooks (esp-webhook.ts): not set up, unsigned, badly signed or stale, or too many. */
export const WebhookNotConfigured = defineError('MH_WEBHOOK_NOT_CONFIGURED', 404, (provider: string) => `No ${provider} webhook is set up here`);
export const WebhookUnsigned = defineError('MH_WEBHOOK_UNSIGNED', 401, () => 'The webhook request is not signed');
export const WebhookBadSignature = defineError('MH_WEBHOOK_BAD_SIGNATURE', 403, (why: string) => `The webhook request's signature is not valid: ${why}`);
export const WebhookRateLimited = defineError('MH_RATE_LIMITED', 429, () => 'Too many webhook requests: try again in a minute');
export const InvalidWebhook = defineError('MH_INVALID_WEBHOOK', 400, (why: string) => why);
