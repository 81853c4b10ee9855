import type { TemplatedMessage } from './mail-template.ts';

/** One message, ready to send: rendered once, with whatever is personal already filled in. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  /** The plain-text part; every message has one (some readers and filters read only that). */
  readonly text: string;
  /** Extra headers, e.g. `List-Unsubscribe`; names are case-insensitive. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Overrides MAIL_FROM (e.g. a newsletter's own sender name). */
  readonly from?: string;
}

/**
 * What became of one message. A temporary failure (an SMTP 4xx, a dropped connection) is worth
 * retrying later; a permanent one (5xx: no such mailbox, refused) is not, and repeated ones suppress
 * the address.
 */
export type SendOutcome =
  | { readonly ok: true; readonly messageId: string | null }
  | { readonly ok: false; readonly permanent: boolean; readonly code: number | null; readonly reason: string };

/**
 * Where mail goes. SMTP is the first driver (any MTA or ESP relay speaks it); an ESP's HTTP API
 * would be another implementation of this interface, so nothing above it knows which is in use.
 */
export interface MailTransport {
  /** Short name for logs and the admin, e.g. `smtp://mail.example.com:587`. */
  readonly description: string;
  /** A templated message is one recipient's copy of a shared template (see `mail-template.ts`). */
  send(message: MailMessage | TemplatedMessage): Promise<SendOutcome>;
  close(): Promise<void>;
}
