import { randomUUID } from 'node:crypto';
import { MastheadError } from '../lib/errors.ts';
import type { NewsletterIssueRecord, Repositories } from '../store/index.ts';
import { latestOccurrence, parseSchedule } from './schedule.ts';

/** The `background_jobs` lease the scheduled sends are made under. */
export const SCHEDULE_JOB = 'newsletter-schedule';
const SCHEDULE_LEASE_MS = 5 * 60_000;
/** An occurrence missed by longer than this (every node was down) is skipped, not sent late. */
export const SCHEDULE_GRACE_MS = 12 * 3_600_000;

export interface NewsletterSchedulerDeps {
  readonly store: Pick<Repositories, 'jobs' | 'newsletters'>;
  readonly clock: () => number;
  /** A site's time zone: a list's schedule is read in its site's. */
  readonly timeZone: (siteId: number) => string;
  /** Starts the list's issue for the occurrence (the newsletter service's `startIssue`). */
  readonly start: (slug: string, occurrence: number) => Promise<{ issue: NewsletterIssueRecord; resumed: boolean }>;
  readonly onError?: (slug: string, err: unknown) => void;
}

/**
 * Acts on the lists' schedules: on every node's scheduler tick, a list whose latest occurrence is
 * due and has no issue yet gets one (the editor's draft when there is one, else assembled) and
 * starts sending. Exactly once across nodes: the pass runs under a lease in `background_jobs` (so
 * one node does it at a time), and the issue records its occurrence under a unique index (so even a
 * lease that lapsed mid-pass cannot make a second issue for the same occurrence).
 */
export class NewsletterScheduler {
  private readonly node = randomUUID();
  /** Occurrences found with nothing to send, so each tick does not assemble them again. */
  private readonly empty = new Map<number, number>();

  constructor(private readonly deps: NewsletterSchedulerDeps) {}

  /** One pass; returns the slugs of the lists whose issue it started. */
  async tick(): Promise<string[]> {
    const { store, clock } = this.deps;
    const now = clock();
    const due = await this.due(now);
    if (!due.length) return [];
    await store.jobs.request(SCHEDULE_JOB);
    if (!(await store.jobs.claim(SCHEDULE_JOB, this.node, now, SCHEDULE_LEASE_MS))) return [];
    const started: string[] = [];
    try {
      // Checked again under the lease: another node may have made them since.
      for (const { list, occurrence } of await this.due(clock())) {
        try {
          const { resumed } = await this.deps.start(list.slug, occurrence);
          // A send still running for the list goes on first; the occurrence waits for the next tick.
          if (!resumed) started.push(list.slug);
        } catch (err) {
          if (err instanceof MastheadError && err.code === 'MH_NEWSLETTER_EMPTY') this.empty.set(list.id, occurrence);
          else if ((await store.newsletters.lastOccurrence(list.id)) !== occurrence) this.deps.onError?.(list.slug, err);
        }
      }
    } finally {
      await store.jobs.finish(SCHEDULE_JOB, this.node, clock(), null);
    }
    return started;
  }

  /** The lists with a schedule whose latest occurrence has come, is recent, and has no issue. */
  private async due(now: number) {
    const out: { list: { id: number; slug: string }; occurrence: number }[] = [];
    for (const list of await this.deps.store.newsletters.lists()) {
      if (!list.schedule) continue;
      let occurrence: number;
      try {
        occurrence = latestOccurrence(parseSchedule(list.schedule), now, this.deps.timeZone(list.siteId));
      } catch {
        continue;
      }
      if (occurrence < list.createdAt || now - occurrence > SCHEDULE_GRACE_MS || this.empty.get(list.id) === occurrence) continue;
      const last = await this.deps.store.newsletters.lastOccurrence(list.id);
      if (last !== null && last >= occurrence) continue;
      out.push({ list, occurrence });
    }
    return out;
  }
}
