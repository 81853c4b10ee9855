import type { MediaLibrary } from '../import/index.ts';
import { mediaUrl } from '../media/index.ts';
import type { Repositories, UserRecord } from '../store/index.ts';
import { MEDIA_MAX_WIDTH, type MediaService } from './media-service.ts';

/**
 * The media library as importers use it: images found again by their file name, added through
 * the media service (checked by their bytes, resized) by a disabled "Importer" account, and
 * addressed in bodies by their largest variant in the uploaded format.
 */
export function importMediaLibrary(store: Pick<Repositories, 'media' | 'users'>, media: MediaService, clock: () => number): MediaLibrary {
  let uploader: Promise<UserRecord> | undefined;
  const urlOf = (m: { id: number; width: number; format: Parameters<typeof mediaUrl>[2] }) => ({ url: mediaUrl(m.id, Math.min(m.width, MEDIA_MAX_WIDTH), m.format) });
  return {
    async find(filename) {
      const m = await store.media.byFilename(filename);
      return m && urlOf(m);
    },
    async add(file, alt) {
      uploader ??= importUploader(store, clock());
      const added = await media.upload(file, alt, await uploader);
      if ('error' in added) return { error: added.error.message };
      return urlOf((await store.media.byId(added.id))!);
    },
  };
}

/** The account imported images are uploaded by: disabled, so nobody can sign in as it. */
async function importUploader(store: Pick<Repositories, 'users'>, now: number): Promise<UserRecord> {
  const email = 'importer@masthead.invalid';
  const existing = await store.users.byEmail(email);
  if (existing) return existing;
  const id = await store.users.insert({ email, name: 'Importer', role: 'contributor', passwordHash: '!', now });
  await store.users.setDisabled(id, true);
  return (await store.users.byId(id))!;
}
