import type { ArticleInput } from '../publish/index.ts';
import { htmlToText } from './html-text.ts';
import { type MediaImporter, rewriteImages, type WantedImage } from './media-import.ts';
import type { WpAttachment } from './wp-content.ts';
import type { FixedRedirect } from './wxr-terms.ts';

/** Where WordPress keeps uploads (`wp-content/uploads/2012/07/truck.jpg`). */
export const WP_UPLOADS = '/wp-content/uploads/';

const IMAGE_FILE = /\.(?:jpe?g|png|webp|avif|gif)$/i;
/** WordPress's resized copies: `truck-300x200.jpg` is a size of `truck.jpg`. */
const SIZE_SUFFIX = /-\d+x\d+(?=\.[a-z0-9]+$)/i;

/**
 * A WordPress export's images into the media library: every image attachment (with its alt text,
 * else its caption or title), then, per post and page, each `<img>` under the uploads folder
 * pointed at its library copy (a resized copy, `truck-300x200.jpg`, at the full image it was cut
 * from) and the featured image made the lead image.
 */
export class WxrMedia {
  private readonly byPath = new Map<string, WpAttachment>();
  /** Library URL by attachment id, for images brought in. */
  private readonly inLibrary = new Map<string, string>();

  constructor(
    private readonly media: MediaImporter,
    private readonly attachments: ReadonlyMap<string, WpAttachment>,
  ) {
    for (const a of attachments.values()) {
      const rel = media.uploadPath(a.url);
      if (rel) this.byPath.set(rel, a);
    }
  }

  /** Brings in every image attachment, `onEach` after each; a no-op without a media source. */
  async importAttachments(onEach?: (done: number, total: number) => void): Promise<void> {
    const images = [...this.attachments.values()].filter((a) => IMAGE_FILE.test(a.url.split(/[?#]/)[0]!));
    for (const [i, a] of images.entries()) {
      const url = await this.media.resolve(this.wanted(a));
      if (url) this.inLibrary.set(a.id, url);
      onEach?.(i + 1, images.length);
    }
  }

  /**
   * Each imported image's attachment page (its permalink and `/?attachment_id=ID`) as a redirect
   * to the image itself, as WordPress 6.4 does once attachment pages are turned off: the page
   * showed the image and nothing else a reader needs.
   */
  attachmentPages(): FixedRedirect[] {
    const out: FixedRedirect[] = [];
    for (const [id, to] of this.inLibrary) {
      const link = this.attachments.get(id)?.link;
      for (const from of new Set([...(link ? [link] : []), `/?attachment_id=${id}`])) out.push({ from, to });
    }
    return out;
  }

  async article(input: ArticleInput): Promise<ArticleInput> {
    const body = await this.body(input.body);
    const lead = input.leadImage && (await this.media.resolve(this.image(input.leadImage.url)));
    const leadImage = lead && input.leadImage ? { ...input.leadImage, url: lead } : input.leadImage;
    return { ...input, body, ...(leadImage ? { leadImage } : {}) };
  }

  body(html: string): Promise<string> {
    return rewriteImages(html, this.media, (src) => this.image(src));
  }

  /** The attachment an image URL shows (itself or the full size a resized copy came from), for its URL and alt text. */
  private image(src: string): WantedImage {
    const rel = this.media.uploadPath(src);
    const attachment = rel === undefined ? undefined : (this.byPath.get(rel) ?? this.byPath.get(rel.replace(SIZE_SUFFIX, '')));
    return attachment ? this.wanted(attachment) : { url: src };
  }

  private wanted(a: WpAttachment): WantedImage {
    return { url: a.url, alt: a.alt, fallbackAlt: [htmlToText(a.caption), a.title ?? ''] };
  }
}
