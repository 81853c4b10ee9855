import type { MailTransport } from '../mail/index.ts';
import type { FollowKind, ReaderProfile, ReaderRecord, Repositories, Store } from '../store/index.ts';
import { normalEmail } from '../store/index.ts';
import { FollowTargetNotFound, InvalidReaderEmail, ReaderNotFound, ReaderRateLimited, SignInCodeWrong, SignInLinkInvalid, SignInOtherBrowser } from './errors.ts';
import { type ProfileField, readProfile } from './profile.ts';
import { hashCode, hashSecret, newCode, newSecret, sameSecret } from './secrets.ts';
import { signInMail } from './sign-in-mail.ts';

/** How long a sign-in link and its code work. */
export const SIGN_IN_TTL_MS = 15 * 60_000;
/** Wrong codes a sign-in survives; the next one kills it. */
export const CODE_ATTEMPTS = 5;
/** A reader stays signed in this long. */
export const READER_SESSION_TTL_MS = 30 * 24 * 3600_000;
/** Sign-in requests: per address and per client IP, in one window. */
export const SIGN_IN_LIMITS = { perAddress: 5, perIp: 30, windowMs: 15 * 60_000 } as const;

/** What to do once the link is followed: a follow asked for while signed out, and where to go next. */
export interface AfterSignIn {
  readonly follow?: { readonly kind: FollowKind; readonly slug: string };
  readonly next?: string;
}

export interface ReaderAccountDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'follows' | 'leads' | 'readerAccess' | 'readers'>;
  readonly clock: () => number;
  readonly mail: MailTransport;
  /** The public origin the links in emails point at (SITE_URL). */
  readonly siteUrl: string;
  /** Getters: the settings in effect at each call. */
  readonly siteTitle: () => string;
  readonly requiredFields: () => readonly ProfileField[];
}

export interface ReaderSession {
  readonly reader: ReaderRecord;
  readonly csrfToken: string;
}

const EMAIL = /^[^\s@<>()",;]{1,64}@[^\s@<>()",;]+\.[^\s@<>()",;]{2,}$/;

/**
 * Reader accounts: sign-up and sign-in are one magic-link form (no passwords), double opt-in by
 * following the first link, sessions apart from staff, the profile, and the reader's rights (export
 * everything kept about them, delete it all). Every answer to "send me a link" is the same whether
 * or not the address is known, so the form cannot be used to find out who reads the site.
 */
export class ReaderAccountService {
  constructor(private readonly deps: ReaderAccountDeps) {}

  /**
   * Sends a sign-in link and code to `email` (nothing to a suppressed address, and the caller cannot
   * tell). Returns the browser nonce to set as a cookie: the link and code work only with it.
   */
  async requestSignIn(email: string, ip: string, after: AfterSignIn = {}, from?: { readonly siteUrl: string; readonly siteTitle: string }): Promise<{ nonce: string }> {
    const { store, clock, mail } = this.deps;
    const address = normalEmail(email);
    if (address.length > 254 || !EMAIL.test(address)) throw InvalidReaderEmail();
    const now = clock();
    await this.limit(`ip:${ip}`, SIGN_IN_LIMITS.perIp, now);
    await this.limit(`email:${hashSecret(address)}`, SIGN_IN_LIMITS.perAddress, now);
    await store.readerAccess.deleteSignIns({ expiredBefore: now });
    await store.readerAccess.deleteStale(now, SIGN_IN_LIMITS.windowMs);
    const token = newSecret();
    const nonce = newSecret();
    const code = newCode();
    const tokenHash = hashSecret(token);
    await store.readerAccess.addSignIn({ tokenHash, nonceHash: hashSecret(nonce), codeHash: hashCode(code, tokenHash), email: address, after: JSON.stringify(after), now, expiresAt: now + SIGN_IN_TTL_MS });
    const known = await store.readers.byEmail(address);
    if (!known?.suppressedAt) {
      // The site the reader asked on (several titles: its own address and name), else the installation's.
      const link = new URL(`/account/verify?t=${token}`, from?.siteUrl ?? this.deps.siteUrl).href;
      await mail.send({ to: address, ...signInMail({ siteTitle: from?.siteTitle ?? this.deps.siteTitle(), link, code, newReader: known?.status !== 'active' }) });
    }
    return { nonce };
  }

  /** Follows the emailed link: signs in (confirming the address the first time) when `nonce` is the asking browser's. */
  async verifyLink(token: string, nonce: string | undefined): Promise<{ sessionToken: string; after: AfterSignIn }> {
    const now = this.deps.clock();
    const signIn = await this.deps.store.readerAccess.signInByToken(hashSecret(token));
    if (!signIn || signIn.usedAt !== null || signIn.expiresAt <= now) throw SignInLinkInvalid();
    if (!nonce || !sameSecret(hashSecret(nonce), signIn.nonceHash)) throw SignInOtherBrowser();
    return this.complete(signIn.id, signIn.email, signIn.after, now);
  }

  /** The code typed in the asking browser; a wrong one counts, and the `CODE_ATTEMPTS`+1st kills the sign-in. */
  async verifyCode(code: string, nonce: string | undefined): Promise<{ sessionToken: string; after: AfterSignIn }> {
    const now = this.deps.clock();
    const signIn = nonce ? await this.deps.store.readerAccess.liveSignInByNonce(hashSecret(nonce), now) : undefined;
    if (!signIn) throw SignInLinkInvalid();
    const attempts = await this.deps.store.readerAccess.countAttempt(signIn.id);
    if (attempts > CODE_ATTEMPTS) throw SignInLinkInvalid();
    if (!sameSecret(hashCode(code.replace(/\D/g, ''), signIn.tokenHash), signIn.codeHash)) {
      if (attempts === CODE_ATTEMPTS) {
        await this.deps.store.readerAccess.useSignIn(signIn.id, now);
        throw SignInLinkInvalid();
      }
      throw SignInCodeWrong(CODE_ATTEMPTS - attempts);
    }
    return this.complete(signIn.id, signIn.email, signIn.after, now);
  }

  private async complete(id: number, email: string, afterJson: string, now: number): Promise<{ sessionToken: string; after: AfterSignIn }> {
    const { store } = this.deps;
    const after = JSON.parse(afterJson) as AfterSignIn;
    const sessionToken = newSecret();
    const used = await store.transaction(async (repos) => {
      if (!(await repos.readerAccess.useSignIn(id, now))) return false;
      const { reader } = await repos.readers.ensure({ email, status: 'active', source: 'signup', now });
      // Double opt-in: following the link proves the address is the reader's.
      await repos.readers.confirm(reader.id, now);
      if (after.follow) {
        const target = await repos.follows.targetId(after.follow.kind, after.follow.slug);
        if (target) await repos.follows.follow(reader.id, after.follow.kind, target.id, now);
      }
      await repos.readerAccess.addSession({ tokenHash: hashSecret(sessionToken), readerId: reader.id, csrfToken: newSecret(), now, expiresAt: now + READER_SESSION_TTL_MS });
      return true;
    });
    if (!used) throw SignInLinkInvalid();
    return { sessionToken, after };
  }

  /** The reader signed in with `token` (a cookie), or undefined. */
  async session(token: string | undefined): Promise<ReaderSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const s = await this.deps.store.readerAccess.session(hashSecret(token), this.deps.clock());
    const reader = s && (await this.deps.store.readers.byId(s.readerId));
    return reader && s ? { reader, csrfToken: s.csrfToken } : undefined;
  }

  async signOut(token: string): Promise<void> {
    await this.deps.store.readerAccess.deleteSession(hashSecret(token));
  }

  /** Saves the posted profile (checked against the site's required fields). */
  async updateProfile(readerId: number, body: Record<string, unknown>): Promise<void> {
    await this.deps.store.readers.updateProfile(readerId, readProfile(body, this.deps.requiredFields()), this.deps.clock());
  }

  /** Everything kept about the reader, as the JSON they download. */
  async exportData(readerId: number): Promise<Record<string, unknown>> {
    const { store, clock } = this.deps;
    const reader = await store.readers.byId(readerId);
    if (!reader) throw ReaderNotFound(String(readerId));
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const profile: ReaderProfile = { name: reader.name, company: reader.company, jobTitle: reader.jobTitle, industry: reader.industry, country: reader.country };
    return {
      exportedAt: iso(clock()),
      reader: {
        email: reader.email,
        ...profile,
        status: reader.status,
        source: reader.source,
        createdAt: iso(reader.createdAt),
        confirmedAt: iso(reader.confirmedAt),
        alertMode: reader.alertMode,
        hardBounces: reader.hardBounces,
        suppressedAt: iso(reader.suppressedAt),
        suppressedReason: reader.suppressedReason,
      },
      follows: (await store.follows.followsOf(readerId)).map((f) => ({ kind: f.kind, slug: f.slug, name: f.name, since: iso(f.createdAt) })),
      alerts: (await store.follows.alertsOf(readerId)).map((a) => ({ articleId: a.articleId, mode: a.mode, queuedAt: iso(a.queuedAt), sentAt: iso(a.sentAt) })),
      // Gated downloads (src/leads): what was shared with which sponsor, and the consent shown.
      leads: (await store.leads.leadsOfReader(readerId)).map((l) => ({
        resource: l.assetSlug,
        title: l.assetTitle,
        sponsor: l.sponsorName,
        shared: l.shared,
        consent: l.consent,
        sharedAt: iso(l.createdAt),
        withdrawnAt: iso(l.withdrawnAt),
      })),
    };
  }

  /**
   * Deletes the reader and everything hanging off them (follows, alerts, sessions, sign-in links),
   * leaving an audit entry that says an account was deleted and nothing about whose.
   */
  async deleteAccount(readerId: number, actor: 'reader' | 'cli'): Promise<void> {
    const now = this.deps.clock();
    await this.deps.store.transaction(async (repos) => {
      const reader = await repos.readers.byId(readerId);
      if (!reader) throw ReaderNotFound(String(readerId));
      await repos.readerAccess.deleteSignIns({ email: reader.email });
      await repos.readers.delete(readerId);
      await repos.operations.audit({ at: now, actor, action: 'reader.delete', subject: 'reader', details: {} });
    });
  }

  /**
   * The CLI's follow: the reader with this address (created confirmed, source 'cli', when absent:
   * the operator vouches for consent) follows the target. Returns the reader and the target's name.
   */
  async followAs(email: string, kind: FollowKind, slug: string): Promise<{ reader: ReaderRecord; created: boolean; name: string }> {
    const { store, clock } = this.deps;
    const address = normalEmail(email);
    if (address.length > 254 || !EMAIL.test(address)) throw InvalidReaderEmail();
    const now = clock();
    return store.transaction(async (repos) => {
      const target = await repos.follows.targetId(kind, slug);
      if (!target) throw FollowTargetNotFound(`/${kind === 'company' ? 'companies' : `${kind}s`}/${slug}`);
      const { reader, created } = await repos.readers.ensure({ email: address, status: 'active', source: 'cli', now });
      await repos.follows.follow(reader.id, kind, target.id, now);
      return { reader, created, name: target.name };
    });
  }

  /** Every reader, with what they follow counted (the CLI's list). */
  async list(): Promise<(ReaderRecord & { follows: number })[]> {
    const out: (ReaderRecord & { follows: number })[] = [];
    for (const s of await this.deps.store.follows.readerSummaries()) {
      const r = await this.deps.store.readers.byId(s.id);
      if (r) out.push({ ...r, follows: s.follows });
    }
    return out;
  }

  /** The reader with this address (the CLI). */
  async byEmail(email: string): Promise<ReaderRecord> {
    const r = await this.deps.store.readers.byEmail(email);
    if (!r) throw ReaderNotFound(normalEmail(email));
    return r;
  }

  private async limit(key: string, max: number, now: number): Promise<void> {
    const hits = await this.deps.store.readerAccess.hit(key, now, SIGN_IN_LIMITS.windowMs);
    if (hits > max) throw ReaderRateLimited(`${Math.round(SIGN_IN_LIMITS.windowMs / 60_000)} minutes`);
  }
}
