import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Failed sign-ins, counted per account and per IP address over a window. An attempt is stored
 * before its password is checked (`reserve`) and stays as a failure unless it is released, so
 * concurrent attempts, on one node or many, each count every attempt stored before theirs.
 */
export class SignInFailureRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores an attempt as a failure until `release`d; returns its id. */
  async reserve(email: string, ip: string, now: number): Promise<number> {
    const row = await this.db.insertInto('sign_in_failures').values({ at: now, email, ip }).returning('id').executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** Forgets an attempt that turned out not to be a failure (refused unchecked, or signed in). */
  async release(id: number): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('id', '=', id).execute();
  }

  async count(by: 'email' | 'ip', value: string, since: number): Promise<number> {
    const r = await this.db
      .selectFrom('sign_in_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(by, '=', value)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Forgets failures older than the counting window. */
  async prune(before: number): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('at', '<=', before).execute();
  }

  /** A successful sign-in forgets the account's failures (not the address's). */
  async clearEmail(email: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('email', '=', email).execute();
  }
}
