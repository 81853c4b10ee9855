/**
 * @module mail
 * Sending email: one `MailTransport` interface, SMTP (nodemailer, optional DKIM) as its driver, and
 * a log stand-in for development. Newsletters, sign-in links and alerts all send through it; the
 * composition root chooses the transport from SMTP_URL.
 */
import type { Config } from '../config/index.ts';
import { LogTransport, type MailLog } from './log-transport.ts';
import type { MailTransport } from './mail-transport.ts';
import { SmtpTransport } from './smtp-transport.ts';

export { LogTransport, type MailLog } from './log-transport.ts';
export { escapeHtml, fillTemplate, type MailTemplate, type TemplatedMessage } from './mail-template.ts';
export type { MailMessage, MailTransport, SendOutcome } from './mail-transport.ts';
export { classify as classifySendError, SmtpTransport, type SmtpTransportOptions } from './smtp-transport.ts';

/** The transport the configuration asks for: SMTP when SMTP_URL is set, the log otherwise. */
export function transportFromConfig(mail: Config['mail'], log: MailLog, connections?: number): MailTransport {
  if (!mail.smtpUrl) return new LogTransport(log);
  return new SmtpTransport({ url: mail.smtpUrl, from: mail.from, dkim: mail.dkim, ...(connections ? { connections } : {}) });
}
