import { type Kysely, type Selectable, sql } from 'kysely';
import type { DialectKind } from './dialect-kind.ts';
import type { Database, MailOutboxTable, OutboxStatus } from './schema.ts';

/** One message waiting in (or gone from) the outbox. */
export interface OutboxRow {
  readonly id: number;
  readonly kind: string;
  readonly ref: number;
  readonly readerId: number;
  readonly email: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
}

function toRow(r: Selectable<MailOutboxTable>): OutboxRow {
  return { id: Number(r.id), kind: r.kind, ref: Number(r.ref), readerId: Number(r.reader_id), email: r.email, status: r.status, attempts: Number(r.attempts) };
}

/**
 * What became of one claimed message: it left the queue (`sent`, or given up for good as `bounced`,
 * `failed`, `skipped`), or a temporary failure put it back, due again at `nextAttemptAt`.
 */
export type OutboxOutcome =
  | { readonly id: number; readonly status: Exclude<OutboxStatus, 'queued'>; readonly error?: string | null }
  | { readonly id: number; readonly status: 'queued'; readonly nextAttemptAt: number; readonly error: string };

/** Counts of one message set (`kind` + `ref`) by status. */
export type OutboxCounts = Readonly<Record<OutboxStatus, number>>;

/**
 * The durable outbox shared by every sender and node. A batch is claimed by one conditional UPDATE
 * (rows queued, due, and with no live lease): on SQLite writes are serialised, and on PostgreSQL a
 * second UPDATE skips rows another holds locked (SKIP LOCKED) and re-checks the lease of any it
 * waited for, so two nodes never hold the same row. Every later write names the claim's token, so a node
 * whose lease lapsed (and was taken over) changes nothing.
 */
export class OutboxRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DialectKind,
  ) {}

  /** Queues messages; a (kind, ref, reader) already queued or sent is left as it is. */
  async enqueue(rows: readonly { kind: string; ref: number; readerId: number; email: string }[], now: number): Promise<void> {
    if (!rows.length) return;
    await this.db
      .insertInto('mail_outbox')
      .values(rows.map((r) => ({ kind: r.kind, ref: r.ref, reader_id: r.readerId, email: r.email, status: 'queued' as const, attempts: 0, next_attempt_at: now, lease_until: 0, created_at: now })))
      .onConflict((oc) => oc.columns(['kind', 'ref', 'reader_id']).doNothing())
      .execute();
  }

  /** Leases up to `limit` due messages of one set to `token` until `now + leaseMs`. */
  async claim(kind: string, ref: number, token: string, now: number, leaseMs: number, limit: number): Promise<OutboxRow[]> {
    const due = this.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('kind', '=', kind)
      .where('ref', '=', ref)
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('id')
      .limit(limit);
    // PostgreSQL: senders claiming at the same moment skip each other's rows instead of queueing
    // behind them (and coming away empty). SQLite runs one write at a time and needs no such thing.
    const candidates = this.kind === 'postgres' ? due.forUpdate().skipLocked() : due;
    // One statement: the rows come back from the UPDATE itself (RETURNING, on both engines).
    const rows = await this.db
      .updateTable('mail_outbox')
      .set({ lease_owner: token, lease_until: now + leaseMs })
      .where('id', 'in', candidates)
      .where('status', '=', 'queued')
      .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_until', '<', now)]))
      .returningAll()
      .execute();
    return rows.map(toRow).sort((a, b) => a.id - b.id);
  }

  /** Extends a claim that is still being worked on (a slow server must not let it lapse). */
  async renew(token: string, until: number): Promise<void> {
    await this.db.updateTable('mail_outbox').set({ lease_until: until }).where('lease_owner', '=', token).where('status', '=', 'queued').execute();
  }

  /** Hands back a claim's unsent rows at once (the sender is stopping), for any sender to take. */
  async release(token: string): Promise<void> {
    await this.db.updateTable('mail_outbox').set({ lease_owner: null, lease_until: 0 }).where('lease_owner', '=', token).where('status', '=', 'queued').execute();
  }

  /**
   * Records what became of messages of one claim, named by its token (a claim whose lease lapsed
   * and was taken over changes nothing). Outcomes alike (all sent, the common case) are one
   * statement: a sender records each group of outcomes that arrive together in one go.
   */
  async record(token: string, now: number, outcomes: readonly OutboxOutcome[]): Promise<void> {
    const groups = new Map<string, { outcome: OutboxOutcome; ids: number[] }>();
    for (const o of outcomes) {
      const key = JSON.stringify([o.status, o.error ?? null, o.status === 'queued' ? o.nextAttemptAt : null]);
      const group = groups.get(key);
      if (group) group.ids.push(o.id);
      else groups.set(key, { outcome: o, ids: [o.id] });
    }
    for (const { outcome: o, ids } of groups.values()) {
      const left = o.status === 'queued' ? { next_attempt_at: o.nextAttemptAt } : { status: o.status, sent_at: o.status === 'sent' ? now : null };
      await this.db
        .updateTable('mail_outbox')
        .set({ ...left, lease_owner: null, lease_until: 0, last_error: o.error ?? null, attempts: (eb) => eb('attempts', '+', 1) })
        .where('id', 'in', ids)
        .where('lease_owner', '=', token)
        .execute();
    }
  }

  /** Messages still queued, by kind (for /metrics). */
  async queuedByKind(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('mail_outbox').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'queued').groupBy('kind').execute();
    return new Map(rows.map((r) => [r.kind, Number(r.n)]));
  }

  async counts(kind: string, ref: number): Promise<OutboxCounts> {
    const rows = await this.db
      .selectFrom('mail_outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('kind', '=', kind)
      .where('ref', '=', ref)
      .groupBy('status')
      .execute();
    const counts: Record<OutboxStatus, number> = { queued: 0, sent: 0, bounced: 0, failed: 0, skipped: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }

  /** When the next queued message of a set can be taken (due, and any lease on it lapsed), or null when none is queued. */
  async nextDue(kind: string, ref: number): Promise<number | null> {
    const r = await this.db
      .selectFrom('mail_outbox')
      .select(sql<number | null>`MIN(CASE WHEN lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END)`.as('at'))
      .where('kind', '=', kind)
      .where('ref', '=', ref)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return r?.at === null || r?.at === undefined ? null : Number(r.at);
  }
}
