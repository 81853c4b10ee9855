/** Media URLs, storage keys, ETags and the data of a responsive `<picture>`: pure helpers. */
import { createHash, randomBytes } from 'node:crypto';
import type { MediaFormat } from '../store/index.ts';

/** File extensions and content types of the formats the library stores. */
export const MEDIA_EXT: Record<MediaFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif' };
export const MEDIA_TYPES: Record<MediaFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif' };

/** The public URL of one variant. */
export function mediaUrl(id: number, width: number, format: MediaFormat): string {
  return `/media/${id}/${width}.${MEDIA_EXT[format]}`;
}

/** The library image a URL points at (`/media/<id>/…`), or undefined for any other (an imported image). */
export function mediaIdOf(url: string): number | undefined {
  const m = /^\/media\/(\d{1,12})\//.exec(url);
  return m ? Number(m[1]) : undefined;
}

/**
 * A new upload's storage keys: one random name per upload (keys are never reused, so a cached
 * file is never wrong), fanned out over 256 directories so none grows huge.
 * @example uploadKeys()(1024, 'avif') // '3f/3f9c…e1-1024.avif'
 */
export function uploadKeys(): (width: number, format: MediaFormat) => string {
  const name = randomBytes(12).toString('hex');
  return (width, format) => `${name.slice(0, 2)}/${name}-${width}.${MEDIA_EXT[format]}`;
}

/** A strong ETag from something that names the bytes for good (a storage key, or the bytes). */
export function mediaEtag(of: string | Buffer): string {
  return `"${createHash('sha1').update(of).digest('base64url').slice(0, 22)}"`;
}

/** What a public page needs to show a library image responsively. */
export interface ResponsiveImage {
  /** The largest variant in the uploaded format, for browsers without `<picture>` support. */
  readonly src: string;
  /** Every width in the uploaded format, as `url 640w, …`. */
  readonly srcset: string;
  /** The intrinsic size of `src`, so the page reserves the space before the image arrives. */
  readonly width: number;
  readonly height: number;
  /** AVIF, then WebP (the browser takes the first type it supports), each with every width. */
  readonly sources: readonly { readonly type: string; readonly srcset: string }[];
  /** The variant for link previews (`og:image`, JSON-LD): 1200 wide where stored, in a format every crawler reads. */
  readonly share: { readonly url: string; readonly width: number; readonly height: number };
}

/** The width link previews ask for (Facebook, LinkedIn, X and Google all take 1200). */
export const SHARE_WIDTH = 1200;

/** The stored facts about an image that its responsive markup is made from. */
export interface MediaImage {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  readonly format: MediaFormat;
  readonly variants: readonly { readonly width: number; readonly format: MediaFormat }[];
}

/**
 * The `<picture>` data of a library image, from the variants actually stored (not from today's
 * list of widths, so older uploads stay right if that list changes).
 */
export function responsiveImage(m: MediaImage): ResponsiveImage | undefined {
  const srcset = (format: MediaFormat) =>
    m.variants
      .filter((v) => v.format === format)
      .sort((a, b) => a.width - b.width)
      .map((v) => `${mediaUrl(m.id, v.width, format)} ${v.width}w`)
      .join(', ');
  const own = m.variants.filter((v) => v.format === m.format);
  if (!own.length || !m.width) return undefined;
  const width = Math.max(...own.map((v) => v.width));
  const sources = (['avif', 'webp'] as const)
    .filter((f) => f !== m.format && m.variants.some((v) => v.format === f))
    .map((f) => ({ type: MEDIA_TYPES[f], srcset: srcset(f) }));
  const heightAt = (w: number) => Math.max(1, Math.round((m.height * w) / m.width));
  // Crawlers read JPEG, PNG and WebP; an AVIF upload is shared as its WebP variant.
  const shareFormat: MediaFormat = m.format === 'avif' && m.variants.some((v) => v.format === 'webp') ? 'webp' : m.format;
  const shareWidths = m.variants.filter((v) => v.format === shareFormat).map((v) => v.width);
  const wideEnough = shareWidths.filter((w) => w >= SHARE_WIDTH);
  const shareWidth = wideEnough.length ? Math.min(...wideEnough) : Math.max(...shareWidths);
  return {
    src: mediaUrl(m.id, width, m.format),
    srcset: srcset(m.format),
    width,
    height: heightAt(width),
    sources,
    share: { url: mediaUrl(m.id, shareWidth, shareFormat), width: shareWidth, height: heightAt(shareWidth) },
  };
}
