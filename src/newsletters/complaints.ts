import { readUnsubscribeToken } from './unsubscribe-token.ts';

/** Who a complaint is about: the reader and list our own unsubscribe link names, else an address. */
export type ComplaintTarget = { readonly readerId: number; readonly listId: number } | { readonly email: string };

/**
 * Reads a spam complaint as mailbox providers' feedback loops send it: an ARF report (RFC 5965,
 * `multipart/report; report-type=feedback-report`) with the complained-of message or its headers
 * attached. The attached `List-Unsubscribe` carries our signed token (reader and list, which an
 * address alone would not say); Yahoo, Microsoft and most ESPs keep it. Failing that, the report's
 * `Original-Rcpt-To`. Folded header lines are joined first; anything not signed by `secret` is
 * ignored, so a forged report can suppress no one by token.
 */
export function complaintTarget(report: string, secret: string): ComplaintTarget | undefined {
  const text = report.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  for (const m of text.matchAll(/\/newsletters\/unsubscribe\?t=(u1\.\d{1,15}\.\d{1,15}\.[A-Za-z0-9_-]{43})/g)) {
    const claim = readUnsubscribeToken(secret, m[1] ?? '');
    if (claim) return claim;
  }
  const rcpt = /^Original-Rcpt-To:\s*(?:rfc822;\s*)?<?([^\s<>@]+@[^\s<>@]+)>?\s*$/im.exec(text);
  return rcpt?.[1] ? { email: rcpt[1].toLowerCase() } : undefined;
}
