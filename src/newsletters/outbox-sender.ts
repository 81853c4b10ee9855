import { randomUUID } from 'node:crypto';
import type { MailMessage, MailTransport, SendOutcome, TemplatedMessage } from '../mail/index.ts';
import type { OutboxOutcome, OutboxRow, Store } from '../store/index.ts';

/** How one kind of outbox message is made and what a bounce means for it. */
export interface OutboxHandler {
  /**
   * Called once per claimed batch: returns the message for each row, or null to skip it (the
   * reader unsubscribed or was suppressed after the row was queued). One query per batch, not per message.
   */
  prepare(rows: readonly OutboxRow[]): Promise<(row: OutboxRow) => MailMessage | TemplatedMessage | null>;
  /** A permanent refusal (5xx) of this row's address. */
  bounced(row: OutboxRow, outcome: SendOutcome & { ok: false }): Promise<void>;
}

export interface OutboxSenderOptions {
  /** Messages a second this sender starts at most. */
  readonly rate: number;
  /** Messages in flight at once: also the most a crash can send twice. */
  readonly concurrency: number;
  /** How long a claimed batch is this sender's before another may take it over (renewed while working). */
  readonly leaseMs: number;
  /** Temporary failures tried this many times in all before the message is marked failed. */
  readonly maxAttempts: number;
  /** The first retry waits this long; each later one twice as long. */
  readonly retryBaseMs: number;
}

export const DEFAULT_SENDER_OPTIONS: OutboxSenderOptions = { rate: 100, concurrency: 4, leaseMs: 60_000, maxAttempts: 6, retryBaseMs: 60_000 };

export interface OutboxSenderDeps {
  readonly store: Pick<Store, 'outbox'>;
  readonly transport: MailTransport;
  /** Wall-clock time for the outbox's timestamps (injected: tests move it to make retries due). */
  readonly clock: () => number;
  /** This process's name in leases. */
  readonly node?: string;
  /** Monotonic time and sleeping, for pacing (injectable for tests). */
  readonly monotonic?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What one `drain` did. */
export interface DrainReport {
  readonly sent: number;
  readonly bounced: number;
  readonly failed: number;
  readonly skipped: number;
  readonly retrying: number;
}

/**
 * Group commit for outcomes: those that arrive while a write is under way (or in the same turn of
 * the event loop) go out together in the next write, one statement for all of them. Each `add`
 * resolves once its outcome is written.
 */
class OutcomeWriter {
  private open: { outcomes: OutboxOutcome[]; written: Promise<void> } | null = null;
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly write: (outcomes: readonly OutboxOutcome[]) => Promise<void>) {}

  add(outcome: OutboxOutcome): Promise<void> {
    if (!this.open) {
      const group: { outcomes: OutboxOutcome[]; written: Promise<void> } = { outcomes: [], written: Promise.resolve() };
      group.written = this.last
        // setImmediate: every reply already read off the sockets joins this write.
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(() => {
          this.open = null;
          return this.write(group.outcomes);
        });
      this.last = group.written.catch(() => {});
      this.open = group;
    }
    this.open.outcomes.push(outcome);
    return this.open.written;
  }
}

/**
 * Sends what is due in one set of the outbox (`kind` + `ref`) until none is left to claim: claims a
 * batch under a lease (one statement), sends it with at most `concurrency` messages in flight and at
 * most `rate` started a second, and renews the lease while it works. Outcomes are written in groups
 * (one statement for all that arrived together), and a message's slot is taken by the next one only
 * once its outcome is written: so sent-but-unrecorded messages, all a crash can send twice, never
 * number more than `concurrency`. Temporary failures go back to the queue with exponential backoff;
 * permanent ones are marked and handed to the handler.
 * @example
 * const report = await sender.drain('newsletter', issueId, handler, (done) => bar.update(done));
 */
export class OutboxSender {
  private readonly node: string;
  private readonly monotonic: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private nextStart = 0;

  constructor(
    private readonly deps: OutboxSenderDeps,
    private readonly options: OutboxSenderOptions = DEFAULT_SENDER_OPTIONS,
  ) {
    this.node = deps.node ?? `sender-${randomUUID()}`;
    this.monotonic = deps.monotonic ?? (() => performance.now());
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Messages per claimed batch: about a third of a lease's worth of sending, so a batch ends well inside its lease. */
  get batchSize(): number {
    return Math.max(this.options.concurrency, Math.min(500, Math.floor((this.options.rate * this.options.leaseMs) / 3000)));
  }

  async drain(kind: string, ref: number, handler: OutboxHandler, onProgress?: (finished: number) => void, signal?: AbortSignal): Promise<DrainReport> {
    const { store, clock } = this.deps;
    const report = { sent: 0, bounced: 0, failed: 0, skipped: 0, retrying: 0 };
    let finished = 0;
    while (!signal?.aborted) {
      const token = `${this.node}:${randomUUID()}`;
      const batch = await store.outbox.claim(kind, ref, token, clock(), this.options.leaseMs, this.batchSize);
      if (!batch.length) break;
      const renew = setInterval(() => void store.outbox.renew(token, clock() + this.options.leaseMs).catch(() => {}), Math.max(500, this.options.leaseMs / 3));
      const outcomes = new OutcomeWriter((written) => store.outbox.record(token, clock(), written));
      try {
        const messageFor = await handler.prepare(batch);
        let next = 0;
        const worker = async () => {
          while (next < batch.length && !signal?.aborted) {
            const row = batch[next++]!;
            const { result, outcome, refusal } = await this.sendOne(row, messageFor(row));
            await outcomes.add(outcome);
            if (refusal) await handler.bounced(row, refusal);
            report[result]++;
            if (result !== 'retrying') onProgress?.(++finished);
          }
        };
        await Promise.all(Array.from({ length: Math.min(this.options.concurrency, batch.length) }, worker));
      } finally {
        clearInterval(renew);
        // Stopping mid-batch: what was not sent goes back at once instead of waiting out the lease.
        if (signal?.aborted) await store.outbox.release(token);
      }
    }
    return report;
  }

  /** Sends one message (none for a skipped row) and says what to record; nothing is written here. */
  private async sendOne(
    row: OutboxRow,
    message: MailMessage | TemplatedMessage | null,
  ): Promise<{ result: keyof DrainReport; outcome: OutboxOutcome; refusal?: SendOutcome & { ok: false } }> {
    const { clock, transport } = this.deps;
    if (!message) return { result: 'skipped', outcome: { id: row.id, status: 'skipped' } };
    await this.pace();
    const sent = await transport.send(message);
    if (sent.ok) return { result: 'sent', outcome: { id: row.id, status: 'sent' } };
    const error = `${sent.code ?? ''} ${sent.reason}`.trim().slice(0, 500);
    if (sent.permanent) return { result: 'bounced', outcome: { id: row.id, status: 'bounced', error }, refusal: sent };
    const attempts = row.attempts + 1;
    if (attempts >= this.options.maxAttempts) return { result: 'failed', outcome: { id: row.id, status: 'failed', error } };
    return { result: 'retrying', outcome: { id: row.id, status: 'queued', nextAttemptAt: clock() + this.options.retryBaseMs * 2 ** (attempts - 1), error } };
  }

  /** Spaces message starts 1/rate seconds apart (shared by every worker of this sender). */
  private async pace(): Promise<void> {
    const now = this.monotonic();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + 1000 / this.options.rate;
    if (start > now) await this.sleep(start - now);
  }
}
