import type { AuthorProfileRow, MediaRecord, Repositories, Store, UserRecord } from '../store/index.ts';
import { AuthorNotFound } from './errors.ts';
import type { MediaService } from './media-service.ts';
import { requireEditor } from './roles.ts';

export interface AuthorAdminDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'authors' | 'media'>;
  readonly media: Pick<MediaService, 'upload'>;
  readonly clock: () => number;
}

/** The profile form as posted: the bio and the chosen photo's media id ('' for none). */
export interface AuthorForm {
  readonly bio: string;
  readonly photoMedia: string;
}

export type AuthorErrors = Partial<Record<'bio' | 'photoMedia' | 'photo' | 'alt', string>>;

/** A short bio: a paragraph under the name, and the author page's meta description. */
export const BIO_MAX = 600;

/**
 * Authors' profiles for editors and admins: the bio and the photo their page and bylines show.
 * Authors themselves come from articles' bylines (the publish pipeline makes them); the photo is
 * a media library image, chosen from the library or uploaded here, and the library refuses to
 * delete it while an author uses it. Each change bumps the content version (every node's page
 * cache follows) and is audited.
 */
export class AuthorAdminService {
  constructor(private readonly deps: AuthorAdminDeps) {}

  list(user: UserRecord) {
    requireEditor(user, 'edit author profiles');
    return this.deps.store.authors.list();
  }

  async get(id: number, user: UserRecord): Promise<AuthorProfileRow & { photo: Omit<MediaRecord, 'variants'> | null }> {
    requireEditor(user, 'edit author profiles');
    const author = await this.deps.store.authors.byId(id);
    if (!author) throw AuthorNotFound(id);
    const photo = author.photoMediaId === null ? undefined : await this.deps.store.media.byId(author.photoMediaId);
    return { ...author, photo: photo ?? null };
  }

  /** Saves the bio and the chosen photo; returns errors by field instead when the form is wrong. */
  async save(id: number, form: AuthorForm, user: UserRecord): Promise<AuthorErrors> {
    const before = await this.get(id, user);
    const bio = form.bio.replace(/\r\n?/g, '\n').trim();
    const errors: AuthorErrors = {};
    if (bio.length > BIO_MAX) errors.bio = `Keep the bio to ${BIO_MAX} characters or fewer (it has ${bio.length}).`;
    const photo = form.photoMedia.trim();
    if (photo && !/^[1-9]\d{0,11}$/.test(photo)) errors.photoMedia = 'Choose an image from the list.';
    else if (photo && Number(photo) !== before.photoMediaId && !(await this.deps.store.media.byId(Number(photo)))) {
      errors.photoMedia = 'That image is no longer in the media library; choose another.';
    }
    if (Object.keys(errors).length) return errors;
    await this.write(user, before, bio, photo ? Number(photo) : null);
    return {};
  }

  /** Uploads an image through the media library and makes it the author's photo. */
  async uploadPhoto(id: number, file: { filename: string; data: Buffer }, alt: string, user: UserRecord): Promise<AuthorErrors> {
    const before = await this.get(id, user);
    const uploaded = await this.deps.media.upload(file, alt, user);
    if ('error' in uploaded) return { [uploaded.error.field === 'file' ? 'photo' : 'alt']: uploaded.error.message };
    await this.write(user, before, before.bio, uploaded.id);
    return {};
  }

  private async write(user: UserRecord, before: AuthorProfileRow, bio: string, photoMediaId: number | null): Promise<void> {
    const { store, clock } = this.deps;
    await store.transaction(async (repos) => {
      await repos.authors.setProfile(before.id, bio, photoMediaId);
      await repos.state.bumpContentVersion();
      const details = { bio: bio === before.bio ? 'unchanged' : 'changed', photo: { from: before.photoMediaId, to: photoMediaId } };
      await repos.operations.audit({ at: clock(), actor: user.email, action: 'author.update', subject: `author:${before.id}`, details });
    });
  }
}
