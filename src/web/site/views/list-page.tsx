import type { ArticleListing } from '../../../catalog/index.ts';
import { ArticleList, Pager, pageHref } from './article-list.tsx';
import { FollowButton } from './follow-button.tsx';
import { Layout, type SiteInfo } from './layout.tsx';
import { TermSponsorship } from './sponsor-label.tsx';

/** The parents of each kind of list, above its heading. */
const TRAIL: Partial<Record<ArticleListing['kind'], { name: string; path: string }[]>> = {
  section: [{ name: 'Topics', path: '/topics' }],
  tag: [{ name: 'News', path: '/news' }],
  author: [{ name: 'News', path: '/news' }],
  archive: [{ name: 'Archive', path: '/archive' }],
};

/** Section, tag, author, archive and "all news" pages: one paged list with its feeds. */
export function ListPageView(props: { site: SiteInfo; list: ArticleListing; feedBase?: string; intro?: string }) {
  const { site, list } = props;
  const feedBase = props.feedBase ?? list.path;
  const feeds = [
    { title: `${list.title} (RSS)`, path: `${feedBase}/feed.xml`, type: 'rss' as const },
    { title: `${list.title} (Atom)`, path: `${feedBase}/atom.xml`, type: 'atom' as const },
    { title: `${list.title} (JSON Feed)`, path: `${feedBase}/feed.json`, type: 'json' as const },
  ];
  return (
    <Layout
      site={site}
      meta={{
        title: list.page > 1 ? `${list.title} (page ${list.page})` : list.title,
        description: list.description || `${list.title}: the latest articles from ${site.title}.`,
        canonical: pageHref(list.path, list.page),
        prev: list.page > 1 ? pageHref(list.path, list.page - 1) : undefined,
        next: list.page < list.totalPages ? pageHref(list.path, list.page + 1) : undefined,
        feeds,
        breadcrumbs: TRAIL[list.kind] ?? [],
      }}
    >
      <h1>{list.title}</h1>
      <TermSponsorship title={list.title} sponsor={list.sponsor} />
      {list.description && <p class="standfirst">{list.description}</p>}
      {props.intro && <p>{props.intro}</p>}
      {(list.kind === 'section' || list.kind === 'tag' || list.kind === 'author') && (
        <FollowButton kind={list.kind} slug={list.path.slice(list.path.lastIndexOf('/') + 1)} name={list.title} next={list.path} />
      )}
      <p class="feeds">
        Follow: <a href={feeds[0]!.path}>RSS</a> · <a href={feeds[1]!.path}>Atom</a> · <a href={feeds[2]!.path}>JSON Feed</a> · {list.total}{' '}
        {list.total === 1 ? 'article' : 'articles'}
      </p>
      {list.items.length ? <ArticleList site={site} items={list.items} headingLevel={2} showSection={list.kind !== 'section'} /> : <p>No articles yet.</p>}
      <Pager path={list.path} page={list.page} totalPages={list.totalPages} />
    </Layout>
  );
}
