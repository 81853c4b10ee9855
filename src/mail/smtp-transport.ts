import fs from 'node:fs';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { fillTemplate, isTemplated, type MailTemplate, type TemplatedMessage } from './mail-template.ts';
import type { MailMessage, MailTransport, SendOutcome } from './mail-transport.ts';
import { MimeTemplate } from './mime-template.ts';

export interface SmtpTransportOptions {
  /** `smtp://user:pass@host:port` or `smtps://…`; credentials in the URL. */
  readonly url: string;
  readonly from: string;
  readonly dkim: { readonly domain: string; readonly selector: string; readonly privateKeyFile: string } | null;
  /** Connections kept open to the server (the sender's concurrency). */
  readonly connections?: number;
}

/**
 * Sends through an SMTP server with nodemailer, over a pool of connections kept open (one per
 * message in flight), DKIM-signed when configured. A templated message (a newsletter's copy) is
 * composed once per template and filled per recipient, then sent as it is (`raw`).
 */
export class SmtpTransport implements MailTransport {
  readonly description: string;
  private readonly transporter: Transporter;
  private readonly from: string;
  private readonly compiled = new WeakMap<MailTemplate, Promise<MimeTemplate | null>>();

  constructor(options: SmtpTransportOptions) {
    const url = new URL(options.url);
    // Never log the credentials.
    this.description = `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}`;
    this.from = options.from;
    this.transporter = nodemailer.createTransport({
      url: options.url,
      pool: true,
      maxConnections: options.connections ?? 4,
      // A pooled connection sends many messages; nodemailer's default of 100 reconnects often at newsletter volume.
      maxMessages: 10_000,
      ...(options.dkim
        ? { dkim: { domainName: options.dkim.domain, keySelector: options.dkim.selector, privateKey: fs.readFileSync(options.dkim.privateKeyFile, 'utf8') } }
        : {}),
    });
  }

  async send(message: MailMessage | TemplatedMessage): Promise<SendOutcome> {
    if (!isTemplated(message)) return this.sendWhole(message);
    let compiled = this.compiled.get(message.template);
    if (!compiled) {
      // A template that cannot be composed once is sent the slow way, never not at all.
      compiled = MimeTemplate.compile(message.template, message.template.from ?? this.from).catch(() => null);
      this.compiled.set(message.template, compiled);
    }
    const template = await compiled;
    const raw = template?.build(message.to, message.values);
    if (!template || !raw) return this.sendWhole(fillTemplate(message));
    return this.deliver({ envelope: { from: template.envelopeFrom, to: [message.to] }, raw });
  }

  private sendWhole(message: MailMessage): Promise<SendOutcome> {
    return this.deliver({
        from: message.from ?? this.from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
      headers: message.headers ? { ...message.headers } : undefined,
    });
  }

  private async deliver(mail: SendMailOptions): Promise<SendOutcome> {
    try {
      const info = await this.transporter.sendMail(mail);
      if (info.rejected?.length) return { ok: false, permanent: true, code: null, reason: `rejected: ${info.rejected.join(', ')}` };
      return { ok: true, messageId: info.messageId ?? null };
    } catch (err) {
      return classify(err);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

/**
 * A 5xx reply is permanent; a 4xx reply, a network fault or anything unknown is temporary (the
 * sender's retries are bounded, so an unknown fault costs a few tries, not a lost reader). An
 * address nodemailer cannot even put on the envelope is permanent.
 */
export function classify(err: unknown): SendOutcome & { ok: false } {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const reason = e?.message ?? String(err);
  if (typeof e?.responseCode === 'number') return { ok: false, permanent: e.responseCode >= 500, code: e.responseCode, reason };
  return { ok: false, permanent: e?.code === 'EENVELOPE', code: null, reason };
}
