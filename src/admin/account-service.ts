import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Repositories, SessionRecord, Store, UserRecord, UserRole } from '../store/index.ts';
import { InvalidUser, LastAdmin, TooManySignIns, UserDisabled, UserExists, UserNotFound, WrongPassword } from './errors.ts';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts';

export const ROLES: readonly UserRole[] = ['admin', 'editor', 'contributor'];

/** Sign-in throttling and session lifetime; exported so tests and docs quote the same numbers. */
export const SIGN_IN_LIMIT = { failures: 5, windowMs: 15 * 60_000 } as const;
export const SESSION_TTL_MS = 7 * 24 * 3600_000;

export interface AccountServiceDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'users' | 'sessions' | 'signInFailures' | 'sites' | 'operations'>;
  readonly clock: () => number;
}

/** A new session: the cookie's token (shown once, never stored) and the record. */
export interface NewSession {
  readonly token: string;
  readonly session: SessionRecord;
}

export function foldEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of two tokens. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type NewUserField = 'email' | 'name' | 'role' | 'password';

/**
 * What is wrong with a new account, by field (the admin shows each next to its field; the CLI
 * and `addUser` raise the first): the one set of rules for both.
 */
export function newUserProblems(input: { email: string; role: string; password: string; name?: string | undefined }): Partial<Record<NewUserField, string>> {
  const problems: Partial<Record<NewUserField, string>> = {};
  if (!EMAIL.test(foldEmail(input.email))) problems.email = `"${input.email}" is not an email address`;
  if ((input.name ?? '').trim().length > 100) problems.name = 'the name must have at most 100 characters';
  if (!ROLES.includes(input.role as UserRole)) problems.role = `the role must be one of ${ROLES.join(', ')}`;
  const password = passwordProblem(input.password);
  if (password) problems.password = password;
  return problems;
}

/** The password rule (length only: argon2id makes guessing slow; length makes it long). */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `the password must have at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}

/**
 * Accounts and sessions: users with roles and argon2id hashes, sign-in throttled per account and
 * per address (failures are stored, so every node counts them), sessions kept as token hashes.
 * Every sign-in and account change is written to the audit log.
 */
export class AccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  async addUser(input: { email: string; role: string; password: string; name?: string }, actor: string): Promise<UserRecord> {
    const email = foldEmail(input.email);
    const problem = Object.values(newUserProblems(input))[0];
    if (problem) throw InvalidUser(problem);
    const { store, clock } = this.deps;
    if (await store.users.byEmail(email)) throw UserExists(email);
    const name = input.name?.trim() || email.split('@')[0]!;
    const passwordHash = await hashPassword(input.password);
    const now = clock();
    const id = await store.users.insert({ email, name, role: input.role as UserRole, passwordHash, now });
    await store.operations.audit({ at: now, actor, action: 'user.add', subject: `user:${id}`, details: { email, role: input.role } });
    return (await store.users.byId(id))!;
  }

  listUsers(): Promise<UserRecord[]> {
    return this.deps.store.users.all();
  }

  /** A user by id; undefined when there is none. */
  user(id: number): Promise<UserRecord | undefined> {
    return this.deps.store.users.byId(id);
  }

  /** Whether an account already has this email (compared folded, as sign-in does). */
  async emailTaken(email: string): Promise<boolean> {
    return (await this.deps.store.users.byEmail(foldEmail(email))) !== undefined;
  }

  /** What a user's page shows besides the account: how many sessions are open, and the sites they are limited to (none: every site). */
  async accessOf(userId: number): Promise<{ sessions: number; sites: number[] }> {
    const [sessions, sites] = await Promise.all([this.deps.store.sessions.countOf(userId), this.deps.store.sites.staffSites(userId)]);
    return { sessions, sites };
  }

  /** Sets a new password and ends every session of the user. */
  async setPassword(email: string, password: string, actor: string): Promise<UserRecord> {
    checkPassword(password);
    const user = await this.require(email);
    await this.deps.store.users.setPasswordHash(user.id, await hashPassword(password));
    await this.deps.store.sessions.removeAllOf(user.id);
    await this.audit(actor, 'user.set-password', user.id, {});
    return user;
  }

  /** Disables (or re-enables) an account; disabling ends its sessions at once. The last active admin stays. */
  async setDisabled(email: string, disabled: boolean, actor: string): Promise<UserRecord> {
    const user = await this.require(email);
    if (disabled && !user.disabled) await this.keepAnAdmin(user);
    await this.deps.store.users.setDisabled(user.id, disabled);
    if (disabled) await this.deps.store.sessions.removeAllOf(user.id);
    await this.audit(actor, disabled ? 'user.disable' : 'user.enable', user.id, {});
    return { ...user, disabled };
  }

  /** Changes a user's role (takes effect on their next request); the last active admin stays one. */
  async setRole(email: string, role: string, actor: string): Promise<UserRecord> {
    if (!ROLES.includes(role as UserRole)) throw InvalidUser(`the role must be one of ${ROLES.join(', ')}`);
    const user = await this.require(email);
    if (user.role === role) return user;
    if (role !== 'admin' && !user.disabled) await this.keepAnAdmin(user);
    await this.deps.store.users.setRole(user.id, role as UserRole);
    await this.audit(actor, 'user.set-role', user.id, { from: user.role, to: role });
    return { ...user, role: role as UserRole };
  }

  /** Limits a staff user to some sites (none: every site); takes effect on their next request. */
  async setSites(email: string, siteIds: readonly number[], actor: string): Promise<UserRecord> {
    const user = await this.require(email);
    await this.deps.store.transaction(async (repos) => {
      await repos.sites.setStaffSites(user.id, siteIds);
      await repos.operations.audit({ at: this.deps.clock(), actor, action: 'user.set-sites', subject: `user:${user.id}`, details: { sites: siteIds } });
    });
    return user;
  }

  /** Refuses a change that would leave no active admin (no one could then manage users or settings). */
  private async keepAnAdmin(user: UserRecord): Promise<void> {
    if (user.role === 'admin' && !user.disabled && (await this.deps.store.users.countActiveAdmins()) <= 1) throw LastAdmin();
  }

  /**
   * Checks the password and opens a session. Refused before any password check once the account
   * or the address has SIGN_IN_LIMIT.failures failures inside the window. The attempt is stored
   * as a failure before it is counted (and released if refused unchecked): of any number of
   * concurrent attempts, on any number of nodes, each counts those stored before it, so at most
   * SIGN_IN_LIMIT.failures passwords are ever checked in a window.
   */
  async signIn(emailInput: string, password: string, ip: string): Promise<NewSession> {
    const { store, clock } = this.deps;
    const email = foldEmail(emailInput);
    const now = clock();
    const since = now - SIGN_IN_LIMIT.windowMs;
    const attempt = await store.signInFailures.reserve(email, ip, now);
    const [byEmail, byIp] = await Promise.all([store.signInFailures.count('email', email, since), store.signInFailures.count('ip', ip, since)]);
    // Both counts include this attempt.
    if (byEmail > SIGN_IN_LIMIT.failures || byIp > SIGN_IN_LIMIT.failures) {
      await store.signInFailures.release(attempt);
      throw TooManySignIns(SIGN_IN_LIMIT.windowMs / 60_000);
    }
    const user = await store.users.byEmail(email);
    // An over-long password is refused unhashed (no one can make the server hash megabytes).
    if (password.length > MAX_PASSWORD_LENGTH || !(await verifyPassword(user?.passwordHash, password)) || !user) {
      await store.signInFailures.prune(since);
      await store.operations.audit({ at: now, actor: email, action: 'sign-in.failed', subject: user ? `user:${user.id}` : 'user:unknown', details: { ip } });
      throw WrongPassword();
    }
    await store.signInFailures.release(attempt);
    // The right password for a disabled account: say so (the caller knew the password).
    if (user.disabled) throw UserDisabled();
    await store.signInFailures.clearEmail(email);
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_TTL_MS;
    await store.sessions.insert({ tokenHash: tokenHash(token), userId: user.id, csrfToken, now, expiresAt });
    await store.sessions.removeExpired(now);
    await this.audit(user.email, 'sign-in', user.id, { ip });
    const { passwordHash: _, ...record } = user;
    return { token, session: { tokenHash: tokenHash(token), csrfToken, expiresAt, user: record } };
  }

  /** The live session a cookie token names, or undefined (expired, signed out, disabled user). */
  async session(token: string | undefined): Promise<SessionRecord | undefined> {
    if (!token) return undefined;
    const session = await this.deps.store.sessions.live(tokenHash(token), this.deps.clock());
    if (!session || session.user.role === 'admin') return session;
    // Staff limited to some sites (migration 0027) carry them, so every service can check.
    const sites = await this.deps.store.sites.staffSites(session.user.id);
    return sites.length ? { ...session, user: { ...session.user, sites } } : session;
  }

  async signOut(session: SessionRecord): Promise<void> {
    await this.deps.store.sessions.remove(session.tokenHash);
    await this.audit(session.user.email, 'sign-out', session.user.id, {});
  }

  /** Ends every session of the user, on every device. */
  async signOutEverywhere(session: SessionRecord): Promise<number> {
    const n = await this.deps.store.sessions.removeAllOf(session.user.id);
    await this.audit(session.user.email, 'sign-out.everywhere', session.user.id, { sessions: n });
    return n;
  }

  private async require(emailInput: string): Promise<UserRecord> {
    const email = foldEmail(emailInput);
    const user = await this.deps.store.users.byEmail(email);
    if (!user) throw UserNotFound(email);
    const { passwordHash: _, ...record } = user;
    return record;
  }

  private audit(actor: string, action: string, userId: number, details: Record<string, unknown>): Promise<void> {
    return this.deps.store.operations.audit({ at: this.deps.clock(), actor, action, subject: `user:${userId}`, details });
  }
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw InvalidUser(problem);
}
