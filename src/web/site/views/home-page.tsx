import { type ArticleSummary, SECTION_BLOCK_STORIES } from '../../../catalog/index.ts';
import type { ResponsiveImage } from '../../../media/index.ts';
import { AdSlot } from './ad-slots.tsx';
import { StoryCard } from './article-list.tsx';
import { Layout, type SiteInfo } from './layout.tsx';
import { MostRead } from './most-read.tsx';
import { NewsletterBox } from './newsletter.tsx';
import { SponsorLabel } from './sponsor-label.tsx';

/** How many stories stand under the lead before the section blocks. */
export const FEATURED_COUNT = 4;

/** The stories the front page shows, each once: lead, featured, the rest of the latest, then per section what is left. */
export function homeLayout(latest: readonly ArticleSummary[], bySection: readonly { name: string; slug: string; items: readonly ArticleSummary[] }[]) {
  const [lead, ...rest] = latest;
  const featured = rest.slice(0, FEATURED_COUNT);
  const more = rest.slice(FEATURED_COUNT);
  const shown = new Set(latest.map((a) => a.id));
  const sections = bySection
    .map((s) => {
      const items = s.items.filter((a) => !shown.has(a.id)).slice(0, SECTION_BLOCK_STORIES);
      for (const a of items) shown.add(a.id);
      return { ...s, items };
    })
    .filter((s) => s.items.length > 0);
  return { lead, featured, more, sections };
}

/** The front page: a lead story with a large image, featured stories, the latest, then a block per section. */
export function HomePageView(props: {
  site: SiteInfo;
  latest: readonly ArticleSummary[];
  /** Responsive lead images of the stories on the page, by article id. */
  images?: ReadonlyMap<number, ResponsiveImage>;
  bySection: readonly { name: string; slug: string; items: readonly ArticleSummary[] }[];
  /** The week's most read stories (absent: none shown). */
  mostRead?: readonly ArticleSummary[] | undefined;
}) {
  const { site } = props;
  const images = props.images ?? new Map<number, ResponsiveImage>();
  const { lead, featured, more, sections } = homeLayout(props.latest, props.bySection);
  return (
    <Layout
      site={site}
      meta={{
        title: site.title,
        description: site.description,
        canonical: '/',
        feeds: [
          { title: `${site.title} (RSS)`, path: '/feed.xml', type: 'rss' },
          { title: `${site.title} (Atom)`, path: '/atom.xml', type: 'atom' },
          { title: `${site.title} (JSON Feed)`, path: '/feed.json', type: 'json' },
        ],
        jsonLd: { '@context': 'https://schema.org', '@type': 'WebSite', name: site.title, url: site.url, potentialAction: { '@type': 'SearchAction', target: `${site.url}/search?q={query}`, 'query-input': 'required name=query' } },
      }}
    >
      <h1 class="visually-hidden">{site.title}</h1>
      {!lead && <p>No articles published yet.</p>}
      {lead && (
        <section class="front" aria-label="Top stories">
          <StoryCard site={site} article={lead} image={images.get(lead.id)} variant="lead" />
          {featured.length > 0 && (
            <ul class="featured">
              {featured.map((a) => (
                <li key={a.id}>
                  <StoryCard site={site} article={a} image={images.get(a.id)} variant="featured" />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <div class="layout home-rest">
        <div class="section-blocks">
          {sections.map((s) => (
            <section key={s.slug} class="section-block" aria-labelledby={`section-${s.slug}`}>
              <h2 id={`section-${s.slug}`} class="block-title">
                <a href={`/sections/${s.slug}`}>{s.name}</a>
              </h2>
              <StoryCard site={site} article={s.items[0]!} image={images.get(s.items[0]!.id)} variant="block" />
              {s.items.length > 1 && (
                <ul class="headlines">
                  {s.items.slice(1).map((a) => (
                    <li key={a.id}>
                      <a href={`/news/${a.slug}`}>{a.headline}</a> <SponsorLabel sponsor={a.sponsor} inline />
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
        </div>
        <aside class="rail" aria-label="More">
          {more.length > 0 && (
            <section aria-labelledby="latest-heading">
              <h2 id="latest-heading" class="block-title">
                Latest
              </h2>
              <ol class="headlines numbered">
                {more.map((a) => (
                  <li key={a.id}>
                    <a href={`/news/${a.slug}`}>{a.headline}</a> <SponsorLabel sponsor={a.sponsor} inline />
                  </li>
                ))}
              </ol>
              <p>
                <a href="/news">All news</a>
              </p>
            </section>
          )}
          <MostRead items={props.mostRead} id="home" />
          <NewsletterBox id="home" />
          <AdSlot name="sidebar" />
        </aside>
      </div>
    </Layout>
  );
}
