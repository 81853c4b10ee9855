import { type Kysely, sql } from 'kysely';
import type { DialectKind } from './dialect-kind.ts';
import type { Database } from './schema.ts';

export interface AuditEntry {
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly details: Record<string, unknown>;
}

/** Stable 32-bit key for a named PostgreSQL advisory lock. */
function lockKey(name: string): number {
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.codePointAt(0)!) | 0;
  return h;
}

/** The audit log, and locks that make one node of many do a job (the scheduler). */
export class OperationsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DialectKind,
  ) {}

  async audit(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({ at: entry.at, actor: entry.actor, action: entry.action, subject: entry.subject, details: JSON.stringify(entry.details) })
      .execute();
  }

  async auditOf(subject: string): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('subject', '=', subject).orderBy('at').orderBy('id').execute();
    return rows.map((r) => ({ at: Number(r.at), actor: r.actor, action: r.action, subject: r.subject, details: JSON.parse(r.details) as Record<string, unknown> }));
  }

  /**
   * Takes the named lock for the rest of the current transaction, or returns false at once when
   * another node holds it. Call inside `store.transaction`. On PostgreSQL an advisory transaction
   * lock; on SQLite the write transaction itself already excludes every other writer.
   */
  async tryTransactionLock(name: string): Promise<boolean> {
    if (this.kind === 'sqlite') return true;
    const r = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${lockKey(name)}) AS ok`.execute(this.db);
    return r.rows[0]?.ok === true;
  }
}
