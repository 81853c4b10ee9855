import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/** A sign-in link as stored: hashes, the address typed, what to do after. */
export interface SignInRecord {
  readonly id: number;
  readonly tokenHash: string;
  readonly nonceHash: string;
  readonly codeHash: string;
  readonly email: string;
  readonly attempts: number;
  readonly after: string;
  readonly expiresAt: number;
  readonly usedAt: number | null;
}

export interface ReaderSessionRecord {
  readonly readerId: number;
  readonly csrfToken: string;
  readonly expiresAt: number;
}

/**
 * How readers get in: sign-in links, reader sessions and the rate limits of their forms, all in the
 * database so every app node sees the same state. Only hashes of tokens, nonces and codes are kept.
 */
export class ReaderAccessRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async addSignIn(row: { tokenHash: string; nonceHash: string; codeHash: string; email: string; after: string; now: number; expiresAt: number }): Promise<void> {
    await this.db
      .insertInto('reader_sign_ins')
      .values({ token_hash: row.tokenHash, nonce_hash: row.nonceHash, code_hash: row.codeHash, email: row.email, after: row.after, created_at: row.now, expires_at: row.expiresAt, used_at: null })
      .execute();
  }

  async signInByToken(tokenHash: string): Promise<SignInRecord | undefined> {
    const r = await this.db.selectFrom('reader_sign_ins').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return r && toSignIn(r);
  }

  /** The newest live (unused, unexpired) sign-in this browser asked for. */
  async liveSignInByNonce(nonceHash: string, now: number): Promise<SignInRecord | undefined> {
    const r = await this.db
      .selectFrom('reader_sign_ins')
      .selectAll()
      .where('nonce_hash', '=', nonceHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r && toSignIn(r);
  }

  /** Counts a code attempt; returns the attempts so far (one statement, so parallel guesses all count). */
  async countAttempt(id: number): Promise<number> {
    await this.db
      .updateTable('reader_sign_ins')
      .set({ attempts: sql`attempts + 1` })
      .where('id', '=', id)
      .execute();
    const r = await this.db.selectFrom('reader_sign_ins').select('attempts').where('id', '=', id).executeTakeFirst();
    return Number(r?.attempts ?? Number.MAX_SAFE_INTEGER);
  }

  /** Marks a sign-in used; false when another request used it first (single use). */
  async useSignIn(id: number, now: number): Promise<boolean> {
    const r = await this.db.updateTable('reader_sign_ins').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Forgets sign-ins that expired before `before`, and every one for an address (account deleted). */
  async deleteSignIns(filter: { expiredBefore: number } | { email: string }): Promise<void> {
    const q = this.db.deleteFrom('reader_sign_ins');
    await ('email' in filter ? q.where('email', '=', filter.email) : q.where('expires_at', '<', filter.expiredBefore)).execute();
  }

  async addSession(row: { tokenHash: string; readerId: number; csrfToken: string; now: number; expiresAt: number }): Promise<void> {
    await this.db.insertInto('reader_sessions').values({ token_hash: row.tokenHash, reader_id: row.readerId, csrf_token: row.csrfToken, created_at: row.now, expires_at: row.expiresAt }).execute();
  }

  async session(tokenHash: string, now: number): Promise<ReaderSessionRecord | undefined> {
    const r = await this.db.selectFrom('reader_sessions').selectAll().where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
    return r && { readerId: Number(r.reader_id), csrfToken: r.csrf_token, expiresAt: Number(r.expires_at) };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('reader_sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Forgets sessions that have expired and rate-limit windows that have passed (housekeeping). */
  async deleteStale(now: number, windowMs: number): Promise<void> {
    await this.db.deleteFrom('reader_sessions').where('expires_at', '<=', now).execute();
    await this.db.deleteFrom('reader_rate_limits').where('window_start', '<=', now - windowMs).execute();
  }

  /**
   * One hit against a fixed window: returns the hits in the current window including this one. A
   * window that has passed starts again at one. Two statements, each atomic on both engines.
   */
  async hit(key: string, now: number, windowMs: number): Promise<number> {
    await this.db
      .insertInto('reader_rate_limits')
      .values({ key, window_start: now, hits: 0 })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    await this.db
      .updateTable('reader_rate_limits')
      .set({ window_start: now, hits: 0 })
      .where('key', '=', key)
      .where('window_start', '<=', now - windowMs)
      .execute();
    const r = await this.db
      .updateTable('reader_rate_limits')
      .set({ hits: sql`hits + 1` })
      .where('key', '=', key)
      .returning('hits')
      .executeTakeFirst();
    return Number(r?.hits ?? 1);
  }
}

function toSignIn(r: { id: number; token_hash: string; nonce_hash: string; code_hash: string; email: string; attempts: number; after: string; expires_at: number; used_at: number | null }): SignInRecord {
  return {
    id: Number(r.id),
    tokenHash: r.token_hash,
    nonceHash: r.nonce_hash,
    codeHash: r.code_hash,
    email: r.email,
    attempts: Number(r.attempts),
    after: r.after,
    expiresAt: Number(r.expires_at),
    usedAt: r.used_at === null ? null : Number(r.used_at),
  };
}
