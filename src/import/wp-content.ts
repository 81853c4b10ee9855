import { autop } from './html-text.ts';
import { texturize } from './wp-texturize.ts';

/** A WordPress attachment as the export describes it: for galleries. */
export interface WpAttachment {
  readonly id: string;
  /** wp:attachment_url: the full-size file. */
  readonly url: string;
  /** `_wp_attachment_image_alt`. */
  readonly alt: string;
  /** The attachment's excerpt, which WordPress shows as its caption. */
  readonly caption: string;
  /** wp:post_parent: the post it was uploaded to ('0' for none). */
  readonly parent: string;
  readonly order: number;
  /** The attachment's title (WordPress makes it from the file name): the last resort for alt text. */
  readonly title?: string;
  /** The attachment page's path on the old site (`/2012/07/post/truck/`, `/?attachment_id=5`). */
  readonly link?: string;
}

/** The body as WordPress shows it to readers, and what an editor should look at. */
export interface WpBody {
  readonly html: string;
  /** Sorted, distinct: `unknown shortcode [vc_row]`, `gallery: attachment 903 is not in the export`. */
  readonly review: string[];
}

/**
 * A post's content as WordPress renders it for readers (`the_content`), as far as HTML can say
 * it without the site's theme and plugins: block comments removed (their HTML kept), `wpautop`
 * for content without paragraphs, then the core shortcodes (`caption`, `gallery`, `embed`,
 * `video`, `audio`) rendered; a shortcode of a plugin this importer does not know is removed with
 * its content kept, and named in `review`. The body is sanitized later, when it is rendered.
 * @example renderWpContent('[caption width="300"]<img src="a.jpg"> Traders[/caption]', new Map(), '1').html
 * // '<figure class="wp-caption"><img src="a.jpg"><figcaption class="wp-caption-text">Traders</figcaption></figure>'
 */
export function renderWpContent(content: string, attachments: ReadonlyMap<string, WpAttachment>, postId: string): WpBody {
  const review = new Set<string>();
  const blocks: string[] = [];
  const render = new Renderer(attachments, postId, review, blocks);
  // do_blocks, wptexturize and wpautop run before do_shortcode; shortcode_unautop then takes a
  // shortcode that stood alone in its paragraph out of the <p> autop gave it.
  const withoutBlocks = content.replace(BLOCK_COMMENT, '');
  const html = render
    .shortcodes(autop(texturize(withoutBlocks)))
    .replace(/<p>([\s\S]*?)<\/p>/g, (paragraph, inner: string) => (inner.includes('\u0000') ? splitParagraph(inner) : paragraph))
    .replace(/<p>\s*<\/p>\n?/g, '')
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => blocks[Number(i)]!)
    .trim();
  return { html, review: [...review].sort() };
}

/**
 * A paragraph holding a rendered figure, gallery or player: the block stands on its own and the
 * text around it keeps its paragraphs (where a browser would close the `<p>` anyway).
 */
function splitParagraph(inner: string): string {
  return inner
    .split(/(\u0000\d+\u0000)/)
    .map((part) => (part.startsWith('\u0000') ? part : part.replace(/^(?:\s|<br \/>)+|(?:\s|<br \/>)+$/g, '')))
    .filter(Boolean)
    .map((part) => (part.startsWith('\u0000') ? part : `<p>${part}</p>`))
    .join('\n');
}

/** `<!-- wp:paragraph {"x":1} -->`, `<!-- /wp:paragraph -->`, `<!-- wp:latest-posts /-->`. */
const BLOCK_COMMENT = /<!--\s+\/?wp:[a-z][a-z0-9_-]*(?:\/[a-z][a-z0-9_-]*)?\s[\s\S]*?-->[ \t]*\n?/g;

/**
 * WordPress's `get_shortcode_regex()` for any tag name (JavaScript has no possessive quantifiers;
 * each repetition of group 5 starts with `[`, so it cannot backtrack badly):
 * 1 `[` of `[[escaped]]`, 2 name, 3 attributes, 4 `/` of a self-closing tag, 5 content, 6 `]` of `[[escaped]]`.
 */
const SHORTCODE = /\[(\[?)([A-Za-z][\w-]*)(?![\w-])([^\]/]*(?:\/(?!\])[^\]/]*)*?)(?:(\/)\]|\](?:([^[]*(?:\[(?!\/\2\])[^[]*)*)\[\/\2\])?)(\]?)/g;

/** WordPress's `shortcode_parse_atts()`: named values lower-cased by name, bare values by position. */
export function shortcodeAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let position = 0;
  const re = /([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)/g;
  for (const m of text.replace(/[\u00a0\u200b]/g, ' ').matchAll(re)) {
    const name = m[1] ?? m[3] ?? m[5];
    if (name !== undefined) out[name.toLowerCase()] = m[2] ?? m[4] ?? m[6] ?? '';
    else out[String(position++)] = m[7] ?? m[8] ?? m[9] ?? '';
  }
  return out;
}

const MEDIA_EXTENSIONS = { video: ['mp4', 'm4v', 'webm', 'ogv', 'wmv', 'flv'], audio: ['mp3', 'ogg', 'flac', 'm4a', 'wav'] } as const;

class Renderer {
  private galleries = 0;

  constructor(
    private readonly attachments: ReadonlyMap<string, WpAttachment>,
    private readonly postId: string,
    private readonly review: Set<string>,
    private readonly blocks: string[],
  ) {}

  shortcodes(html: string): string {
    return html.replace(SHORTCODE, (whole, open: string, name: string, rawAttrs: string, selfClosing: string | undefined, content: string | undefined, close: string) => {
      // [[caption]] is WordPress's way of writing a shortcode as text.
      if (open === '[' && close === ']') return whole.slice(1, -1);
      const attrs = shortcodeAttributes(rawAttrs);
      const inner = content ?? '';
      // Shortcode names are case-sensitive in WordPress: "[Video of the day]" is text.
      const tag = name;
      const block = (out: string) => `${open}\u0000${this.blocks.push(out) - 1}\u0000${close}`;
      if (tag === 'caption' || tag === 'wp_caption') {
        // Without a caption WordPress shows just the image, which stays inline.
        const figure = this.caption(attrs, this.shortcodes(inner));
        return figure.startsWith('<figure') ? block(figure) : `${open}${figure}${close}`;
      }
      if (tag === 'gallery') return block(this.gallery(attrs));
      if (tag === 'embed') return block(link(inner.trim() || attrs.src || ''));
      if (tag === 'video' || tag === 'audio') return block(this.media(tag, attrs, inner));
      // An editor's brackets ("[sic]", "[from the conference]") are not a shortcode: one has
      // name=value attributes, a closing tag, or a plugin's name (`vc_row`, `contact-form-7`).
      const looksLikeShortcode = content !== undefined || selfClosing !== undefined || rawAttrs.includes('=') || /[_-]/.test(name);
      if (!looksLikeShortcode) return whole;
      this.review.add(`unknown shortcode [${tag}]`);
      return `${open}${this.shortcodes(inner)}${close}`;
    });
  }

  /** img_caption_shortcode() with the theme's html5 support: the image (and its link) in a figure. */
  private caption(attrs: Record<string, string>, content: string): string {
    let body = content;
    let caption = attrs.caption ?? '';
    if (attrs.caption === undefined) {
      const m = /((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*<\/a>)?)([\s\S]*)/i.exec(content);
      if (m) {
        body = m[1]!;
        caption = m[2]!.trim();
      }
    }
    if (!caption) return body;
    const id = attrs.id ? ` id="${escapeAttribute(attrs.id)}"` : '';
    const classes = ['wp-caption', attrs.align ?? '', attrs.class ?? ''].filter(Boolean).join(' ');
    return `<figure${id} class="${escapeAttribute(classes)}">${body}<figcaption class="wp-caption-text">${caption}</figcaption></figure>`;
  }

  /** gallery_shortcode(): `ids` (or `include`) in their order, else the images attached to the post. */
  private gallery(attrs: Record<string, string>): string {
    const listed = (attrs.ids ?? attrs.include ?? '').split(',').map((id) => id.trim()).filter((id) => /^\d+$/.test(id));
    const found: WpAttachment[] = [];
    for (const id of listed) {
      const attachment = this.attachments.get(id);
      if (attachment) found.push(attachment);
      else this.review.add(`gallery: attachment ${id} is not in the export`);
    }
    if (!listed.length) {
      found.push(...[...this.attachments.values()].filter((a) => a.parent === this.postId).sort((a, b) => a.order - b.order || Number(a.id) - Number(b.id)));
      if (!found.length) this.review.add('gallery: no images attached to the post in the export');
    }
    if (!found.length) return '';
    const columns = /^\d+$/.test(attrs.columns ?? '') ? Number(attrs.columns) : 3;
    const id = `gallery-${++this.galleries}`;
    const items = found.map((a) => {
      const img = `<img src="${escapeAttribute(a.url)}" alt="${escapeAttribute(a.alt)}" />`;
      const linked = attrs.link === 'none' ? img : `<a href="${escapeAttribute(a.url)}">${img}</a>`;
      const caption = a.caption ? `<figcaption class="wp-caption-text gallery-caption">${a.caption}</figcaption>` : '';
      return `<figure class="gallery-item">${linked}${caption}</figure>`;
    });
    // One item a line, as WordPress prints them: their captions stay apart in the text (feeds, search, readers without CSS).
    return `<div id="${id}" class="gallery gallery-columns-${columns}">${items.join('\n')}</div>`;
  }

  /**
   * wp_video_shortcode() / wp_audio_shortcode(): the element with its sources and, inside it, a
   * link to the file (what readers get where the element is not allowed).
   */
  private media(tag: 'video' | 'audio', attrs: Record<string, string>, content: string): string {
    const src = attrs.src || MEDIA_EXTENSIONS[tag].map((ext) => attrs[ext]).find(Boolean) || content.trim();
    if (!src) {
      this.review.add(`${tag}: no source`);
      return '';
    }
    const poster = tag === 'video' && attrs.poster ? ` poster="${escapeAttribute(attrs.poster)}"` : '';
    return `<${tag} controls="controls" preload="metadata" src="${escapeAttribute(src)}"${poster}>${link(src)}</${tag}>`;
  }
}

/** What WordPress shows for an embed it cannot fetch: a link to it. */
function link(url: string): string {
  if (!/^https?:\/\//i.test(url)) return '';
  return `<p><a href="${escapeAttribute(url)}">${escapeText(url)}</a></p>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&(?![#\w]+;)/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(value: string): string {
  return value.replace(/&(?![#\w]+;)/g, '&amp;').replace(/</g, '&lt;');
}
