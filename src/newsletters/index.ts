/**
 * @module newsletters
 * Newsletter lists and subscribers, issues assembled from what was published since a list's last
 * issue, an MJML email rendered once per issue (only the unsubscribe link differs per recipient),
 * the durable outbox sender (leases, rate, concurrency, retries with backoff, bounces), one-click
 * unsubscribe (RFC 8058) and the web archive. See docs/newsletters.md.
 * @example
 * const report = await newsletters.send('daily', (p) => bar.update(p.done));
 * // { issue: 4, recipients: 50000, sent: 49990, failed: 10 }
 */
export * from './errors.ts';
export { type EspEvent, EspWebhooks, WEBHOOK_MAX_AGE_MS, WEBHOOK_RATE, type WebhookKeys } from './esp-webhook.ts';
export { arrangeIssue, type IssueContent, type IssueItem } from './issue-content.ts';
export { issueMjml, renderIssueEmail, UNSUBSCRIBE_MARK } from './issue-email.ts';
export { HARD_BOUNCE_LIMIT } from './issue-handler.ts';
export type { IssueSponsor, SponsorOffer } from './issue-sponsor.ts';
export { SCHEDULE_GRACE_MS, SCHEDULE_JOB } from './newsletter-scheduler.ts';
export {
  type ArchivedIssue,
  type ImportReport,
  NEWSLETTER_KIND,
  type NewsletterDeps,
  NewsletterService,
  type SendProgress,
  type SendReport,
} from './newsletter-service.ts';
export { DEFAULT_SENDER_OPTIONS, type DrainReport, type OutboxHandler, OutboxSender, type OutboxSenderOptions } from './outbox-sender.ts';
export { formatSchedule, latestOccurrence, parseSchedule } from './schedule.ts';
export { CONFIRM_LINK_MS, type ReaderListState, SIGN_UP_LIMITS } from './sign-up.ts';
export { csvField, readSubscriberCsv, SUBSCRIBER_CSV_HEADER, type SubscriberRecord, subscriberCsvLine } from './subscriber-csv.ts';
export { readUnsubscribeToken, unsubscribeToken } from './unsubscribe-token.ts';
