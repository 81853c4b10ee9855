import type { ComponentChildren } from 'preact';
import { SITE_CSS_PATH } from '../assets.ts';
import { ICON_COLOURS, ICON_PATHS } from '../icons.ts';

export interface SiteInfo {
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly locale: string;
  readonly timeZone: string;
  readonly sections: readonly { slug: string; name: string }[];
}

export interface PageMeta {
  readonly title: string;
  readonly description?: string;
  /** Path of the canonical URL, e.g. `/news/slug`. */
  readonly canonical: string;
  readonly prev?: string | undefined;
  readonly next?: string | undefined;
  readonly feeds?: readonly { title: string; path: string; type: 'rss' | 'atom' | 'json' }[];
  readonly ogType?: 'website' | 'article';
  /** The link-preview image (`og:image`, a large Twitter card): 1200 wide where the library has it. */
  readonly ogImage?: { readonly url: string; readonly alt: string; readonly width?: number; readonly height?: number } | undefined;
  readonly jsonLd?: Record<string, unknown>;
  readonly noindex?: boolean;
}

const FEED_TYPES = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' } as const;

/** JSON for a <script> element: `<` escaped so text can never close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function absolute(site: SiteInfo, path: string): string {
  return /^https?:\/\//.test(path) ? path : `${site.url}${path}`;
}

/** The page frame every public page shares: skip link, header with sections and search, footer. */
export function Layout(props: { site: SiteInfo; meta: PageMeta; children: ComponentChildren }) {
  const { site, meta } = props;
  const title = meta.title === site.title ? site.title : `${meta.title} | ${site.title}`;
  const description = meta.description || site.description;
  const lang = site.locale.split('-')[0] ?? 'en';
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={description} />
        <link rel="canonical" href={absolute(site, meta.canonical)} />
        {meta.prev && <link rel="prev" href={absolute(site, meta.prev)} />}
        {meta.next && <link rel="next" href={absolute(site, meta.next)} />}
        {meta.noindex && <meta name="robots" content="noindex, follow" />}
        {(meta.feeds ?? []).map((f) => (
          <link key={f.path} rel="alternate" type={FEED_TYPES[f.type]} title={f.title} href={absolute(site, f.path)} />
        ))}
        <meta property="og:site_name" content={site.title} />
        <meta property="og:title" content={meta.title} />
        <meta property="og:description" content={description} />
        <meta property="og:type" content={meta.ogType ?? 'website'} />
        <meta property="og:url" content={absolute(site, meta.canonical)} />
        {meta.ogImage && <meta property="og:image" content={absolute(site, meta.ogImage.url)} />}
        {meta.ogImage?.width && <meta property="og:image:width" content={String(meta.ogImage.width)} />}
        {meta.ogImage?.height && <meta property="og:image:height" content={String(meta.ogImage.height)} />}
        {meta.ogImage && <meta property="og:image:alt" content={meta.ogImage.alt} />}
        <meta name="twitter:card" content={meta.ogImage ? 'summary_large_image' : 'summary'} />
        <link rel="icon" href={ICON_PATHS.ico} sizes="32x32" />
        <link rel="icon" href={ICON_PATHS.svg} type="image/svg+xml" />
        <link rel="apple-touch-icon" href={ICON_PATHS.appleTouch} />
        <link rel="manifest" href={ICON_PATHS.manifest} />
        <meta name="theme-color" content={ICON_COLOURS.background} />
        <link rel="stylesheet" href={SITE_CSS_PATH} />
        {meta.jsonLd && <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptJson(meta.jsonLd) }} />}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="site">
          <div class="wrap">
            <a class="site-title" href="/">
              {site.title}
            </a>
            <nav class="sections" aria-label="Sections">
              <ul>
                {site.sections.map((s) => (
                  <li key={s.slug}>
                    <a href={`/sections/${s.slug}`}>{s.name}</a>
                  </li>
                ))}
                <li>
                  <a href="/companies">Companies</a>
                </li>
              </ul>
            </nav>
            <form class="site-search" role="search" aria-label="Site" action="/search" method="get">
              <label class="visually-hidden" for="site-search-q">
                Search articles
              </label>
              <input id="site-search-q" type="search" name="q" placeholder="Search articles" />
              <button type="submit">Search</button>
            </form>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <div class="wrap">{props.children}</div>
        </main>
        <footer class="site">
          <div class="wrap">
            <p>
              {site.title} · <a href="/feed.xml">RSS</a> · <a href="/atom.xml">Atom</a> · <a href="/feed.json">JSON Feed</a> ·{' '}
              <a href="/archive">Archive</a> · <a href="/companies">Company directory</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
