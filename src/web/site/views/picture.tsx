/** The `<picture>` markup of a media-library image, shared by every public view that shows one. */
import type { ResponsiveImage } from '../../../media/index.ts';

/** `sizes` of the article page's lead image: the main column, 48rem at most (see site.css `.layout`). */
export const LEAD_SIZES = '(min-width: 72rem) 48rem, (min-width: 60rem) calc(100vw - 24rem), calc(100vw - 2rem)';
/** `sizes` of the front page's stories (see site.css `.front`, `.section-blocks`). */
export const CARD_SIZES = {
  lead: '(min-width: 72rem) 46rem, (min-width: 60rem) 64vw, calc(100vw - 2rem)',
  featured: '7rem',
  block: '(min-width: 72rem) 23rem, (min-width: 40rem) calc(50vw - 2.5rem), calc(100vw - 2rem)',
} as const;
/** `sizes` of a card's thumbnail: 12rem beside the text from 40rem, the column's width below. */
export const THUMB_SIZES = '(min-width: 40rem) 12rem, calc(100vw - 2rem)';

/**
 * A library image as `<picture>`: AVIF and WebP sources, then an `<img>` in the uploaded format
 * with its own srcset, so each browser fetches the smallest file it can show. Width and height
 * reserve the space (no layout shift); only the image a reader sees first loads eagerly.
 */
export function Picture(props: { image: ResponsiveImage; alt: string; sizes: string; eager?: boolean; class?: string }) {
  const { image, sizes, eager } = props;
  return (
    <picture class={props.class}>
      {image.sources.map((s) => (
        <source key={s.type} type={s.type} srcset={s.srcset} sizes={sizes} />
      ))}
      <img
        src={image.src}
        srcset={image.srcset}
        sizes={sizes}
        width={image.width}
        height={image.height}
        alt={props.alt}
        loading={eager ? 'eager' : 'lazy'}
        decoding="async"
        fetchpriority={eager ? 'high' : undefined}
      />
    </picture>
  );
}
