import { randomUUID } from 'node:crypto';
import type { MailMessage } from '../mail/index.ts';
import { HARD_BOUNCE_LIMIT, type OutboxHandler, type OutboxSender } from '../newsletters/index.ts';
import type { OutboxRow, PendingAlert, Repositories, Store } from '../store/index.ts';
import { alertMail } from './alert-mail.ts';
import { newSecret } from './secrets.ts';

/** The jobs' names in `background_jobs`: one node sends at a time. */
export const ALERTS_JOB = 'reader-alerts';
export const DIGEST_JOB = 'reader-digest';
/** A pass that stops reporting for this long is taken over by another node. */
export const ALERTS_LEASE_MS = 5 * 60_000;
/** The outbox's `kind` for alert emails; the `ref` is the alert pass. */
export const ALERT_KIND = 'alert';
/** The daily digest goes at this hour of the site's time zone, or at the first tick after it. */
export const DIGEST_HOUR = 7;

/** The little of a logger the dispatcher uses (pino fits). */
export interface AlertLog {
  info(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface AlertDispatcherDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'follows' | 'jobs' | 'outbox' | 'readers'>;
  readonly clock: () => number;
  /** The outbox sender newsletters use: alerts go out by the same path, leases, rate and retries. */
  readonly sender: Pick<OutboxSender, 'drain'>;
  readonly log: AlertLog;
  readonly siteUrl: string;
  /** Getters: the settings in effect. */
  readonly siteTitle: () => string;
  readonly timeZone: () => string;
  /** A site's URL and title when there are several (undefined: `siteUrl` and `siteTitle`, the first site's). */
  readonly siteOf?: (siteId: number) => { readonly url: string; readonly title: string } | undefined;
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
 * Sends queued alerts through the mail outbox, the one sending path newsletters also use: instant
 * alerts on every scheduler tick, daily ones once a day. Each tick, under a lease in
 * `background_jobs` (one node at a time), opens a pass: one transaction stamps the due alerts with
 * the pass and queues one outbox row per reader, so a reader gets one email per pass and an alert
 * is in exactly one pass. Then every node drains the open passes through the `OutboxSender`
 * (claimed under the outbox's own leases, outcomes recorded as they come): a crash resends at most
 * the emails in flight, and a restart, or any other node, finishes the pass.
 * @example
 * await dispatcher.tick(); // on the scheduler's interval
 */
export class AlertDispatcher {
  private readonly node: string;
  private running: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(private readonly deps: AlertDispatcherDeps) {
    this.node = deps.node ?? `node-${randomUUID()}`;
  }

  /** One scheduler tick: the instant pass, the digest when its hour has come, then the sending. Never overlaps itself. */
  tick(): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    this.running ??= this.pass()
      .catch((err) => this.deps.log.error({ job: ALERTS_JOB, err }, 'alert dispatch failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops sending: what this node had claimed goes back to the outbox at once for another node. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async pass(): Promise<void> {
    const { store, clock } = this.deps;
    await this.leased(ALERTS_JOB, () => this.open('instant'));
    const now = clock();
    const today = localDayHour(now, this.deps.timeZone());
    const last = (await store.jobs.state(DIGEST_JOB, now)).finishedAt;
    if (today.hour >= DIGEST_HOUR && (last === null || localDayHour(last, this.deps.timeZone()).day !== today.day)) {
      await this.leased(DIGEST_JOB, async () => {
        // Another node may have opened today's digest between the check and the lease.
        const again = (await store.jobs.state(DIGEST_JOB, clock())).finishedAt;
        if (again !== null && localDayHour(again, this.deps.timeZone()).day === today.day) return 0;
        return this.open('daily');
      });
    }
    await this.sendOpenPasses();
  }

  private async leased(job: string, work: () => Promise<number>): Promise<void> {
    const { store, clock, log } = this.deps;
    await store.jobs.request(job);
    if (!(await store.jobs.claim(job, this.node, clock(), ALERTS_LEASE_MS))) return;
    let error: string | null = null;
    try {
      const readers = await work();
      if (readers) log.info({ job, readers }, 'alerts queued');
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      log.error({ job, err }, 'alert pass failed');
    }
    await store.jobs.finish(job, this.node, clock(), error);
  }

  /** Opens a pass of `mode` (alerts stamped and outbox rows queued in one transaction); returns its readers. */
  private async open(mode: 'instant' | 'daily'): Promise<number> {
    const { store, clock } = this.deps;
    await store.follows.closeUnsendable(clock());
    const pass = await store.transaction((repos) => repos.follows.openPass(mode, clock()));
    return pass?.readers ?? 0;
  }

  /** Drains every open pass (this node's share when several send); a pass with nothing queued is finished. */
  private async sendOpenPasses(): Promise<void> {
    const { store, clock, sender, log } = this.deps;
    const signal = this.stopping.signal;
    for (const pass of await store.follows.openPasses()) {
      if (signal.aborted) return;
      const report = await sender.drain(ALERT_KIND, pass.id, this.handler(pass.mode), undefined, signal);
      if (report.sent || report.failed || report.bounced) log.info({ job: ALERTS_JOB, pass: pass.id, ...report }, 'alert emails sent');
      if ((await store.outbox.nextDue(ALERT_KIND, pass.id)) === null) await store.follows.finishPass(pass.id, clock());
    }
  }

  private site(siteId: number): { readonly url: string; readonly title: string } {
    return this.deps.siteOf?.(siteId) ?? { url: this.deps.siteUrl, title: this.deps.siteTitle() };
  }

  /** How the outbox makes a pass's email for each reader, and what a hard bounce means. */
  private handler(mode: 'instant' | 'daily'): OutboxHandler {
    const { store, clock } = this.deps;
    return {
      prepare: async (rows: readonly OutboxRow[]) => {
        const alerts = byReader(await store.follows.passMail(rows[0]?.ref ?? 0, rows.map((r) => r.readerId)));
        const keys = new Map<number, string>();
        for (const [readerId, list] of alerts) keys.set(readerId, list[0]!.alertKey ?? (await store.follows.alertKey(readerId, newSecret())));
        return (row: OutboxRow): MailMessage | null => {
          const list = alerts.get(row.readerId);
          // Suppressed, alerts turned off or every article unpublished since the pass: nothing to send.
          if (!list?.length) return null;
          // The email names the site of its newest article; each story links to its own site.
          const site = this.site(list[0]!.siteId);
          const articles = list.map((a) => ({ ...a, siteUrl: this.site(a.siteId).url }));
          const unsubscribeUrl = new URL(`/account/alerts/unsubscribe?r=${row.readerId}&k=${encodeURIComponent(keys.get(row.readerId)!)}`, site.url).href;
          return { to: row.email, ...alertMail({ siteTitle: site.title, siteUrl: site.url, articles, unsubscribeUrl, digest: mode === 'daily' }) };
        };
      },
      bounced: async (row) => {
        await store.readers.recordHardBounce(row.readerId, clock(), HARD_BOUNCE_LIMIT);
      },
    };
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
