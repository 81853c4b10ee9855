import { expect, it } from 'vitest';
import type { MailMessage, MailTransport, SendOutcome } from '../mail/index.ts';
import type { OutboxOutcome, OutboxRow, Store } from '../store/index.ts';
import { OutboxSender } from './outbox-sender.ts';

const message: MailMessage = { to: 'r@example.com', subject: 's', html: '<p>h</p>', text: 't' };

it('writes outcomes in groups, yet never has more messages sent and unrecorded than the concurrency (all a crash can double)', async () => {
  const rows: OutboxRow[] = Array.from({ length: 120 }, (_, i) => ({ id: i + 1, kind: 'newsletter', ref: 1, readerId: i + 1, email: `r${i}@example.com`, status: 'queued', attempts: 0 }));
  const batches = [rows];
  let unrecorded = 0;
  let most = 0;
  const writes: OutboxOutcome[][] = [];
  // A slow database: each group write takes a few milliseconds, while the SMTP server answers at once.
  const outbox = {
    claim: async () => batches.shift() ?? [],
    renew: async () => {},
    release: async () => {},
    record: async (_token: string, _now: number, outcomes: readonly OutboxOutcome[]) => {
      await new Promise((resolve) => setTimeout(resolve, 3));
      writes.push([...outcomes]);
      unrecorded -= outcomes.length;
    },
  } as unknown as Store['outbox'];
  const transport: MailTransport = {
    description: 'fake',
    send: async (): Promise<SendOutcome> => {
      await new Promise((resolve) => setImmediate(resolve));
      most = Math.max(most, ++unrecorded);
      return { ok: true, messageId: null };
    },
    close: async () => {},
  };
  const sender = new OutboxSender({ store: { outbox }, transport, clock: () => 0 }, { rate: 1e6, concurrency: 4, leaseMs: 60_000, maxAttempts: 6, retryBaseMs: 60_000 });
  const report = await sender.drain('newsletter', 1, { prepare: async () => () => message, bounced: async () => {} });
  expect(report).toMatchObject({ sent: 120, failed: 0, retrying: 0 });
  expect(most).toBeLessThanOrEqual(4);
  // Every row recorded exactly once, as sent, in fewer writes than messages.
  expect(
    writes
      .flat()
      .map((o) => o.id)
      .sort((a, b) => a - b),
  ).toEqual(rows.map((r) => r.id));
  expect(writes.flat().every((o) => o.status === 'sent')).toBe(true);
  expect(writes.length).toBeLessThan(120);
});
