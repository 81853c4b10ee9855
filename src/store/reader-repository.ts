import type { Kysely, Selectable } from 'kysely';
import type { Database, ReadersTable } from './schema.ts';

/** The profile fields a reader (or an import) may set; null clears one. */
export interface ReaderProfile {
  readonly name?: string | null;
  readonly company?: string | null;
  readonly jobTitle?: string | null;
  readonly industry?: string | null;
  readonly country?: string | null;
}

/** A reader as services see one. */
export interface ReaderRecord {
  readonly id: number;
  readonly email: string;
  readonly name: string | null;
  readonly company: string | null;
  readonly jobTitle: string | null;
  readonly industry: string | null;
  readonly country: string | null;
  readonly status: 'pending' | 'active';
  readonly source: 'signup' | 'import' | 'cli';
  readonly createdAt: number;
  readonly confirmedAt: number | null;
  readonly hardBounces: number;
  /** Set when no mail may go to the address (repeated hard bounces, a complaint). */
  readonly suppressedAt: number | null;
  readonly suppressedReason: string | null;
  /** How alerts for followed companies, sections, tags and authors reach the reader (0016). */
  readonly alertMode: 'instant' | 'daily' | 'off';
}

function toRecord(r: Selectable<ReadersTable>): ReaderRecord {
  const at = (v: number | null) => (v === null ? null : Number(v));
  return {
    id: Number(r.id),
    email: r.email,
    name: r.name,
    company: r.company,
    jobTitle: r.job_title,
    industry: r.industry,
    country: r.country,
    status: r.status,
    source: r.source,
    createdAt: Number(r.created_at),
    confirmedAt: at(r.confirmed_at),
    hardBounces: Number(r.hard_bounces),
    suppressedAt: at(r.suppressed_at),
    suppressedReason: r.suppressed_reason,
    alertMode: r.alert_mode,
  };
}

function profileColumns(p: ReaderProfile) {
  return {
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.company !== undefined ? { company: p.company } : {}),
    ...(p.jobTitle !== undefined ? { job_title: p.jobTitle } : {}),
    ...(p.industry !== undefined ? { industry: p.industry } : {}),
    ...(p.country !== undefined ? { country: p.country } : {}),
  };
}

/** The normal form of an address: trimmed and lower-cased, so one person is one reader. */
export function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Readers, one per address. Suppression only ever goes one way here: nothing in this repository
 * clears `suppressed_at` (an import or a new sign-up must not undo a bounce or a complaint).
 */
export class ReaderRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async byId(id: number): Promise<ReaderRecord | undefined> {
    const r = await this.db.selectFrom('readers').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRecord(r);
  }

  async byEmail(email: string): Promise<ReaderRecord | undefined> {
    const r = await this.db.selectFrom('readers').selectAll().where('email', '=', normalEmail(email)).executeTakeFirst();
    return r && toRecord(r);
  }

  /**
   * The reader with this address, created when there is none. An existing reader keeps its status
   * and suppression; only profile fields the caller gives and the reader left empty are filled in,
   * so an import never overwrites what a reader typed.
   */
  async ensure(reader: { email: string; status: 'pending' | 'active'; source: 'signup' | 'import' | 'cli'; now: number } & ReaderProfile): Promise<{ reader: ReaderRecord; created: boolean }> {
    const email = normalEmail(reader.email);
    const inserted = await this.db
      .insertInto('readers')
      .values({
        email,
        name: reader.name ?? null,
        company: reader.company ?? null,
        job_title: reader.jobTitle ?? null,
        industry: reader.industry ?? null,
        country: reader.country ?? null,
        status: reader.status,
        source: reader.source,
        created_at: reader.now,
        confirmed_at: reader.status === 'active' ? reader.now : null,
        updated_at: reader.now,
        suppressed_at: null,
        suppressed_reason: null,
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { reader: toRecord(inserted), created: true };
    const existing = (await this.byEmail(email))!;
    const fill = Object.fromEntries(
      Object.entries(profileColumns(reader)).filter(([column, value]) => value !== null && existing[camel(column)] === null),
    );
    if (Object.keys(fill).length) {
      await this.db.updateTable('readers').set({ ...fill, updated_at: reader.now }).where('id', '=', existing.id).execute();
      return { reader: (await this.byId(existing.id))!, created: false };
    }
    return { reader: existing, created: false };
  }

  /** Double opt-in done: the address is the reader's. */
  async confirm(id: number, now: number): Promise<void> {
    await this.db.updateTable('readers').set({ status: 'active', confirmed_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'pending').execute();
  }

  async updateProfile(id: number, profile: ReaderProfile, now: number): Promise<void> {
    const columns = profileColumns(profile);
    if (!Object.keys(columns).length) return;
    await this.db.updateTable('readers').set({ ...columns, updated_at: now }).where('id', '=', id).execute();
  }

  /**
   * Counts a hard bounce; at `threshold` bounces the address is suppressed. Returns whether it is
   * suppressed now. One statement, so concurrent senders count every bounce.
   */
  async recordHardBounce(id: number, now: number, threshold: number): Promise<boolean> {
    await this.db
      .updateTable('readers')
      .set((eb) => ({ hard_bounces: eb('hard_bounces', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .execute();
    await this.db
      .updateTable('readers')
      .set({ suppressed_at: now, suppressed_reason: 'hard bounces' })
      .where('id', '=', id)
      .where('suppressed_at', 'is', null)
      .where('hard_bounces', '>=', threshold)
      .execute();
    return (await this.byId(id))?.suppressedAt != null;
  }

  /** No mail of any kind to this reader again (a complaint, or an admin's decision). */
  async suppress(id: number, reason: string, now: number): Promise<void> {
    await this.db.updateTable('readers').set({ suppressed_at: now, suppressed_reason: reason, updated_at: now }).where('id', '=', id).where('suppressed_at', 'is', null).execute();
  }

  /** Deletes the reader and, through foreign keys declared by later tables, what hangs off it. */
  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('readers').where('id', '=', id).execute();
  }
}

const CAMEL: Record<string, keyof ReaderRecord> = { name: 'name', company: 'company', job_title: 'jobTitle', industry: 'industry', country: 'country' };
function camel(column: string): keyof ReaderRecord {
  return CAMEL[column]!;
}
