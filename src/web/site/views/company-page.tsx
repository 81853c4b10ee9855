import type { CompanyProfile } from '../../../catalog/index.ts';
import { ArticleList, Pager, pageHref } from './article-list.tsx';
import { FollowButton } from './follow-button.tsx';
import { absolute, Layout, type SiteInfo } from './layout.tsx';

/** JSON-LD Organization for a company profile (schema.org). */
export function organizationJsonLd(site: SiteInfo, c: CompanyProfile): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'Organization',
    name: c.name,
    url: absolute(site, `/companies/${c.slug}`),
    ...(c.aliases.length ? { alternateName: c.aliases } : {}),
    ...(c.website ? { sameAs: [c.website] } : {}),
    ...(c.description ? { description: c.description } : {}),
    ...(c.logoUrl ? { logo: absolute(site, c.logoUrl) } : {}),
    ...(c.country ? { address: { '@type': 'PostalAddress', addressCountry: c.country } } : {}),
    ...(c.parent ? { parentOrganization: { '@type': 'Organization', name: c.parent.name, url: absolute(site, `/companies/${c.parent.slug}`) } } : {}),
    ...(c.brands.length ? { subOrganization: c.brands.map((b) => ({ '@type': 'Organization', name: b.name, url: absolute(site, `/companies/${b.slug}`) })) } : {}),
  };
}

/** A company's profile: who it is, its family, who it is named with, and every article about it. */
/** The company's articles on a sister title: its name, its company page, how many. */
export interface SisterCount {
  readonly name: string;
  readonly url: string;
  readonly count: number;
}

export function CompanyPageView(props: { site: SiteInfo; company: CompanyProfile; sisters?: readonly SisterCount[] }) {
  const { site, company: c } = props;
  const list = c.articles;
  const path = `/companies/${c.slug}`;
  return (
    <Layout
      site={site}
      meta={{
        title: list.page > 1 ? `${c.name} (page ${list.page})` : c.name,
        description: c.description || `News about ${c.name} from ${site.title}.`,
        canonical: pageHref(path, list.page),
        prev: list.page > 1 ? pageHref(path, list.page - 1) : undefined,
        next: list.page < list.totalPages ? pageHref(path, list.page + 1) : undefined,
        jsonLd: organizationJsonLd(site, c),
        breadcrumbs: [{ name: 'Company directory', path: '/companies' }],
        feeds: [
          { title: `${c.name} (RSS)`, path: `${path}/feed.xml`, type: 'rss' },
          { title: `${c.name} (Atom)`, path: `${path}/atom.xml`, type: 'atom' },
          { title: `${c.name} (JSON Feed)`, path: `${path}/feed.json`, type: 'json' },
        ],
      }}
    >
      <div class="layout">
        <div>
          {c.logoUrl && <img class="company-logo" src={c.logoUrl} alt={c.logoAlt} />}
          <h1>{c.name}</h1>
          {c.description && <p class="standfirst">{c.description}</p>}
          <FollowButton kind="company" slug={c.slug} name={c.name} next={path} />
          <dl class="facts">
            {c.aliases.length > 0 && (
              <>
                <dt>Also known as</dt>
                <dd>{c.aliases.join(', ')}</dd>
              </>
            )}
            {c.sector && (
              <>
                <dt>Sector</dt>
                <dd>{c.sector}</dd>
              </>
            )}
            {c.country && (
              <>
                <dt>Country</dt>
                <dd>{c.country}</dd>
              </>
            )}
            {c.website && (
              <>
                <dt>Website</dt>
                <dd>
                  <a href={c.website} rel="noopener nofollow">
                    {c.website.replace(/^https?:\/\//, '').replace(/\/$/, '')}
                  </a>
                </dd>
              </>
            )}
            {c.parent && (
              <>
                <dt>Part of</dt>
                <dd>
                  <a href={`/companies/${c.parent.slug}`}>{c.parent.name}</a>
                </dd>
              </>
            )}
            {c.brands.length > 0 && (
              <>
                <dt>Brands and subsidiaries</dt>
                <dd>
                  {c.brands.map((b, i) => (
                    <>
                      {i > 0 && ', '}
                      <a href={`/companies/${b.slug}`}>{b.name}</a>
                    </>
                  ))}
                </dd>
              </>
            )}
          </dl>
          <h2>
            Articles mentioning {c.name} ({list.total})
          </h2>
          <p class="feeds">
            Follow: <a href={`${path}/feed.xml`}>RSS</a> · <a href={`${path}/atom.xml`}>Atom</a> · <a href={`${path}/feed.json`}>JSON Feed</a>
          </p>
          {list.items.length ? <ArticleList site={site} items={list.items} showSection /> : <p>No articles mention {c.name} yet.</p>}
          <Pager path={path} page={list.page} totalPages={list.totalPages} />
          {props.sisters?.length ? (
            <p class="sister-titles">
              Our sister titles have more on {c.name}:{' '}
              {props.sisters.map((s, i) => (
                <>
                  {i > 0 && ', '}
                  <a href={s.url}>
                    {s.count} {s.count === 1 ? 'article' : 'articles'} in {s.name}
                  </a>
                </>
              ))}
              .
            </p>
          ) : null}
        </div>
        {c.alongside.length > 0 && (
          <aside class="box" aria-labelledby="alongside-heading">
            <h2 id="alongside-heading">Often mentioned with {c.name}</h2>
            <ul>
              {c.alongside.map((o) => (
                <li key={o.id}>
                  <a href={`/companies/${o.slug}`}>{o.name}</a> ({o.together})
                </li>
              ))}
            </ul>
          </aside>
        )}
      </div>
    </Layout>
  );
}
