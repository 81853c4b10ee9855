import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** An author as their page and the admin show them. */
export interface AuthorProfileRow {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly bio: string;
  /** The media library image of their photo, or null. */
  readonly photoMediaId: number | null;
}

const toProfile = (r: { id: number; slug: string; name: string; bio: string; photo_media_id: number | null }): AuthorProfileRow => ({
  id: Number(r.id),
  slug: r.slug,
  name: r.name,
  bio: r.bio,
  photoMediaId: r.photo_media_id === null ? null : Number(r.photo_media_id),
});

/** Authors' profiles: the bio and photo their page and bylines show (authors themselves are made by the publish pipeline). */
export class AuthorRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every author by name, with how many articles (any status) carry their byline. */
  async list(): Promise<(AuthorProfileRow & { articles: number })[]> {
    const rows = await this.db
      .selectFrom('authors as au')
      .leftJoin('article_authors as aa', 'aa.author_id', 'au.id')
      .select(['au.id', 'au.slug', 'au.name', 'au.bio', 'au.photo_media_id', (eb) => eb.fn.count<number>('aa.article_id').as('n')])
      .groupBy(['au.id', 'au.slug', 'au.name', 'au.bio', 'au.photo_media_id'])
      .orderBy('au.name')
      .execute();
    return rows.map((r) => ({ ...toProfile(r), articles: Number(r.n) }));
  }

  async byId(id: number): Promise<AuthorProfileRow | undefined> {
    const r = await this.db.selectFrom('authors').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toProfile(r);
  }

  async bySlug(slug: string): Promise<AuthorProfileRow | undefined> {
    const r = await this.db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
    return r && toProfile(r);
  }

  async setProfile(id: number, bio: string, photoMediaId: number | null): Promise<void> {
    await this.db.updateTable('authors').set({ bio, photo_media_id: photoMediaId }).where('id', '=', id).execute();
  }

  /** The photos of these authors (author id → media id); authors without one are absent. */
  async photosOf(authorIds: readonly number[]): Promise<Map<number, number>> {
    if (!authorIds.length) return new Map();
    const rows = await this.db.selectFrom('authors').select(['id', 'photo_media_id']).where('id', 'in', authorIds).where('photo_media_id', 'is not', null).execute();
    return new Map(rows.map((r) => [Number(r.id), Number(r.photo_media_id)]));
  }

  /** The names of the authors whose photo this image is (the media library keeps it while any). */
  async withPhoto(mediaId: number): Promise<string[]> {
    const rows = await this.db.selectFrom('authors').select('name').where('photo_media_id', '=', mediaId).orderBy('name').execute();
    return rows.map((r) => r.name);
  }
}
