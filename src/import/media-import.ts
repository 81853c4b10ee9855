import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Fetched, fetchMedia, type MediaFetchOptions } from './media-fetch.ts';

/** The media library as an importer needs it (the composition root hands it `MediaService` and the store). */
export interface MediaLibrary {
  /** The image an earlier import brought in under this file name, if any. */
  find(filename: string): Promise<{ readonly url: string } | undefined>;
  /** Adds an image (checked by its bytes, resized); its URL for bodies, or why it was refused. */
  add(file: { filename: string; data: Buffer }, alt: string): Promise<{ readonly url: string } | { readonly error: string }>;
}

/** Where an import finds the old site's files: a local copy, the old host, or neither. */
export interface MediaSourceOptions {
  /** A local copy of the old uploads folder (`--media-from`). */
  readonly mediaFrom?: string;
  /** Fetch from the old host (`--fetch-media`) within these limits. */
  readonly fetch?: MediaFetchOptions;
}

/** What became of the images an import met. */
export interface MediaReport {
  /** Images added to the media library by this run. */
  imported: number;
  /** Images an earlier run (or an earlier post of this one) already brought in. */
  reused: number;
  /** Images left on the old site, with why, once per URL: an editor should find or replace them. */
  missing: { url: string; reason: string }[];
}

/** What `rewriteImages` needs: an image's library URL, or undefined to leave it where it was. */
export interface ImageResolver {
  resolve(image: WantedImage): Promise<string | undefined>;
}

/** One image an importer wants in the library: where it was, and what it shows. */
export interface WantedImage {
  readonly url: string;
  readonly alt?: string;
  /** Alternatives for the alt text when the image has none (its caption, its title). */
  readonly fallbackAlt?: readonly string[];
  /** Asked for in case it exists (a Gravatar asked with `d=404`): a 404 means there is none, not that it is missing. */
  readonly ifAny?: boolean;
}

/**
 * Brings an old site's images into the media library, once each: the same file (by its path
 * under the old uploads folder, whatever the host) is added once and reused by every post that
 * shows it and by every later import, so a re-import adds nothing and leaves bodies as they were.
 * Images come from a local copy of the uploads folder or, when allowed, from the old host; without
 * either, or when a file cannot be had, the image stays where it was and is listed as missing.
 */
export class MediaImporter {
  readonly report: MediaReport = { imported: 0, reused: 0, missing: [] };
  private readonly done = new Map<string, Promise<string | undefined>>();

  /**
   * @param uploadsMarker the path segment the old site's uploads live under (`/wp-content/uploads/`,
   * Ghost's `/content/images/`): URLs under it are the site's files; what follows it is the file's path.
   * @param prefix names this source's files in the library (`wp`, `ghost`), so two sources never share one.
   */
  constructor(
    private readonly library: MediaLibrary | undefined,
    private readonly source: MediaSourceOptions,
    private readonly uploadsMarker: string,
    private readonly prefix: string,
    private readonly fetcher: (url: string, options: MediaFetchOptions) => Promise<Fetched> = fetchMedia,
  ) {}

  /** The path of an old-site file under the uploads folder (`2012/07/truck.jpg`), or undefined for any other URL. */
  uploadPath(url: string): string | undefined {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(url, 'http://relative.invalid').pathname);
    } catch {
      return undefined;
    }
    const at = pathname.indexOf(this.uploadsMarker);
    if (at < 0) return undefined;
    const rest = pathname.slice(at + this.uploadsMarker.length);
    // Never a path that climbs out of the uploads folder (a crafted export naming ../../etc/passwd).
    if (!rest || rest.split('/').some((s) => s === '..' || s === '.' || s === '')) return undefined;
    return rest;
  }

  /** The library URL of the old-site image, adding it on first sight; undefined (and listed as missing) when it cannot be had. */
  async resolve(image: WantedImage): Promise<string | undefined> {
    const rel = this.uploadPath(image.url);
    if (rel === undefined) return undefined;
    return this.once(rel, path.posix.basename(rel), image, () => this.bytes(rel, image.url));
  }

  /**
   * Like `resolve`, for an image the export names as someone's own picture wherever it is (a
   * Ghost author's Gravatar): a file under the old uploads folder is taken as `resolve` takes it;
   * one on another host is fetched only with `--fetch-media`, through the same guard, and found
   * again by its address, so a re-import does not fetch it again. Undefined when it cannot be had
   * (then listed as missing) or is not a web address.
   */
  async resolveAnywhere(image: WantedImage): Promise<string | undefined> {
    if (this.uploadPath(image.url) !== undefined) return this.resolve(image);
    // Ghost stores Gravatars without a scheme (`//www.gravatar.com/avatar/…`).
    const url = image.url.startsWith('//') ? `https:${image.url}` : image.url;
    if (!/^https?:\/\//i.test(url)) return undefined;
    const elsewhere = { ...image, url };
    return this.once(url, path.posix.basename(new URL(url).pathname) || 'image', elsewhere, () => this.bytesElsewhere(url));
  }

  /** One bringing per key (an uploads path, or another host's address) per run; later sights count as reused. */
  private async once(key: string, name: string, image: WantedImage, bytes: () => Promise<Fetched>): Promise<string | undefined> {
    let pending = this.done.get(key);
    if (!pending) {
      pending = this.bring(key, name, image, bytes);
      this.done.set(key, pending);
    } else if (await pending) this.report.reused++;
    return pending;
  }

  /** `name`: the file's own name, kept in the library's file name after the key's hash (which finds it again). */
  private async bring(key: string, name: string, image: WantedImage, bytes: () => Promise<Fetched>): Promise<string | undefined> {
    const filename = `${this.prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}-${name}`;
    const known = this.library && (await this.library.find(filename));
    if (known) {
      this.report.reused++;
      return known.url;
    }
    const fetched = await bytes();
    if ('missing' in fetched && image.ifAny && fetched.missing.endsWith(' 404')) return undefined;
    if ('missing' in fetched) return this.miss(image.url, fetched.missing);
    const alt = [image.alt, ...(image.fallbackAlt ?? [])].map((a) => a?.replace(/\s+/g, ' ').trim()).find(Boolean) ?? name.replace(/\.[^.]*$/, '').replace(/[-_]+/g, ' ');
    const added = await this.library!.add({ filename, data: fetched.data }, alt.slice(0, 300));
    if ('error' in added) return this.miss(image.url, added.error);
    this.report.imported++;
    return added.url;
  }

  private async bytes(rel: string, url: string): Promise<Fetched> {
    if (!this.library) return { missing: 'not imported: give --media-from DIR or --fetch-media to bring images in' };
    if (this.source.mediaFrom !== undefined) {
      const file = path.join(this.source.mediaFrom, ...rel.split('/'));
      try {
        return { data: await fs.promises.readFile(file) };
      } catch {
        if (!this.source.fetch) return { missing: `not in --media-from (looked for ${rel})` };
      }
    }
    if (!this.source.fetch) return { missing: 'not imported: give --media-from DIR or --fetch-media to bring images in' };
    if (!/^https?:\/\//i.test(url)) return { missing: 'a relative URL: nothing to fetch it from' };
    return this.fetcher(url, this.source.fetch);
  }

  /** Whether images on other hosts can be fetched at all (`--fetch-media` into a library). */
  get fetches(): boolean {
    return this.library !== undefined && this.source.fetch !== undefined;
  }

  private async bytesElsewhere(url: string): Promise<Fetched> {
    if (!this.fetches || !this.source.fetch) return { missing: `on another host (${new URL(url).host}): give --fetch-media to bring it in` };
    return this.fetcher(url, this.source.fetch);
  }

  private miss(url: string, reason: string): undefined {
    this.report.missing.push({ url, reason });
    return undefined;
  }
}

/**
 * The body with each `<img src>` (and each link to the same file) on the old site pointing at its
 * library copy; `srcset`/`sizes` of a rewritten image are dropped (they named the old site's
 * sizes; the page's own markup serves the library's). Images that cannot be had keep their URL.
 * Each distinct URL is resolved once per body.
 */
export async function rewriteImages(html: string, media: ImageResolver, altFor: (src: string) => WantedImage): Promise<string> {
  const tags = [...html.matchAll(/<(img|a)\b[^>]*>/gi)];
  const urls = new Map<string, string | undefined>();
  for (const m of tags) {
    const attr = m[1]!.toLowerCase() === 'img' ? 'src' : 'href';
    const value = attrValue(m[0], attr);
    if (!value || urls.has(value)) continue;
    // A link is rewritten only when it names an image (WordPress links thumbnails to the full file).
    if (attr === 'href' && !/\.(?:jpe?g|png|webp|avif|gif)$/i.test(value.split(/[?#]/)[0]!)) continue;
    const wanted = altFor(value);
    urls.set(value, await media.resolve(attr === 'src' ? { ...wanted, alt: wanted.alt || attrValue(m[0], 'alt') } : wanted));
  }
  return html.replace(/<(img|a)\b[^>]*>/gi, (tag, name: string) => {
    const attr = name.toLowerCase() === 'img' ? 'src' : 'href';
    const value = attrValue(tag, attr);
    const to = value && urls.get(value);
    if (!to) return tag;
    let out = tag.replace(attrPattern(attr), (_, before: string) => `${before}${attr}="${to}"`);
    if (attr === 'src') out = out.replace(attrPattern('srcset'), '').replace(attrPattern('sizes'), '');
    return out;
  });
}

function attrPattern(name: string): RegExp {
  return new RegExp(`(\\s)${name}\\s*=\\s*(?:"[^"]*"|'[^']*'|[^\\s>]+)`, 'i');
}

function attrValue(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  const raw = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  return raw?.replace(/&amp;/g, '&').replace(/&#0*38;/g, '&');
}
