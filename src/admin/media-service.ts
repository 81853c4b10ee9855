/**
 * The media library's service: upload checks, resizing with sharp, files to media storage and
 * their metadata to the database.
 */
import type { Readable } from 'node:stream';
import sharp, { type Metadata } from 'sharp';
import { MEDIA_TYPES, type MediaStorage, mediaEtag, uploadKeys } from '../media/index.ts';
import type { MediaFormat, MediaRecord, Repositories, Store, UserRecord } from '../store/index.ts';
import { Forbidden, ImageInAd, ImageInUse, LogoInUse, PhotoInUse } from './errors.ts';
import { renderVariants } from './media-variants.ts';

export interface MediaServiceDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'ads' | 'authors' | 'companies' | 'media' | 'operations'>;
  readonly clock: () => number;
  /** Where the variants' bytes go (the shared media directory). */
  readonly storage: MediaStorage;
}

/** One variant as /media/<id>/<width>.<ext> serves it; `open` resolves to undefined when its file is gone. */
export interface MediaFile {
  readonly type: string;
  readonly etag: string;
  open(): Promise<{ body: Readable | Buffer; size: number } | undefined>;
}

/** Upload limits and the widths made of every image (those narrower than the original, plus the original up to 2048). */
export const MEDIA_LIMITS = { maxBytes: 10 * 1024 * 1024, maxPixels: 40_000_000, maxAlt: 300 } as const;
/** 1200 is the width link previews take (`og:image`, see `SHARE_WIDTH`). */
export const VARIANT_WIDTHS = [320, 640, 1024, 1200, 1600] as const;
export const MEDIA_MAX_WIDTH = 2048;

/** A GIF is kept as WebP: animated WebP plays everywhere GIF does, and sharp writes no GIF variants we serve. */
const ACCEPTED: Record<string, MediaFormat> = { jpeg: 'jpeg', png: 'png', webp: 'webp', heif: 'avif', gif: 'webp' };

/**
 * The media library: uploads are checked (size, a real JPEG/PNG/WebP/AVIF by its bytes, not its
 * name), turned upright, stripped of metadata (EXIF, GPS) and resized to several widths in WebP,
 * AVIF and the uploaded format. Alt text is required. An image in use (a lead image, a company
 * logo) cannot be deleted.
 */
export class MediaService {
  constructor(private readonly deps: MediaServiceDeps) {}

  async upload(file: { filename: string; data: Buffer }, alt: string, user: UserRecord): Promise<{ id: number } | { error: { field: 'file' | 'alt'; message: string } }> {
    const text = alt.trim().replace(/\s+/g, ' ');
    if (!text) return { error: { field: 'alt', message: 'Describe the image for people who cannot see it.' } };
    if (text.length > MEDIA_LIMITS.maxAlt) return { error: { field: 'alt', message: `Keep the alt text to ${MEDIA_LIMITS.maxAlt} characters or fewer.` } };
    if (!file.data.length) return { error: { field: 'file', message: 'Choose an image to upload.' } };
    if (file.data.length > MEDIA_LIMITS.maxBytes) return { error: { field: 'file', message: 'The image is larger than 10 MB.' } };
    let meta: Metadata;
    try {
      meta = await sharp(file.data, { limitInputPixels: MEDIA_LIMITS.maxPixels }).metadata();
    } catch {
      return { error: { field: 'file', message: 'That file is not an image we can read (JPEG, PNG, GIF, WebP or AVIF).' } };
    }
    const format = ACCEPTED[meta.format ?? ''];
    if (!format || !meta.width || !meta.height) return { error: { field: 'file', message: 'Upload a JPEG, PNG, GIF, WebP or AVIF image.' } };
    // EXIF orientation 5–8 swaps width and height once the image is turned upright.
    const swapped = (meta.orientation ?? 1) >= 5;
    const width = swapped ? meta.height : meta.width;
    const height = swapped ? meta.width : meta.height;
    const largest = Math.min(width, MEDIA_MAX_WIDTH);
    const widths = [...VARIANT_WIDTHS.filter((w) => w < largest), largest];
    const variants = await renderVariants(file.data, widths, format, { maxPixels: MEDIA_LIMITS.maxPixels });
    const { store, clock, storage } = this.deps;
    const now = clock();
    const filename = file.filename.replace(/[^\w.\- ]+/g, '_').slice(0, 200) || 'image';
    const keyOf = uploadKeys();
    const stored = variants.map((v) => ({ width: v.width, format: v.format, bytes: v.data.length, storageKey: keyOf(v.width, v.format) }));
    const written: string[] = [];
    let id: number;
    try {
      for (const [i, v] of variants.entries()) {
        await storage.put(stored[i]!.storageKey, v.data);
        written.push(stored[i]!.storageKey);
      }
      id = await store.transaction((repos) => repos.media.insert({ filename, alt: text, format, width, height, bytes: file.data.length, now, userId: user.id }, stored));
    } catch (err) {
      // No row points at these files: remove them so a failed upload leaves nothing behind.
      await Promise.allSettled(written.map((key) => storage.delete(key)));
      throw err;
    }
    await store.operations.audit({ at: now, actor: user.email, action: 'media.upload', subject: `media:${id}`, details: { filename, width, height } });
    return { id };
  }

  list(page: number, perPage: number): Promise<{ total: number; items: MediaRecord[] }> {
    return this.deps.store.media.list(perPage, (page - 1) * perPage);
  }

  async remove(id: number, user: UserRecord): Promise<void> {
    if (user.role === 'contributor') throw Forbidden('delete images');
    const { store, clock, storage } = this.deps;
    const uses = await store.media.usage(id);
    if (uses > 0) throw ImageInUse(uses);
    const logoOf = await store.companies.withLogo(id);
    if (logoOf.length) throw LogoInUse(logoOf.map((c) => c.name).join(', '));
    const ads = await store.ads.creativesShowing(id);
    if (ads.length) throw ImageInAd(ads.join(', '));
    const photoOf = await store.authors.withPhoto(id);
    if (photoOf.length) throw PhotoInUse(photoOf.join(', '));
    const keys = await store.transaction((repos) => repos.media.remove(id));
    // Files go only once no row names them: a failure here leaves an unused file, never a broken image.
    await Promise.all(keys.map((key) => storage.delete(key)));
    await store.operations.audit({ at: clock(), actor: user.email, action: 'media.delete', subject: `media:${id}`, details: {} });
  }

  /**
   * Moves variants uploaded before media storage out of the database, `batch` at a time: each
   * file is written first, then its row points at it and drops the bytes, so a reader always finds
   * one or the other. Safe while the site serves and on several nodes at once (a row another
   * process moved first keeps its file; ours is removed). Idempotent.
   */
  async moveToStorage(batch = 100, onProgress?: (moved: number) => void): Promise<{ moved: number; bytes: number }> {
    const { store, storage } = this.deps;
    let moved = 0;
    let bytes = 0;
    for (;;) {
      const rows = await store.media.variantsWithBytes(batch);
      if (!rows.length) return { moved, bytes };
      const keyOf = new Map<number, ReturnType<typeof uploadKeys>>();
      for (const v of rows) {
        const keys = keyOf.get(v.mediaId) ?? uploadKeys();
        keyOf.set(v.mediaId, keys);
        const key = keys(v.width, v.format);
        await storage.put(key, v.data);
        if (await store.media.setStorageKey(v, key, v.data.length)) {
          moved++;
          bytes += v.data.length;
        } else {
          await storage.delete(key);
        }
      }
      onProgress?.(moved);
    }
  }

  /**
   * One variant, for /media/<id>/<width>.<ext>: from media storage, or from the row itself for
   * variants uploaded before media storage existed (they keep serving without a migration step).
   */
  async file(id: number, width: number, format: MediaFormat): Promise<MediaFile | undefined> {
    const { store, storage } = this.deps;
    const v = await store.media.variant(id, width, format);
    if (!v) return undefined;
    const type = MEDIA_TYPES[format];
    if (v.storageKey) {
      const key = v.storageKey;
      return { type, etag: mediaEtag(key), open: async () => storage.read(key).then((f) => f && { body: f.stream, size: f.size }) };
    }
    if (!v.data) return undefined;
    const data = Buffer.from(v.data);
    return { type, etag: mediaEtag(data), open: async () => ({ body: data, size: data.length }) };
  }
}
