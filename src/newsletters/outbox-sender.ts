import { randomUUID } from 'node:crypto';
import type { MailMessage, MailTransport, SendOutcome } from '../mail/index.ts';
import type { OutboxRow, Store } from '../store/index.ts';

/** How one kind of outbox message is made and what a bounce means for it. */
export interface OutboxHandler {
  /**
   * Called once per claimed batch: returns the message for each row, or null to skip it (the
   * reader unsubscribed or was suppressed after the row was queued). One query per batch, not per message.
   */
  prepare(rows: readonly OutboxRow[]): Promise<(row: OutboxRow) => MailMessage | null>;
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
 * Sends what is due in one set of the outbox (`kind` + `ref`) until none is left to claim: claims a
 * batch under a lease, sends it with at most `concurrency` messages in flight and at most `rate`
 * started a second, records each outcome as soon as it is known (so a crash resends only the
 * messages in flight), and renews the lease while it works. Temporary failures go back to the
 * queue with exponential backoff; permanent ones are marked and handed to the handler.
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
      try {
        const messageFor = await handler.prepare(batch);
        let next = 0;
        const worker = async () => {
          while (next < batch.length && !signal?.aborted) {
            const row = batch[next++]!;
            const outcome = await this.sendOne(row, token, messageFor(row), handler);
            report[outcome]++;
            if (outcome !== 'retrying') onProgress?.(++finished);
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

  private async sendOne(row: OutboxRow, token: string, message: MailMessage | null, handler: OutboxHandler): Promise<keyof DrainReport> {
    const { store, clock, transport } = this.deps;
    if (!message) {
      await store.outbox.finish(row.id, token, 'skipped', clock());
      return 'skipped';
    }
    await this.pace();
    const outcome = await transport.send(message);
    if (outcome.ok) {
      await store.outbox.finish(row.id, token, 'sent', clock());
      return 'sent';
    }
    const error = `${outcome.code ?? ''} ${outcome.reason}`.trim().slice(0, 500);
    if (outcome.permanent) {
      await store.outbox.finish(row.id, token, 'bounced', clock(), error);
      await handler.bounced(row, outcome);
      return 'bounced';
    }
    const attempts = row.attempts + 1;
    if (attempts >= this.options.maxAttempts) {
      await store.outbox.finish(row.id, token, 'failed', clock(), error);
      return 'failed';
    }
    await store.outbox.retryLater(row.id, token, clock() + this.options.retryBaseMs * 2 ** (attempts - 1), error);
    return 'retrying';
  }

  /** Spaces message starts 1/rate seconds apart (shared by every worker of this sender). */
  private async pace(): Promise<void> {
    const now = this.monotonic();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + 1000 / this.options.rate;
    if (start > now) await this.sleep(start - now);
  }
}
