/**
 * @module media
 * Where media-library files live and how public pages point at them: the `MediaStorage` interface
 * (put/get/read/delete by key, files immutable), its shared-directory driver `DirectoryStorage`,
 * and the URL, key, ETag and `<picture>` helpers. The library itself (upload checks, resizing) is
 * `MediaService` in `admin/`.
 * @example
 * const storage = new DirectoryStorage('./data/media');
 * await storage.put('ab/ab12-640.webp', bytes);
 */
// Store types the web layer uses, under this capability's name (web/ never imports store/).
export type { MediaRecord } from '../store/index.ts';
export { DirectoryStorage } from './directory-storage.ts';
export * from './errors.ts';
export { MEDIA_EXT, MEDIA_TYPES, type MediaImage, mediaEtag, mediaIdOf, mediaUrl, type ResponsiveImage, responsiveImage, SHARE_WIDTH, uploadKeys } from './media-files.ts';
export { type ListedFile, MEDIA_KEY, type MediaStorage, type StoredFile } from './media-storage.ts';
