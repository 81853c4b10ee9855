import type { MailTemplate, TemplatedMessage } from '../mail/index.ts';
import type { NewsletterIssueRecord, NewsletterList, OutboxRow, Repositories } from '../store/index.ts';
import { type RenderedIssue, UNSUBSCRIBE_MARK } from './issue-email.ts';
import type { OutboxHandler } from './outbox-sender.ts';
import { unsubscribeToken } from './unsubscribe-token.ts';

/** Hard bounces (on any list) after which no mail goes to an address. */
export const HARD_BOUNCE_LIMIT = 3;

/**
 * How the outbox sends one issue: the issue rendered once and made one mail template (only the
 * unsubscribe link differs, filled per recipient), with RFC 8058 one-click unsubscribe headers; a recipient who
 * unsubscribed or was suppressed since queuing is skipped; a permanent failure is a hard bounce.
 */
export function issueHandler(
  ctx: { readonly store: Pick<Repositories, 'newsletters' | 'readers'>; readonly clock: () => number; readonly site: { readonly url: string }; readonly secret: string },
  list: NewsletterList,
  issue: NewsletterIssueRecord,
  rendered: RenderedIssue,
): OutboxHandler {
  const { store, clock, site, secret } = ctx;
  const host = new URL(site.url).hostname;
  // One object for the whole issue: the transport composes it once and fills each copy's link in.
  const template: MailTemplate = {
    subject: issue.subject,
    html: rendered.html,
    text: rendered.text,
    headers: {
      'List-Unsubscribe': `<${UNSUBSCRIBE_MARK}>`,
      // RFC 8058: the mailbox provider's one-click button POSTs `List-Unsubscribe=One-Click` to the URL above.
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': `<${list.slug}.${host}>`,
    },
    marks: [UNSUBSCRIBE_MARK],
  };
  return {
    prepare: async (rows: readonly OutboxRow[]) => {
      const receiving = await store.newsletters.stillReceiving(list.id, rows.map((r) => r.readerId));
      return (row: OutboxRow): TemplatedMessage | null => {
        if (!receiving.has(row.readerId)) return null;
        return { to: row.email, template, values: [`${site.url}/newsletters/unsubscribe?t=${unsubscribeToken(secret, row.readerId, list.id)}`] };
      };
    },
    bounced: async (row) => {
      const now = clock();
      await store.newsletters.end(list.id, row.readerId, 'bounced', now);
      await store.readers.recordHardBounce(row.readerId, now, HARD_BOUNCE_LIMIT);
    },
  };
}
