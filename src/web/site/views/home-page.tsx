import type { ResponsiveImage } from '../../../media/index.ts';
import type { ArticleSummary } from '../../../store/index.ts';
import { ArticleList } from './article-list.tsx';
import { Layout, type SiteInfo } from './layout.tsx';

export function HomePageView(props: {
  site: SiteInfo;
  latest: readonly ArticleSummary[];
  /** Responsive lead images of the latest stories, by article id. */
  images?: ReadonlyMap<number, ResponsiveImage>;
  bySection: readonly { name: string; slug: string; items: readonly ArticleSummary[] }[];
}) {
  const { site } = props;
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
      <div class="layout">
        <section aria-labelledby="latest-heading">
          <h2 id="latest-heading">Latest news</h2>
          {props.latest.length ? <ArticleList site={site} items={props.latest} images={props.images} showSection /> : <p>No articles published yet.</p>}
          <p>
            <a href="/news">All news</a>
          </p>
        </section>
        <div>
          {props.bySection.map((s) => (
            <section key={s.slug} aria-labelledby={`section-${s.slug}`}>
              <h2 id={`section-${s.slug}`}>
                <a href={`/sections/${s.slug}`}>{s.name}</a>
              </h2>
              <ArticleList site={site} items={s.items.slice(0, 3)} />
            </section>
          ))}
        </div>
      </div>
    </Layout>
  );
}
