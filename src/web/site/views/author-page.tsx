import type { AuthorProfile, Byline } from '../../../catalog/index.ts';
import { ArticleList, Pager, pageHref } from './article-list.tsx';
import { absolute, Layout, type SiteInfo } from './layout.tsx';
import { Picture } from './picture.tsx';

/** `sizes` of the author page's photo and a byline's (see site.css `.author-photo`, `.byline-photo`). */
export const AUTHOR_PHOTO_SIZES = '8rem';
export const BYLINE_PHOTO_SIZES = '2.5rem';

/** JSON-LD for an author: a schema.org Person with their page and photo, as bylines and their page name them. */
export function personJsonLd(site: SiteInfo, p: { name: string; slug: string; photo: Byline['photo'] }): Record<string, unknown> {
  return {
    '@type': 'Person',
    name: p.name,
    url: absolute(site, `/authors/${p.slug}`),
    ...(p.photo ? { image: absolute(site, p.photo.image.share.url) } : {}),
  };
}

/** An author's page: photo, name and bio, then their articles (paged) with the feeds of the list. */
export function AuthorPageView(props: { site: SiteInfo; author: AuthorProfile }) {
  const { site, author } = props;
  const list = author.articles;
  const feeds = [
    { title: `${author.name} (RSS)`, path: `${list.path}/feed.xml`, type: 'rss' as const },
    { title: `${author.name} (Atom)`, path: `${list.path}/atom.xml`, type: 'atom' as const },
    { title: `${author.name} (JSON Feed)`, path: `${list.path}/feed.json`, type: 'json' as const },
  ];
  return (
    <Layout
      site={site}
      meta={{
        title: list.page > 1 ? `${author.name} (page ${list.page})` : author.name,
        description: author.bio || `Articles by ${author.name} for ${site.title}.`,
        canonical: pageHref(list.path, list.page),
        prev: list.page > 1 ? pageHref(list.path, list.page - 1) : undefined,
        next: list.page < list.totalPages ? pageHref(list.path, list.page + 1) : undefined,
        ogImage: author.photo ? { ...author.photo.image.share, alt: author.photo.alt } : undefined,
        jsonLd: { '@context': 'https://schema.org', '@type': 'ProfilePage', mainEntity: { ...personJsonLd(site, author), ...(author.bio ? { description: author.bio } : {}) } },
        feeds,
        breadcrumbs: [{ name: 'News', path: '/news' }],
      }}
    >
      <header class="author-profile">
        {author.photo && <Picture class="author-photo" image={author.photo.image} alt={author.photo.alt} sizes={AUTHOR_PHOTO_SIZES} eager />}
        <div>
          <h1>{author.name}</h1>
          {author.bio && <p class="standfirst">{author.bio}</p>}
          <p class="feeds">
            Follow: <a href={feeds[0]!.path}>RSS</a> · <a href={feeds[1]!.path}>Atom</a> · <a href={feeds[2]!.path}>JSON Feed</a> · {list.total}{' '}
            {list.total === 1 ? 'article' : 'articles'}
          </p>
        </div>
      </header>
      <h2 class="visually-hidden">Articles by {author.name}</h2>
      {list.items.length ? <ArticleList site={site} items={list.items} headingLevel={3} /> : <p>No articles yet.</p>}
      <Pager path={list.path} page={list.page} totalPages={list.totalPages} />
    </Layout>
  );
}

/** "By A and B" with each author's small photo, linking to their pages. */
export function BylineAuthors(props: { authors: readonly Byline[] }) {
  const { authors } = props;
  if (!authors.length) return null;
  return (
    <span class="authors">
      {authors.map((p) => p.photo && <Picture key={`photo-${p.id}`} class="byline-photo" image={p.photo.image} alt="" sizes={BYLINE_PHOTO_SIZES} />)}
      <span>
        By{' '}
        {authors.map((p, i) => (
          <>
            {i > 0 && (i === authors.length - 1 ? ' and ' : ', ')}
            <a href={`/authors/${p.slug}`}>{p.name}</a>
          </>
        ))}
      </span>
    </span>
  );
}
