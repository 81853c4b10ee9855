import type { ColumnType, Generated } from 'kysely';

/** Epoch milliseconds. */
type Ms = number;

// The audience's tables: readers, their sign-ins, follows and alerts (migrations 0015, 0016), and
// newsletters with the mail outbox (0019). Split from schema.ts to keep each file readable.
/** A reader (the audience), apart from staff users. See migration 0015. */
export interface ReadersTable {
  id: Generated<number>;
  /** Lower-cased. */
  email: string;
  name: string | null;
  company: string | null;
  job_title: string | null;
  industry: string | null;
  country: string | null;
  status: 'pending' | 'active';
  source: 'signup' | 'import' | 'cli';
  created_at: Ms;
  confirmed_at: Ms | null;
  updated_at: Ms;
  hard_bounces: Generated<number>;
  suppressed_at: Ms | null;
  suppressed_reason: string | null;
  /** Migration 0016: 'instant', 'daily' or 'off'. */
  alert_mode: Generated<'instant' | 'daily' | 'off'>;
  /** The secret of the reader's unsubscribe-from-alerts link (0016); null until the first alert. */
  alert_key: string | null;
}

/** A sign-in link asked for (migration 0016): hashes only. */
export interface ReaderSignInsTable {
  id: Generated<number>;
  token_hash: string;
  nonce_hash: string;
  code_hash: string;
  email: string;
  attempts: Generated<number>;
  /** JSON: what to do once signed in. */
  after: string;
  created_at: Ms;
  expires_at: Ms;
  used_at: Ms | null;
}

export interface ReaderSessionsTable {
  token_hash: string;
  reader_id: number;
  csrf_token: string;
  created_at: Ms;
  expires_at: Ms;
}

export interface ReaderRateLimitsTable {
  key: string;
  window_start: Ms;
  hits: number;
}

export type FollowKind = 'company' | 'section' | 'tag' | 'author';

export interface ReaderFollowsTable {
  reader_id: number;
  kind: FollowKind;
  target_id: number;
  created_at: Ms;
}

export interface ReaderAlertsTable {
  reader_id: number;
  article_id: number;
  mode: 'instant' | 'daily';
  queued_at: Ms;
  sent_at: Ms | null;
  /** The alert pass that mailed it (migration 0029); null until one has. */
  pass_id: number | null;
}

/** One pass of alerts through the outbox (migration 0029): its rows are `('alert', id, reader)`. */
export interface AlertPassesTable {
  id: Generated<number>;
  mode: 'instant' | 'daily';
  created_at: Ms;
  finished_at: Ms | null;
}


/** A newsletter list (migration 0019). */
export interface NewsletterListsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  /** null: sent by hand. */
  schedule: string | null;
  created_at: Ms;
  /** The site whose articles its issues carry and whose pages offer it (migration 0034). */
  site_id: ColumnType<number, number | undefined, number>;
}

export type SubscriptionStatus = 'active' | 'unsubscribed' | 'bounced';

export interface NewsletterSubscriptionsTable {
  list_id: number;
  reader_id: number;
  status: SubscriptionStatus;
  source: 'import' | 'signup' | 'admin' | 'cli';
  created_at: Ms;
  updated_at: Ms;
}

export type IssueStatus = 'draft' | 'scheduled' | 'sending' | 'sent';

export interface NewsletterIssuesTable {
  id: Generated<number>;
  list_id: number;
  subject: string;
  intro: ColumnType<string, string | undefined, string>;
  /** JSON array of the issue's articles as assembled. */
  items: string;
  status: IssueStatus;
  covers_until: Ms;
  html: string | null;
  text: string | null;
  created_at: Ms;
  scheduled_at: Ms | null;
  sending_at: Ms | null;
  sent_at: Ms | null;
  issue_date: string | null;
  /** JSON of the creative that bought the issue's sponsor slot (0024), or null. */
  sponsor: ColumnType<string | null, string | null | undefined, string | null>;
  /** The schedule occurrence this issue was made for (0024; unique per list), or null. */
  scheduled_for: ColumnType<Ms | null, Ms | null | undefined, Ms | null>;
}

export type OutboxStatus = 'queued' | 'sent' | 'bounced' | 'failed' | 'skipped';

/** One message to send, for any sender (`kind` + `ref`); see docs/newsletters.md. */
export interface MailOutboxTable {
  id: Generated<number>;
  kind: string;
  ref: number;
  reader_id: number;
  email: string;
  status: OutboxStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Ms;
  lease_owner: string | null;
  lease_until: ColumnType<Ms, Ms | undefined, Ms>;
  last_error: string | null;
  created_at: Ms;
  sent_at: Ms | null;
}
