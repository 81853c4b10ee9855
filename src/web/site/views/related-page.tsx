import type { RelatedItem } from '../../../catalog/index.ts';
import { ArticleList, Pager, pageHref } from './article-list.tsx';
import { Layout, type SiteInfo } from './layout.tsx';

/**
 * Further related content for one article, paged at its own URL. The canonical link points at
 * this page (never at copies of the article), so crawlers see one URL per story.
 */
export function RelatedPageView(props: { site: SiteInfo; slug: string; headline: string; items: readonly RelatedItem[]; page: number; totalPages: number }) {
  const path = `/news/${props.slug}/related`;
  return (
    <Layout
      site={props.site}
      meta={{
        title: `Related to: ${props.headline}`,
        canonical: pageHref(path, props.page),
        prev: props.page > 1 ? pageHref(path, props.page - 1) : undefined,
        next: props.page < props.totalPages ? pageHref(path, props.page + 1) : undefined,
      }}
    >
      <h1>Related to “{props.headline}”</h1>
      <p>
        <a href={`/news/${props.slug}`}>Back to the article</a>
      </p>
      {props.items.length ? <ArticleList site={props.site} items={props.items.map((i) => i.article)} headingLevel={2} showSection /> : <p>No related articles.</p>}
      <Pager path={path} page={props.page} totalPages={props.totalPages} />
    </Layout>
  );
}
