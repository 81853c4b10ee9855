import { useContext } from 'preact/hooks';
import type { ArticlePage as ArticlePageData, ArticleSummary } from '../../../catalog/index.ts';
import { formatDate, isoDate } from '../../../domain/index.ts';
import { PAYWALL_CLASS, WALL_JS_PATH } from '../../leads/wall.ts';
import { ICON_PATHS } from '../icons.ts';
import { AdSlot, AdsContext, inArticleSlotHtml, withInArticleSlot } from './ad-slots.tsx';
import { ArticleList } from './article-list.tsx';
import { BylineAuthors, personJsonLd } from './author-page.tsx';
import { escapeAsPreact, rawHtml } from './html-text.ts';
import { absolute, Layout, type SiteInfo } from './layout.tsx';
import { MostRead, ViewBeacon } from './most-read.tsx';
import { NewsletterBox } from './newsletter.tsx';
import { LEAD_SIZES, Picture } from './picture.tsx';
import { SponsorLabel } from './sponsor-label.tsx';
import { termHref } from './term-href.ts';

/** The lead image as link previews take it: the library's 1200-wide variant, or an imported image's own URL. */
function shareImage(lead: NonNullable<ArticlePageData['article']['leadImage']>): { url: string; width?: number; height?: number } {
  return lead.responsive?.share ?? { url: lead.url };
}

/** The authors with their photos; the editor's preview has names only. */
const bylinesOf = (data: ArticlePageData) => data.bylines ?? data.article.authors.map((p) => ({ ...p, photo: null }));

/**
 * What Google asks of registration-walled articles so they stay indexed and are not taken for
 * cloaking: the article is not free, and the gated part is the element with this class
 * (developers.google.com/search/docs/appearance/structured-data/paywalled-content).
 */
const GATED_JSON_LD = { isAccessibleForFree: false, hasPart: { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: `.${PAYWALL_CLASS}` } };

/** JSON-LD NewsArticle (schema.org), as search engines read it. */
export function newsArticleJsonLd(site: SiteInfo, data: ArticlePageData): Record<string, unknown> {
  const a = data.article;
  return {
    '@context': 'https://schema.org',
    // Paid content is not news: schema.org's type for "an Article that an external entity has paid
    // to place", with the company as `sponsor` (docs/advertising.md says why this and not another).
    '@type': a.sponsor ? 'AdvertiserContentArticle' : 'NewsArticle',
    ...(a.sponsor ? { sponsor: { '@type': 'Organization', name: a.sponsor.name, url: absolute(site, `/companies/${a.sponsor.slug}`) } } : {}),
    headline: a.headline.slice(0, 110),
    description: a.standfirst || a.summary,
    datePublished: isoDate(a.publishedAt),
    dateModified: isoDate(a.updatedAt),
    mainEntityOfPage: absolute(site, `/news/${a.slug}`),
    url: absolute(site, `/news/${a.slug}`),
    ...(a.leadImage ? { image: [absolute(site, shareImage(a.leadImage).url)] } : {}),
    ...(a.section ? { articleSection: a.section.name } : {}),
    ...(a.tags.length ? { keywords: a.tags.map((t) => t.name).join(', ') } : {}),
    author: a.authors.length ? bylinesOf(data).map((p) => personJsonLd(site, p)) : [{ '@type': 'Organization', name: site.title }],
    publisher: {
      '@type': 'Organization',
      name: site.title,
      url: site.url,
      logo: site.logo
        ? { '@type': 'ImageObject', url: absolute(site, site.logo.src), width: site.logo.width, height: site.logo.height }
        : { '@type': 'ImageObject', url: absolute(site, ICON_PATHS.png512), width: 512, height: 512 },
    },
    ...(a.companies.length
      ? { mentions: a.companies.map((c) => ({ '@type': 'Organization', name: c.name, url: absolute(site, `/companies/${c.slug}`) })) }
      : {}),
  };
}

export function ArticlePageView(props: {
  site: SiteInfo;
  data: ArticlePageData;
  mostRead?: readonly ArticleSummary[] | undefined;
  countViews?: boolean;
  freeArticles?: number;
  /** The home site's URL of a cross-published article. */
  canonical?: string;
}) {
  const { site, data } = props;
  const a = data.article;
  // The registration wall (src/web/leads/wall.ts): sponsored articles are always free.
  const wall = props.freeArticles && a.sponsor === null ? props.freeArticles : 0;
  const ads = useContext(AdsContext);
  const path = `/news/${a.slug}`;
  return (
    <Layout
      site={site}
      meta={{
        title: a.headline,
        description: a.standfirst || a.summary,
        canonical: props.canonical ?? path,
        ogType: 'article',
        ogImage: a.leadImage ? { ...shareImage(a.leadImage), alt: a.leadImage.alt } : undefined,
        jsonLd: wall ? { ...newsArticleJsonLd(site, data), ...GATED_JSON_LD } : newsArticleJsonLd(site, data),
        newsNoindex: a.sponsor !== null,
        feeds: [{ title: `${site.title} RSS`, path: '/feed.xml', type: 'rss' }],
        breadcrumbs: a.section && !a.section.url ? [{ name: 'Topics', path: '/topics' }, { name: a.section.name, path: `/sections/${a.section.slug}` }] : [{ name: 'News', path: '/news' }],
      }}
    >
      <div class="layout">
        <article>
          {a.section && (
            <div class="kicker">
              <a href={termHref('sections', a.section)}>{a.section.name}</a>
            </div>
          )}
          <SponsorLabel sponsor={a.sponsor} />
          <h1>{a.headline}</h1>
          {a.standfirst && <p class="standfirst">{a.standfirst}</p>}
          <div class="meta byline">
            <BylineAuthors authors={bylinesOf(data)} />
            <time dateTime={isoDate(a.publishedAt)}>{formatDate(a.publishedAt, site.locale, site.timeZone)}</time>
            <span>Read time: {a.readTimeMinutes} min</span>
          </div>
          {a.leadImage && (
            <figure class="lead">
              {a.leadImage.responsive ? (
                <Picture image={a.leadImage.responsive} alt={a.leadImage.alt} sizes={LEAD_SIZES} eager />
              ) : (
                <img src={a.leadImage.url} alt={a.leadImage.alt} />
              )}
              {(a.leadImage.caption || a.leadImage.credit) && (
                <figcaption>
                  {a.leadImage.caption}
                  {a.leadImage.credit && ` (${a.leadImage.credit})`}
                </figcaption>
              )}
            </figure>
          )}
          {/* bodyHtml comes from content/renderBody, the one sanitizing helper. */}
          <div
            class={wall ? `body ${PAYWALL_CLASS}` : 'body'}
            data-free-articles={wall ? String(wall) : undefined}
            dangerouslySetInnerHTML={{ __html: withInArticleSlot(a.bodyHtml, inArticleSlotHtml(ads)) }}
          />
          {wall > 0 && (
            <div id="wall-prompt" class="box" hidden>
              <p>
                You have read your free articles for this month. <a href={`/account/sign-in?next=${encodeURIComponent(path)}`}>Sign in or register, free,</a> to keep reading.
              </p>
              <script src={WALL_JS_PATH} defer />
            </div>
          )}
          <ShareLinks url={absolute(site, path)} title={a.headline} />
          {a.companies.length > 0 && (
            <aside class="box" aria-labelledby="companies-heading">
              <h2 id="companies-heading">For more information on companies in this article</h2>
              <ul>
                {a.companies.map((c) => (
                  <li key={c.id}>
                    <a href={`/companies/${c.slug}`}>{c.name}</a>
                  </li>
                ))}
              </ul>
            </aside>
          )}
          {a.tags.length > 0 && (
            <nav aria-label="Tags">
              <ul class="terms">
                {a.tags.map((t) => (
                  <li key={t.id}>
                    <a href={termHref('tags', t)}>{t.name}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {props.countViews && <ViewBeacon articleId={a.id} />}
        </article>
        <aside class="rail" aria-labelledby="related-heading">
          <h2 id="related-heading">Related Content</h2>
          {data.related.length ? (
            <>
              <ArticleList site={site} items={data.related.map((r) => r.article)} />
              <p>
                <a href={`${path}/related`}>More related content</a>
              </p>
            </>
          ) : (
            <p>No related articles yet.</p>
          )}
          <MostRead items={props.mostRead} id="article" />
          <NewsletterBox id="article" />
          <AdSlot name="sidebar" />
        </aside>
      </div>
    </Layout>
  );
}

/** Share by email, LinkedIn or X, or copy the link: plain links, no third-party script. Written as a string (Preact's bytes), as it is on every view. */
function ShareLinks(props: { url: string; title: string }) {
  const url = encodeURIComponent(props.url);
  const title = encodeURIComponent(props.title);
  const link = (href: string, text: string, rest = '') => `<li><a href="${escapeAsPreact(href)}"${rest}>${text}</a></li>`;
  const outside = ' rel="noopener noreferrer" target="_blank"';
  return rawHtml(
    '<nav class="share" aria-label="Share this article"><span class="share-label">Share</span><ul>' +
      link(`mailto:?subject=${title}&body=${url}`, 'Email') +
      link(`https://www.linkedin.com/sharing/share-offsite/?url=${url}`, 'LinkedIn', outside) +
      link(`https://x.com/intent/post?url=${url}&text=${title}`, 'X', outside) +
      link(props.url, 'Copy link', ' title="Copy this link (right-click or long-press)"') +
      '</ul></nav>',
  );
}
