import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/** What a background job is doing, as any node reads it. */
export interface JobState {
  /** Requests not yet taken by a run. */
  readonly pending: boolean;
  /** The node running it, while its lease holds. */
  readonly runningOn: string | null;
  readonly done: number;
  readonly total: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly error: string | null;
}

/**
 * Background jobs shared by every node: one row per job. Taking a run is one conditional UPDATE
 * (a node takes it only when nobody holds a live lease), so two nodes never run the same job at
 * once on either engine; requests made during a run are counted and make exactly one more run.
 */
export class JobRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Asks for a run of `name` (coalesced with every other request not yet taken). */
  async request(name: string): Promise<void> {
    await this.db.insertInto('background_jobs').values({ name }).onConflict((oc) => oc.column('name').doNothing()).execute();
    await this.db
      .updateTable('background_jobs')
      .set({ requested: sql`requested + 1` })
      .where('name', '=', name)
      .execute();
  }

  /**
   * Takes the next run for `owner`: true when there were requests and nobody runs it, or when the
   * node that ran it let its lease lapse (it died mid-run; the run starts over).
   */
  async claim(name: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    const r = await this.db
      .updateTable('background_jobs')
      .set({ owner, lease_until: now + leaseMs, claimed: sql`requested`, started_at: now, done: 0, total: 0, error: null })
      .where('name', '=', name)
      .where((eb) =>
        eb.or([
          eb.and([eb('owner', 'is', null), eb('requested', '>', eb.ref('claimed'))]),
          eb.and([eb('owner', 'is not', null), eb('lease_until', '<', now)]),
        ]),
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Records progress and extends the lease; false when `owner` no longer holds the run. */
  async progress(name: string, owner: string, done: number, total: number, now: number, leaseMs: number): Promise<boolean> {
    const r = await this.db
      .updateTable('background_jobs')
      .set({ done, total, lease_until: now + leaseMs })
      .where('name', '=', name)
      .where('owner', '=', owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async finish(name: string, owner: string, now: number, error: string | null): Promise<void> {
    await this.db
      .updateTable('background_jobs')
      .set({ owner: null, lease_until: 0, finished_at: now, error })
      .where('name', '=', name)
      .where('owner', '=', owner)
      .execute();
  }

  /** Gives a run back unfinished (its node is shutting down): it is pending again for any node. */
  async release(name: string, owner: string): Promise<void> {
    await this.db
      .updateTable('background_jobs')
      .set({ owner: null, lease_until: 0, claimed: sql`claimed - 1` })
      .where('name', '=', name)
      .where('owner', '=', owner)
      .execute();
  }

  async state(name: string, now: number): Promise<JobState> {
    const r = await this.db.selectFrom('background_jobs').selectAll().where('name', '=', name).executeTakeFirst();
    if (!r) return { pending: false, runningOn: null, done: 0, total: 0, startedAt: null, finishedAt: null, error: null };
    const live = r.owner !== null && Number(r.lease_until) >= now;
    return {
      pending: Number(r.requested) > Number(r.claimed) || (r.owner !== null && !live),
      runningOn: live ? r.owner : null,
      done: Number(r.done),
      total: Number(r.total),
      startedAt: r.started_at === null ? null : Number(r.started_at),
      finishedAt: r.finished_at === null ? null : Number(r.finished_at),
      error: r.error,
    };
  }
}
