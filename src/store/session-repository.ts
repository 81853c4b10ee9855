import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { toUserRecord, type UserRecord } from './user-repository.ts';

/** A live session joined with its user. */
export interface SessionRecord {
  readonly tokenHash: string;
  readonly csrfToken: string;
  readonly expiresAt: number;
  readonly user: UserRecord;
}

/** Sessions in the database, so any app node can serve any signed-in editor. */
export class SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: { tokenHash: string; userId: number; csrfToken: string; now: number; expiresAt: number }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ token_hash: s.tokenHash, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.now, expires_at: s.expiresAt })
      .execute();
  }

  /** The session with this token hash, unexpired at `now`, of an enabled user. */
  async live(tokenHash: string, now: number): Promise<SessionRecord | undefined> {
    const r = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.token_hash', 'sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now)
      .where('users.disabled', '=', 0)
      .executeTakeFirst();
    return r && { tokenHash: r.token_hash, csrfToken: r.csrf_token, expiresAt: Number(r.expires_at), user: toUserRecord(r) };
  }

  async remove(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Sign out everywhere: every session of the user. */
  async removeAllOf(userId: number): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async countOf(userId: number): Promise<number> {
    const r = await this.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async removeExpired(now: number): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }
}
