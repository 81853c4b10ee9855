import sharp from 'sharp';
import type { MediaFormat } from '../store/index.ts';

/** One resized, re-encoded copy of an upload. */
export interface Variant {
  readonly width: number;
  readonly format: MediaFormat;
  readonly data: Buffer;
}

export interface VariantOptions {
  /**
   * libaom's AVIF effort (0 fastest … 9). 0: on 1600×1067 photos the five AVIF widths took 2.3 s
   * at effort 0 against 9.5–11 s at effort 2, for files 0.6 % smaller at 0 (same quality setting):
   * effort buys nothing here but time (`npm run bench -- media`).
   */
  readonly avifEffort?: number;
  /** Encode one width's formats at the same time (libvips and libuv threads), rather than one by one. */
  readonly concurrent?: boolean;
  /** The input's pixel limit (a decompression bomb is refused). */
  readonly maxPixels: number;
}

/**
 * Every width in WebP, AVIF and the uploaded format, turned upright (EXIF orientation applied) and
 * stripped of metadata (sharp writes none unless asked: EXIF and GPS go). An animated upload (a GIF,
 * an animated WebP) stays animated, as WebP only: AVIF and the still formats would keep one frame.
 * @example await renderVariants(bytes, [320, 640], 'jpeg', { maxPixels: 4e7 })
 */
export async function renderVariants(data: Buffer, widths: readonly number[], format: MediaFormat, options: VariantOptions): Promise<Variant[]> {
  const meta = await sharp(data, { limitInputPixels: options.maxPixels }).metadata();
  const animated = (meta.pages ?? 1) > 1;
  const formats: MediaFormat[] = animated ? ['webp'] : [...new Set<MediaFormat>(['webp', 'avif', format])];
  const effort = options.avifEffort ?? 0;
  const variants: Variant[] = [];
  // Widths one after another: at most one width's encodes (three images) are in memory at once.
  for (const width of widths) {
    const base = sharp(data, { limitInputPixels: options.maxPixels, animated }).rotate().resize({ width, withoutEnlargement: true });
    const encode = async (f: MediaFormat): Promise<Variant> => {
      const out = f === 'avif' ? base.clone().avif({ effort }) : f === 'webp' ? base.clone().webp() : f === 'png' ? base.clone().png() : base.clone().jpeg({ mozjpeg: true });
      return { width, format: f, data: await out.toBuffer() };
    };
    if (options.concurrent === false) for (const f of formats) variants.push(await encode(f));
    else variants.push(...(await Promise.all(formats.map(encode))));
  }
  return variants;
}
