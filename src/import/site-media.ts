import { createHash } from 'node:crypto';
import type { Fetched } from './media-fetch.ts';
import { type ImageResolver, type MediaLibrary, type MediaReport, rewriteImages, type WantedImage } from './media-import.ts';

/** Library file names of images a site import brought in: `site-<content hash>.<format>`. */
const PREFIX = 'site-';

/**
 * A public site's images into the media library, for `import site`: each image a page shows (its
 * lead image, each `<img>` of its body and each link to an image file), fetched through the
 * importer's guarded fetcher with the library's size limit, and stored once per content: the
 * file name is the bytes' SHA-256, so the same photo under two URLs (a CDN and the site, a
 * resized copy re-served) is one library image, and a re-import finds each image it brought
 * before and adds nothing. An image that cannot be had keeps its old URL and is listed as missing.
 */
export class SiteMedia {
  readonly report: MediaReport = { imported: 0, reused: 0, missing: [] };
  /** Library URL (or undefined: missing) by old absolute URL, for this run. */
  private readonly done = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly library: MediaLibrary,
    /** Fetches an image: the SSRF-guarded fetcher, with the library's size limit and the site's pause. */
    private readonly fetchImage: (url: string) => Promise<Fetched>,
  ) {}

  /** The page's body with its images pointed at their library copies (relative URLs read against the page's). */
  body(html: string, pageUrl: string): Promise<string> {
    const resolver: ImageResolver = { resolve: (image) => this.resolve(image, pageUrl) };
    return rewriteImages(html, resolver, (src) => ({ url: src }));
  }

  /** The library URL of an image on the page, bringing it in on first sight; undefined when it cannot be had. */
  async resolve(image: WantedImage, pageUrl: string): Promise<string | undefined> {
    let url: URL;
    try {
      url = new URL(image.url, pageUrl);
    } catch {
      return undefined;
    }
    // data: and other schemes are not on the old site: they stay as written.
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    const key = url.toString();
    const pending = this.done.get(key);
    if (pending) {
      const known = await pending;
      if (known) this.report.reused++;
      return known;
    }
    const bringing = this.bring(key, image);
    this.done.set(key, bringing);
    return bringing;
  }

  private async bring(url: string, image: WantedImage): Promise<string | undefined> {
    const got = await this.fetchImage(url);
    if ('missing' in got) return this.miss(url, got.missing);
    const format = imageFormat(got.data);
    if (!format) return this.miss(url, 'That file is not an image we can read (JPEG, PNG, GIF, WebP or AVIF).');
    const filename = `${PREFIX}${createHash('sha256').update(got.data).digest('hex').slice(0, 32)}.${format}`;
    const known = await this.library.find(filename);
    if (known) {
      this.report.reused++;
      return known.url;
    }
    const added = await this.library.add({ filename, data: got.data }, altText(image, url));
    if ('error' in added) return this.miss(url, added.error);
    this.report.imported++;
    return added.url;
  }

  private miss(url: string, reason: string): undefined {
    this.report.missing.push({ url, reason });
    return undefined;
  }
}

/** The image's alt text, else words from its file name (the library requires one; an editor can improve it). */
function altText(image: WantedImage, url: string): string {
  const given = [image.alt, ...(image.fallbackAlt ?? [])].map((a) => a?.replace(/\s+/g, ' ').trim()).find(Boolean);
  if (given) return given.slice(0, 300);
  const last = new URL(url).pathname.split('/').pop() ?? '';
  let file = last;
  try {
    file = decodeURIComponent(last);
  } catch {
    // A stray % in the name: its words as written.
  }
  file = file.replace(/\.[^.]*$/, '');
  return file.replace(/[-_]+/g, ' ').trim().slice(0, 300) || 'image';
}

/** The format the bytes are in (by their signature, not the server's word), for the file name; undefined: not an image. */
export function imageFormat(data: Buffer): 'jpg' | 'png' | 'gif' | 'webp' | 'avif' | undefined {
  if (data.length < 12) return undefined;
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  if (data.subarray(4, 8).toString('latin1') === 'ftyp' && /^avi[fs]$/.test(data.subarray(8, 12).toString('latin1'))) return 'avif';
  return undefined;
}
