/**
 * Media library variants (issue 17: importing 20 photos of 1600×1067 took ~10 s each, nearly all of
 * it making 15 variants). Renders the same photo-like JPEGs with the settings before (AVIF effort 2,
 * one encode at a time) and now (AVIF effort 0, a width's three formats at once), alternating, and
 * prints seconds per image, bytes per image and the ratio. Each image is made of a real photograph
 * (autocannon's test JPEG) overlaid with film-grain noise, so encoders cannot cheat on flat colour.
 *
 *   npm run bench -- media [--images 4]
 */
import sharp from 'sharp';
import { MEDIA_LIMITS, VARIANT_WIDTHS } from '../src/admin/index.ts';
import { renderVariants, type VariantOptions } from '../src/admin/media-variants.ts';
import { fmt, median } from './lib.ts';

const PHOTO = new URL('../node_modules/autocannon/test/j5.jpeg', import.meta.url).pathname;

async function photo(seed: number): Promise<Buffer> {
  const grain = await sharp({ create: { width: 1600, height: 1067, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 128, sigma: 30 + seed } } }).blur(1.2).png().toBuffer();
  const base = await sharp(PHOTO).resize(1600, 1067, { fit: 'fill' }).toBuffer();
  return sharp(base).composite([{ input: grain, blend: 'overlay' }]).jpeg({ quality: 85 }).toBuffer();
}

export async function mediaBench(count: number): Promise<void> {
  const images = await Promise.all(Array.from({ length: count }, (_, i) => photo(i)));
  const widths = [...VARIANT_WIDTHS];
  const settings: Record<'before' | 'now', VariantOptions> = {
    before: { maxPixels: MEDIA_LIMITS.maxPixels, avifEffort: 2, concurrent: false },
    now: { maxPixels: MEDIA_LIMITS.maxPixels },
  };
  const seconds: Record<string, number[]> = { before: [], now: [] };
  const bytes: Record<string, number> = { before: 0, now: 0 };
  let variants = 0;
  // Alternating before/now per image so load on a shared machine falls on both alike.
  for (const image of images) {
    for (const name of ['before', 'now'] as const) {
      const t0 = performance.now();
      const out = await renderVariants(image, widths, 'jpeg', settings[name]);
      seconds[name]!.push((performance.now() - t0) / 1000);
      bytes[name]! += out.reduce((n, v) => n + v.data.length, 0);
      variants = out.length;
    }
  }
  for (const name of ['before', 'now'] as const) {
    console.log(`${name.padEnd(7)} ${fmt(median(seconds[name]!), 2)} s/image (median of ${count}, ${variants} variants), ${Math.round(bytes[name]! / count / 1024)} KiB/image`);
  }
  console.log(`speed-up ${fmt(median(seconds.before!) / median(seconds.now!), 2)}×, size ratio ${fmt(bytes.now! / bytes.before!, 3)}`);
}
