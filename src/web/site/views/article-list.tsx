import { useContext } from 'preact/hooks';
import type { ArticleSummary } from '../../../catalog/index.ts';
import { formatDate, teaser } from '../../../domain/index.ts';
import type { ResponsiveImage } from '../../../media/index.ts';
import { AdSlot, AdsContext, BETWEEN_ITEMS_EVERY } from './ad-slots.tsx';
import { escapeAsPreact } from './html-text.ts';
import type { SiteInfo } from './layout.tsx';
import { CARD_SIZES, Picture, THUMB_SIZES } from './picture.tsx';
import { SponsorLabel } from './sponsor-label.tsx';
import { termHref } from './term-href.ts';

/**
 * A list of articles as on the seed page: date, linked headline, teaser cut at a word; with
 * `images`, a thumbnail of each article's library lead image (the first loads eagerly).
 */
export function ArticleList(props: ArticleListProps) {
  // A list without pictures or ads between its items (the article page's related list, most
  // lists) is written as a string: the same bytes for a fraction of the CPU and garbage of
  // Preact's elements, which a page rendered from the database pays on every view (issue 16).
  const adsBetween = useContext(AdsContext)['between-items'];
  const betweenItems = props.items.length > BETWEEN_ITEMS_EVERY && !!adsBetween?.length;
  if (!props.images?.size && !betweenItems) return <ul class="cards" dangerouslySetInnerHTML={{ __html: cardsHtml(props) }} />;
  return <ArticleCards {...props} />;
}

interface ArticleListProps {
  site: SiteInfo;
  items: readonly ArticleSummary[];
  headingLevel?: 2 | 3;
  showSection?: boolean;
  images?: ReadonlyMap<number, ResponsiveImage>;
}

/** The list's items as `ArticleCards` renders them when no item has a picture or an ad before it. */
export function cardsHtml(props: ArticleListProps): string {
  const h = props.headingLevel === 2 ? 'h2' : 'h3';
  const { locale, timeZone } = props.site;
  let html = '';
  for (const a of props.items) {
    html += '<li>';
    if (props.showSection && a.section) html += `<div class="kicker"><a href="${escapeAsPreact(termHref('sections', a.section))}">${escapeAsPreact(a.section.name)}</a></div>`;
    html += `<time datetime="${new Date(a.publishedAt).toISOString()}">${escapeAsPreact(formatDate(a.publishedAt, locale, timeZone))}</time>`;
    html += `<${h}><a href="${escapeAsPreact(`/news/${a.slug}`)}">${escapeAsPreact(a.headline)}</a></${h}>`;
    if (a.standfirst) html += `<p>${escapeAsPreact(teaser(a.standfirst, 240))}</p>`;
    if (a.sponsor) html += `<p class="sponsor-label">Sponsored by <a href="${escapeAsPreact(`/companies/${a.sponsor.slug}`)}">${escapeAsPreact(a.sponsor.name)}</a></p>`;
    html += '</li>';
  }
  return html;
}

/** The list as Preact elements: with pictures, or with ads between its items. */
export function ArticleCards(props: ArticleListProps) {
  const H = props.headingLevel === 2 ? 'h2' : 'h3';
  const firstWithImage = props.items.find((a) => props.images?.has(a.id))?.id;
  return (
    <ul class="cards">
      {props.items.map((a, i) => (
        <li key={a.id}>
          {i > 0 && i % BETWEEN_ITEMS_EVERY === 0 && <AdSlot name="between-items" at={i} />}
          {props.images?.has(a.id) && <Picture class="thumb" image={props.images.get(a.id)!} alt={a.leadImageAlt ?? ''} sizes={THUMB_SIZES} eager={a.id === firstWithImage} />}
          {props.showSection && a.section && (
            <div class="kicker">
              <a href={termHref('sections', a.section)}>{a.section.name}</a>
            </div>
          )}
          <time dateTime={new Date(a.publishedAt).toISOString()}>{formatDate(a.publishedAt, props.site.locale, props.site.timeZone)}</time>
          <H>
            <a href={`/news/${a.slug}`}>{a.headline}</a>
          </H>
          {a.standfirst && <p>{teaser(a.standfirst, 240)}</p>}
          <SponsorLabel sponsor={a.sponsor} />
        </li>
      ))}
    </ul>
  );
}

/** Previous/next links for a paged list (the same `rel` values sit in the head). */
export function Pager(props: { path: string; page: number; totalPages: number }) {
  const { path, page, totalPages } = props;
  if (totalPages <= 1) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {page > 1 && (
        <a href={pageHref(path, page - 1)} rel="prev">
          ← Newer
        </a>
      )}
      <span>
        Page {page} of {totalPages}
      </span>
      {page < totalPages && (
        <a href={pageHref(path, page + 1)} rel="next">
          Older →
        </a>
      )}
    </nav>
  );
}

export function pageHref(path: string, page: number, extra = ''): string {
  const q = page > 1 ? `page=${page}` : '';
  const query = [extra, q].filter(Boolean).join('&');
  return query ? `${path}?${query}` : path;
}

/**
 * One story on the front page: `lead` with a large image and its standfirst, `featured` with a
 * small image beside the headline, `block` (a section's first story) with an image and a teaser.
 */
export function StoryCard(props: { site: SiteInfo; article: ArticleSummary; image: ResponsiveImage | undefined; variant: 'lead' | 'featured' | 'block' }) {
  const { article: a, image, variant } = props;
  const H = variant === 'lead' ? 'h2' : 'h3';
  return (
    <article class={`story story-${variant}`}>
      {image && <Picture class="story-image" image={image} alt={a.leadImageAlt ?? ''} sizes={CARD_SIZES[variant]} eager={variant === 'lead'} />}
      <div class="story-text">
        {a.section && variant !== 'block' && (
          <div class="kicker">
            <a href={termHref('sections', a.section)}>{a.section.name}</a>
          </div>
        )}
        <H class="story-headline">
          <a href={`/news/${a.slug}`}>{a.headline}</a>
        </H>
        {variant !== 'featured' && a.standfirst && <p class="story-standfirst">{teaser(a.standfirst, variant === 'lead' ? 320 : 160)}</p>}
        <SponsorLabel sponsor={a.sponsor} />
        <time dateTime={new Date(a.publishedAt).toISOString()}>{formatDate(a.publishedAt, props.site.locale, props.site.timeZone)}</time>
      </div>
    </article>
  );
}
