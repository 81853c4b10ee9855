import { randomUUID } from 'node:crypto';
import type { MailTransport } from '../mail/index.ts';
import type { PendingAlert, Store } from '../store/index.ts';
import { alertMail } from './alert-mail.ts';
import { newSecret } from './secrets.ts';

/** The jobs' names in `background_jobs`: one node sends at a time. */
export const ALERTS_JOB = 'reader-alerts';
export const DIGEST_JOB = 'reader-digest';
/** A pass that stops reporting for this long is taken over by another node. */
export const ALERTS_LEASE_MS = 5 * 60_000;
/** Readers per batch of a pass (each gets one email). */
export const ALERTS_BATCH = 200;
/** The daily digest goes at this hour of the site's time zone, or at the first tick after it. */
export const DIGEST_HOUR = 7;

/** The little of a logger the dispatcher uses (pino fits). */
export interface AlertLog {
  info(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface AlertDispatcherDeps {
  readonly store: Store;
  readonly clock: () => number;
  readonly mail: MailTransport;
  readonly log: AlertLog;
  readonly siteUrl: string;
  /** Getters: the settings in effect. */
  readonly siteTitle: () => string;
  readonly timeZone: () => string;
  readonly node?: string;
}

/** The calendar day and hour at `ms` in `timeZone`. */
export function localDayHour(ms: number, timeZone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(ms).map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/**
 * Sends queued alerts through the mail transport: instant ones on every scheduler tick, daily ones
 * once a day. Each pass takes a lease in `background_jobs` (as the re-tag does), so with several
 * nodes one sends and the others skip. A reader gets one email per pass with every article queued
 * for them; alerts are marked sent as each email goes, so a crash resends at most the emails in flight.
 * @example
 * await dispatcher.tick(); // on the scheduler's interval
 */
export class AlertDispatcher {
  private readonly node: string;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: AlertDispatcherDeps) {
    this.node = deps.node ?? `node-${randomUUID()}`;
  }

  /** One scheduler tick: the instant pass, and the digest when its hour has come. Never overlaps itself. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.pass()
      .catch((err) => this.deps.log.error({ job: ALERTS_JOB, err }, 'alert dispatch failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async pass(): Promise<void> {
    const { store, clock } = this.deps;
    await this.leased(ALERTS_JOB, () => this.send('instant'));
    const now = clock();
    const today = localDayHour(now, this.deps.timeZone());
    if (today.hour < DIGEST_HOUR) return;
    const last = (await store.jobs.state(DIGEST_JOB, now)).finishedAt;
    if (last !== null && localDayHour(last, this.deps.timeZone()).day === today.day) return;
    await this.leased(DIGEST_JOB, async () => {
      // Another node may have sent today's digest between the check and the lease.
      const again = (await store.jobs.state(DIGEST_JOB, clock())).finishedAt;
      if (again !== null && localDayHour(again, this.deps.timeZone()).day === today.day) return 0;
      return this.send('daily');
    });
  }

  private async leased(job: string, work: () => Promise<number>): Promise<void> {
    const { store, clock, log } = this.deps;
    await store.jobs.request(job);
    if (!(await store.jobs.claim(job, this.node, clock(), ALERTS_LEASE_MS))) return;
    let error: string | null = null;
    try {
      const sent = await work();
      if (sent) log.info({ job, sent }, 'alerts sent');
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      log.error({ job, err }, 'alert pass failed');
    }
    await store.jobs.finish(job, this.node, clock(), error);
  }

  /** Sends every pending alert of `mode`, one email per reader; returns the emails sent. */
  private async send(mode: 'instant' | 'daily'): Promise<number> {
    const { store, clock, mail, log } = this.deps;
    await store.follows.closeUnsendable(clock());
    let sent = 0;
    for (;;) {
      const batch = await store.follows.pending(mode, ALERTS_BATCH);
      if (!batch.length) return sent;
      const job = mode === 'instant' ? ALERTS_JOB : DIGEST_JOB;
      if (!(await store.jobs.progress(job, this.node, sent, sent + batch.length, clock(), ALERTS_LEASE_MS))) return sent;
      let closed = 0;
      for (const [readerId, alerts] of byReader(batch)) {
        const first = alerts[0]!;
        const key = first.alertKey ?? (await store.follows.alertKey(readerId, newSecret()));
        const unsubscribeUrl = new URL(`/account/alerts/unsubscribe?r=${readerId}&k=${encodeURIComponent(key)}`, this.deps.siteUrl).href;
        const message = alertMail({ siteTitle: this.deps.siteTitle(), siteUrl: this.deps.siteUrl, articles: alerts, unsubscribeUrl, digest: mode === 'daily' });
        const outcome = await mail.send({ to: first.email, ...message });
        // A temporary failure is tried again next pass; a permanent one counts toward suppression.
        if (!outcome.ok && !outcome.permanent) {
          log.error({ job, reason: outcome.reason }, 'alert email deferred');
          continue;
        }
        if (!outcome.ok) await store.readers.recordHardBounce(readerId, clock(), 3);
        await store.follows.markSent(
          readerId,
          alerts.map((a) => a.articleId),
          clock(),
        );
        closed++;
        if (outcome.ok) sent++;
      }
      // A batch whose every email was deferred would come back at once: leave it for the next tick.
      if (closed === 0) return sent;
    }
  }
}

function byReader(alerts: readonly PendingAlert[]): Map<number, PendingAlert[]> {
  const out = new Map<number, PendingAlert[]>();
  for (const a of alerts) {
    const list = out.get(a.readerId);
    if (list) list.push(a);
    else out.set(a.readerId, [a]);
  }
  return out;
}
