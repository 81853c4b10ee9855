import { fillTemplate, isTemplated, type TemplatedMessage } from './mail-template.ts';
import type { MailMessage, MailTransport, SendOutcome } from './mail-transport.ts';

/** The little of a logger this needs (pino fits). */
export interface MailLog {
  info(details: Record<string, unknown>, message: string): void;
}

/**
 * Without SMTP_URL (development, the demo): each message is written to the log with its text part,
 * so a sign-in link can be followed and a newsletter read without a mail server. Never used when
 * SMTP_URL is set.
 */
export class LogTransport implements MailTransport {
  readonly description = 'log (SMTP_URL is not set)';
  private sent = 0;

  constructor(private readonly log: MailLog) {}

  async send(sent: MailMessage | TemplatedMessage): Promise<SendOutcome> {
    const message = isTemplated(sent) ? fillTemplate(sent) : sent;
    this.sent++;
    this.log.info({ mail: { to: message.to, subject: message.subject, headers: message.headers, text: message.text } }, 'mail not sent (no SMTP_URL): logged instead');
    return { ok: true, messageId: `log-${this.sent}` };
  }

  async close(): Promise<void> {}
}
