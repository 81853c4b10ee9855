import { type Kysely, sql } from 'kysely';
import type { ArticleStatus } from '../domain/index.ts';
import type { MentionOrigin } from './company-repository.ts';
import type { Database, MediaFormat, UserRole, UserRow } from './schema.ts';

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

function toRecord(r: UserRow): UserRecord {
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
    return r && { ...toRecord(r), passwordHash: r.password_hash };
  }

  async byId(id: number): Promise<UserRecord | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRecord(r);
  }

  async all(): Promise<UserRecord[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('email').execute()).map(toRecord);
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
    return r && { tokenHash: r.token_hash, csrfToken: r.csrf_token, expiresAt: Number(r.expires_at), user: toRecord(r) };
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

/** Who created an article in the admin. */
export class ArticleOwnerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async set(articleId: number, userId: number): Promise<void> {
    const existing = await this.ownerOf(articleId);
    if (existing === undefined) await this.db.insertInto('article_owners').values({ article_id: articleId, user_id: userId }).execute();
  }

  async ownerOf(articleId: number): Promise<number | undefined> {
    const r = await this.db.selectFrom('article_owners').select('user_id').where('article_id', '=', articleId).executeTakeFirst();
    return r === undefined ? undefined : Number(r.user_id);
  }
}

/** One row of the admin's article list (every status). */
export interface AdminArticleRow {
  readonly id: number;
  readonly slug: string;
  readonly headline: string;
  readonly status: ArticleStatus;
  readonly section: string | null;
  readonly publishedAt: number | null;
  readonly updatedAt: number;
  readonly ownerId: number | null;
}

export interface AdminArticleFilter {
  readonly status?: ArticleStatus | undefined;
  readonly sectionId?: number | undefined;
  /** Words the headline contains (case-insensitive). */
  readonly q?: string | undefined;
  readonly authorId?: number | undefined;
  /** Articles tagged with the company (blocked tags do not count). */
  readonly companyId?: number | undefined;
  /** Newest change first (default), newest publication date first, or headline A–Z. */
  readonly sort?: AdminArticleSort | undefined;
  /** Only articles this user created (what a contributor sees). */
  readonly ownerId?: number | undefined;
  /** Only articles whose home is one of these sites (the admin's current site, or a limited user's sites). */
  readonly siteIds?: readonly number[] | undefined;
}

export type AdminArticleSort = 'updated' | 'published' | 'headline';

/** The admin's view of articles: every status, newest change first. */
export class AdminArticleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(filter: AdminArticleFilter, limit: number, offset: number): Promise<{ total: number; items: AdminArticleRow[] }> {
    let q = this.db.selectFrom('articles as a').leftJoin('sections as s', 's.id', 'a.section_id').leftJoin('article_owners as o', 'o.article_id', 'a.id');
    if (filter.status) q = q.where('a.status', '=', filter.status);
    if (filter.sectionId !== undefined) q = q.where('a.section_id', '=', filter.sectionId);
    if (filter.ownerId !== undefined) q = q.where('o.user_id', '=', filter.ownerId);
    if (filter.siteIds) q = q.where('a.site_id', 'in', filter.siteIds.length ? filter.siteIds : [0]);
    const { authorId, companyId } = filter;
    if (authorId !== undefined) {
      q = q.where((eb) => eb.exists(eb.selectFrom('article_authors as aa').select('aa.article_id').whereRef('aa.article_id', '=', 'a.id').where('aa.author_id', '=', authorId)));
    }
    if (companyId !== undefined) {
      q = q.where((eb) =>
        eb.exists(
          eb.selectFrom('article_companies as ac').select('ac.article_id').whereRef('ac.article_id', '=', 'a.id').where('ac.company_id', '=', companyId).where('ac.origin', '<>', 'blocked'),
        ),
      );
    }
    // LIKE wildcards are dropped from the words rather than escaped (the engines escape differently).
    for (const word of (filter.q ?? '').toLowerCase().replace(/[\\%_]/g, ' ').split(/\s+/).filter(Boolean)) {
      q = q.where((eb) => eb(eb.fn('lower', ['a.headline']), 'like', `%${word}%`));
    }
    const [count, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      q
        .select(['a.id', 'a.slug', 'a.headline', 'a.status', 's.name as section', 'a.published_at', 'a.updated_at', 'o.user_id'])
        .$call((b) =>
          filter.sort === 'headline'
            ? b.orderBy('a.headline').orderBy('a.id')
            : filter.sort === 'published'
              ? // Drafts have no date: after everything dated, newest change first.
                b.orderBy(sql`a.published_at is null`).orderBy('a.published_at', 'desc').orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc')
              : b.orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc'),
        )
        .limit(limit)
        .offset(offset)
        .execute(),
    ]);
    return {
      total: Number(count.n),
      items: rows.map((r) => ({
        id: Number(r.id),
        slug: r.slug,
        headline: r.headline,
        status: r.status,
        section: r.section ?? null,
        publishedAt: r.published_at === null ? null : Number(r.published_at),
        updatedAt: Number(r.updated_at),
        ownerId: r.user_id === null ? null : Number(r.user_id),
      })),
    };
  }

  /** The companies tagged on an article, blocked ones included, with how they got there. */
  async companyTags(articleId: number): Promise<{ id: number; slug: string; name: string; origin: MentionOrigin; mentions: number }[]> {
    const rows = await this.db
      .selectFrom('article_companies as ac')
      .innerJoin('companies as c', 'c.id', 'ac.company_id')
      .select(['c.id', 'c.slug', 'c.name', 'ac.origin', 'ac.mentions'])
      .where('ac.article_id', '=', articleId)
      .orderBy('c.name')
      .execute();
    return rows.map((r) => ({ id: Number(r.id), slug: r.slug, name: r.name, origin: r.origin, mentions: Number(r.mentions) }));
  }

  /** Articles in which the tagger saw the company-like name with this folded key. */
  async candidateArticles(key: string): Promise<number[]> {
    const rows = await this.db.selectFrom('company_candidates').select('article_id').where('name_key', '=', key).execute();
    return rows.map((r) => Number(r.article_id));
  }
}

/** Redirects as the admin lists them: newest first, paged. */
export class AdminRedirectRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** `siteId`: only that site's redirects. */
  async list(limit: number, offset: number, siteId?: number): Promise<{ total: number; items: { from: string; to: string | null; status: 301 | 410; createdAt: number }[] }> {
    const all = this.db.selectFrom('redirects');
    const q = siteId === undefined ? all : all.where('site_id', '=', siteId);
    const [count, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('created_at', 'desc').orderBy('from_path').limit(limit).offset(offset).execute(),
    ]);
    return {
      total: Number(count.n),
      items: rows.map((r) => ({ from: r.from_path, to: r.to_path, status: Number(r.status) as 301 | 410, createdAt: Number(r.created_at) })),
    };
  }
}

/** A library image as public pages need it: its size, uploaded format and stored variants. */
export interface MediaImageRow {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  readonly format: MediaFormat;
  readonly variants: readonly { width: number; format: MediaFormat }[];
}

/** A library image as the admin lists it. */
export interface MediaRecord {
  readonly id: number;
  readonly filename: string;
  readonly alt: string;
  readonly format: MediaFormat;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly createdAt: number;
  readonly variants: readonly { width: number; format: MediaFormat }[];
}

/** Where one variant's bytes are: under a media storage key, or (rows written before 0010) in the row. */
export interface MediaVariantFile {
  readonly storageKey: string | null;
  readonly data: Buffer | null;
  readonly bytes: number;
}

/** The media library: images and their variants (metadata here, files in media storage). */
export class MediaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(
    m: { filename: string; alt: string; format: MediaFormat; width: number; height: number; bytes: number; now: number; userId: number },
    variants: readonly { width: number; format: MediaFormat; bytes: number; storageKey: string }[],
  ): Promise<number> {
    const row = await this.db
      .insertInto('media')
      .values({ filename: m.filename, alt: m.alt, format: m.format, width: m.width, height: m.height, bytes: m.bytes, created_at: m.now, user_id: m.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await this.db
      .insertInto('media_variants')
      .values(variants.map((v) => ({ media_id: id, width: v.width, format: v.format, bytes: v.bytes, storage_key: v.storageKey, data: null })))
      .execute();
    return id;
  }

  async list(limit: number, offset: number): Promise<{ total: number; items: MediaRecord[] }> {
    const [count, rows] = await Promise.all([
      this.db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      this.db.selectFrom('media').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    ]);
    const ids = rows.map((r) => Number(r.id));
    const variants = ids.length
      ? await this.db.selectFrom('media_variants').select(['media_id', 'width', 'format']).where('media_id', 'in', ids).orderBy('width').orderBy('format').execute()
      : [];
    return {
      total: Number(count.n),
      items: rows.map((r) => ({
        id: Number(r.id),
        filename: r.filename,
        alt: r.alt,
        format: r.format,
        width: Number(r.width),
        height: Number(r.height),
        bytes: Number(r.bytes),
        createdAt: Number(r.created_at),
        variants: variants.filter((v) => Number(v.media_id) === Number(r.id)).map((v) => ({ width: Number(v.width), format: v.format })),
      })),
    };
  }

  async byId(id: number): Promise<Omit<MediaRecord, 'variants'> | undefined> {
    const r = await this.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    return r && { id: Number(r.id), filename: r.filename, alt: r.alt, format: r.format, width: Number(r.width), height: Number(r.height), bytes: Number(r.bytes), createdAt: Number(r.created_at) };
  }

  /** The image uploaded under this file name (importers name theirs after the source file, to find them again); the first if several. */
  async byFilename(filename: string): Promise<Omit<MediaRecord, 'variants'> | undefined> {
    const r = await this.db.selectFrom('media').select('id').where('filename', '=', filename).orderBy('id').limit(1).executeTakeFirst();
    return r && this.byId(Number(r.id));
  }

  async variant(id: number, width: number, format: MediaFormat): Promise<MediaVariantFile | undefined> {
    const r = await this.db
      .selectFrom('media_variants')
      .select(['storage_key', 'data', 'bytes'])
      .where('media_id', '=', id)
      .where('width', '=', width)
      .where('format', '=', format)
      .executeTakeFirst();
    return r && { storageKey: r.storage_key, data: r.data, bytes: Number(r.bytes) };
  }

  /** Which of `keys` a row names: an image variant's file or a gated asset's PDF (the files media storage holds). */
  async namedKeys(keys: readonly string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const [variants, assets] = await Promise.all([
      this.db.selectFrom('media_variants').select('storage_key as key').where('storage_key', 'in', keys).execute(),
      this.db.selectFrom('lead_assets').select('file_key as key').where('file_key', 'in', keys).execute(),
    ]);
    return new Set([...variants, ...assets].map((r) => r.key!));
  }

  /** Variants whose bytes are still in the row (uploaded before media storage), oldest first. */
  async variantsWithBytes(limit: number): Promise<{ mediaId: number; width: number; format: MediaFormat; data: Buffer }[]> {
    const rows = await this.db
      .selectFrom('media_variants')
      .select(['media_id', 'width', 'format', 'data'])
      .where('storage_key', 'is', null)
      .where('data', 'is not', null)
      .orderBy('media_id')
      .orderBy('width')
      .orderBy('format')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ mediaId: Number(r.media_id), width: Number(r.width), format: r.format, data: Buffer.from(r.data!) }));
  }

  /** Points a variant at its stored file and drops its bytes; false when another process already did. */
  async setStorageKey(v: { mediaId: number; width: number; format: MediaFormat }, storageKey: string, bytes: number): Promise<boolean> {
    const r = await this.db
      .updateTable('media_variants')
      .set({ storage_key: storageKey, bytes, data: null })
      .where('media_id', '=', v.mediaId)
      .where('width', '=', v.width)
      .where('format', '=', v.format)
      .where('storage_key', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The images with these ids and the variants each has, for public pages' `<picture>` markup. */
  async images(ids: readonly number[]): Promise<Map<number, MediaImageRow>> {
    if (!ids.length) return new Map();
    // One joined read (an article page pays for it on every uncached view).
    const rows = await this.db
      .selectFrom('media_variants as v')
      .innerJoin('media as m', 'm.id', 'v.media_id')
      .select(['m.id', 'm.width', 'm.height', 'm.format', 'v.width as variant_width', 'v.format as variant_format'])
      .where('v.media_id', 'in', [...new Set(ids)])
      .execute();
    const out = new Map<number, MediaImageRow & { variants: { width: number; format: MediaFormat }[] }>();
    for (const r of rows) {
      const id = Number(r.id);
      const image = out.get(id) ?? { id, width: Number(r.width), height: Number(r.height), format: r.format, variants: [] };
      image.variants.push({ width: Number(r.variant_width), format: r.variant_format });
      out.set(id, image);
    }
    return out;
  }

  /** How many articles use the image as their lead image. */
  async usage(id: number): Promise<number> {
    const r = await this.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('lead_image_url', 'like', `/media/${id}/%`)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Deletes the image and its variant rows (call inside a transaction); returns the storage keys that held its files. */
  async remove(id: number): Promise<string[]> {
    const keys = await this.db.selectFrom('media_variants').select('storage_key').where('media_id', '=', id).execute();
    await this.db.deleteFrom('media_variants').where('media_id', '=', id).execute();
    await this.db.deleteFrom('media').where('id', '=', id).execute();
    return keys.flatMap((k) => (k.storage_key ? [k.storage_key] : []));
  }
}
