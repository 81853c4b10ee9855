/**
 * @module readers
 * Reader accounts (magic-link sign-in, double opt-in, profile, export and deletion), follows of
 * companies, sections, tags and authors, and the alerts they bring: queued by a publish stage in the
 * article's own transaction, sent by a dispatcher on the scheduler's tick (one node at a time).
 * @example
 * const accounts = new ReaderAccountService({ store, clock, mail, siteUrl, siteTitle: () => 'Trade News', requiredFields: () => [] });
 * const { nonce } = await accounts.requestSignIn('ana@example.com', '203.0.113.9');
 */
// Store types the web layer uses, under this capability's name (web/ never imports store/).
export type { FollowKind, FollowRecord, ReaderRecord } from '../store/index.ts';
export { ALERTS_JOB, AlertDispatcher, type AlertDispatcherDeps, DIGEST_HOUR, DIGEST_JOB, localDayHour } from './alert-dispatcher.ts';
export { alertMail } from './alert-mail.ts';
export { alertStage } from './alert-stage.ts';
export * from './errors.ts';
export { type AlertMode, FOLLOW_KINDS, FollowService, type FollowServiceDeps } from './follow-service.ts';
export { missingFields, PROFILE_FIELDS, type ProfileField, requiredFieldsFrom } from './profile.ts';
export {
  type AfterSignIn,
  CODE_ATTEMPTS,
  READER_SESSION_TTL_MS,
  type ReaderAccountDeps,
  ReaderAccountService,
  type ReaderSession,
  SIGN_IN_LIMITS,
  SIGN_IN_TTL_MS,
} from './reader-account-service.ts';
export { sameSecret } from './secrets.ts';
