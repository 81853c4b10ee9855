import type { Kysely } from 'kysely';
import type { Database, UserRole, UserRow } from './schema.ts';

/** A user as the admin sees one (never with the password hash). */
export interface UserRecord {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly disabled: boolean;
  readonly createdAt: number;
  /**
   * The sites this staff user may work on (migration 0027), set on a signed-in session's user;
   * undefined: every site (admins, and staff never limited).
   */
  readonly sites?: readonly number[] | undefined;
}

/** A users row as the admin sees it, without the password hash (a session's user too). */
export function toUserRecord(r: UserRow): UserRecord {
  return { id: Number(r.id), email: r.email, name: r.name, role: r.role, disabled: Number(r.disabled) === 1, createdAt: Number(r.created_at) };
}

/** Admin accounts. Emails are stored folded (trimmed, lower-case) and are unique. */
export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(user: { email: string; name: string; role: UserRole; passwordHash: string; now: number }): Promise<number> {
    const row = await this.db
      .insertInto('users')
      .values({ email: user.email, name: user.name, role: user.role, password_hash: user.passwordHash, disabled: 0, created_at: user.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async byEmail(email: string): Promise<(UserRecord & { passwordHash: string }) | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return r && { ...toUserRecord(r), passwordHash: r.password_hash };
  }

  async byId(id: number): Promise<UserRecord | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toUserRecord(r);
  }

  async all(): Promise<UserRecord[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('email').execute()).map(toUserRecord);
  }

  async setPasswordHash(id: number, passwordHash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
  }

  async setDisabled(id: number, disabled: boolean): Promise<void> {
    await this.db.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', id).execute();
  }

  async setRole(id: number, role: UserRole): Promise<void> {
    await this.db.updateTable('users').set({ role }).where('id', '=', id).execute();
  }

  /** Admins who may still sign in: the site must always keep one. */
  async countActiveAdmins(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
