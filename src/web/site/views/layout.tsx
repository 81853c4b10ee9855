import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { SITE_CSS_PATH } from '../assets.ts';
import { ICON_COLOURS, ICON_PATHS, siteInitial } from '../icons.ts';
import { AdScript, AdSlot } from './ad-slots.tsx';
import { rawHtml } from './html-text.ts';
import { NewsletterBox } from './newsletter.tsx';

export interface SiteInfo {
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly locale: string;
  readonly timeZone: string;
  /** Sections with articles; `count` orders the primary navigation. */
  readonly sections: readonly { slug: string; name: string; count?: number }[];
  /** The publisher's static pages (About, Contact…), for the footer. */
  readonly pages?: readonly { slug: string; title: string }[];
  /** The stylesheet with the admin's accent colour and fonts, when set (after the site's own). */
  readonly themePath?: string | undefined;
  /** The heading font's file, preloaded: the stylesheet names it only once it has arrived itself. */
  readonly fontPreload?: string | undefined;
  /** The publisher's logo from the media library, shown instead of the title in type. */
  readonly logo?: { readonly src: string; readonly width: number; readonly height: number } | undefined;
  /** The publisher's profiles elsewhere, for the footer (`rel="me"`). */
  readonly social?: readonly { readonly url: string; readonly label: string }[];
  /** The sections an editor chose for the header, in order (admin settings); absent: the busiest few. */
  readonly menu?: readonly { slug: string; name: string }[] | undefined;
  /** The static pages an editor chose for the footer, in order (admin settings); absent: every page. */
  readonly footer?: readonly { slug: string; title: string }[] | undefined;
}

/** How many sections the header names; the rest are on /topics (a big archive has 78). */
export const PRIMARY_SECTIONS = 6;

/** The sections the header names: the busiest few, in the order readers know them (by name). */
export function primarySections(site: SiteInfo): readonly { slug: string; name: string }[] {
  if (site.menu?.length) return site.menu;
  const busiest = [...site.sections].sort((a, b) => (b.count ?? 0) - (a.count ?? 0)).slice(0, PRIMARY_SECTIONS);
  return site.sections.filter((s) => busiest.includes(s));
}

/** The publisher's pages in the order a footer lists them; others follow by title. */
const FOOTER_ORDER = ['about', 'contact', 'advertise', 'privacy', 'terms'];
function footerPages(site: SiteInfo): readonly { slug: string; title: string }[] {
  if (site.footer?.length) return site.footer;
  const rank = (slug: string) => (FOOTER_ORDER.includes(slug) ? FOOTER_ORDER.indexOf(slug) : FOOTER_ORDER.length);
  return [...(site.pages ?? [])].sort((a, b) => rank(a.slug) - rank(b.slug));
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
  /** Kept out of Google News only (sponsored content), still indexed by search. */
  readonly newsNoindex?: boolean;
  /** The trail above the heading (Home is implied): e.g. Topics › Tolling. */
  readonly breadcrumbs?: readonly { name: string; path?: string }[];
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
        {meta.newsNoindex && <meta name="Googlebot-News" content="noindex" />}
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
        <SiteLinks site={site} />
        <AdScript />
        {meta.jsonLd && <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptJson(meta.jsonLd) }} />}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <AdSlot name="leaderboard" />
        <SiteHeader site={site} />
        <main id="main" tabIndex={-1}>
          <div class="wrap">
            {meta.breadcrumbs && meta.breadcrumbs.length > 0 && <Breadcrumbs trail={meta.breadcrumbs} />}
            {props.children}
          </div>
        </main>
        <SiteFooter site={site} />
      </body>
    </html>
  );
}

/**
 * Markup that depends on the site alone (its header and footer: title, sections, menus, pages),
 * rendered once per `SiteInfo` and reused as a string. `WebContext.siteInfo` makes a new
 * `SiteInfo` whenever content or settings change, so a change is never served from here; a view
 * given a `SiteInfo` of its own (the editor's preview) renders its frame afresh.
 */
/** Each site frame's rendered parts. */
const frames = new WeakMap<SiteInfo, { header?: string; footer?: string; links?: string }>();

function prerendered(part: 'header' | 'footer' | 'links', site: SiteInfo, render: () => VNode): VNode {
  let parts = frames.get(site);
  if (!parts) {
    parts = {};
    frames.set(site, parts);
  }
  parts[part] ??= renderToString(render());
  return rawHtml(parts[part]);
}

/** The head's icons, manifest, theme colour, stylesheets and font preload: the site's alone. */
function SiteLinks(props: { site: SiteInfo }) {
  const { site } = props;
  return prerendered('links', site, () => (
    <>
      <link rel="icon" href={ICON_PATHS.ico} sizes="32x32" />
      <link rel="icon" href={ICON_PATHS.svg} type="image/svg+xml" />
      <link rel="apple-touch-icon" href={ICON_PATHS.appleTouch} />
      <link rel="manifest" href={ICON_PATHS.manifest} />
      <meta name="theme-color" content={ICON_COLOURS.background} />
      <link rel="stylesheet" href={SITE_CSS_PATH} />
      {site.themePath && <link rel="stylesheet" href={site.themePath} />}
      {site.fontPreload && <link rel="preload" href={site.fontPreload} as="font" type="font/woff2" crossorigin="anonymous" />}
    </>
  ));
}

/** The masthead: brand, tagline, search and the section navigation. */
function SiteHeader(props: { site: SiteInfo }) {
  const { site } = props;
  return prerendered('header', site, () => (
    <header class="site">
      <div class="wrap masthead">
        <a class="brand" href="/">
          {site.logo ? (
            <img class="brand-logo" src={site.logo.src} width={site.logo.width} height={site.logo.height} alt={site.title} />
          ) : (
            <>
              <span class="brand-mark" aria-hidden="true">
                {siteInitial(site.title)}
              </span>
              <span class="brand-name">{site.title}</span>
            </>
          )}
        </a>
        {site.description && <p class="tagline">{site.description}</p>}
        <form class="site-search" role="search" aria-label="Site" action="/search" method="get">
          <label class="visually-hidden" for="site-search-q">
            Search articles
          </label>
          <input id="site-search-q" type="search" name="q" placeholder="Search articles" />
          <button type="submit">Search</button>
        </form>
      </div>
      <div class="navbar">
        <div class="wrap">
          <nav class="primary" aria-label="Sections">
            <NavLinks site={site} />
          </nav>
          <details class="menu">
            <summary>Menu</summary>
            <nav aria-label="Menu">
              <NavLinks site={site} />
            </nav>
          </details>
        </div>
      </div>
    </header>
  ));
}

/** The footer: the publisher's pages, the directory, feeds and profiles elsewhere. */
function SiteFooter(props: { site: SiteInfo }) {
  const { site } = props;
  return prerendered('footer', site, () => (
    <footer class="site">
      <div class="wrap footer-grid">
        <div>
          <p class="footer-brand">{site.title}</p>
          <p>{site.description}</p>
          <NewsletterBox id="footer" />
        </div>
        <nav aria-label="Sections and directory">
          <h2>Read</h2>
          <ul>
            <li>
              <a href="/news">Latest news</a>
            </li>
            <li>
              <a href="/topics">All topics</a>
            </li>
            <li>
              <a href="/companies">Company directory</a>
            </li>
            <li>
              <a href="/archive">Archive</a>
            </li>
          </ul>
        </nav>
        <nav aria-label="Publisher">
          <h2>{site.title}</h2>
          <ul>
            {footerPages(site).map((p) => (
              <li key={p.slug}>
                <a href={`/pages/${p.slug}`}>{p.title}</a>
              </li>
            ))}
            <li>
              <a href="/newsletters">Newsletters</a>
            </li>
          </ul>
        </nav>
        <nav aria-label="Follow">
          <h2>Follow</h2>
          <ul>
            {(site.social ?? []).map((s) => (
              <li key={s.url}>
                <a href={s.url} rel="me">
                  {s.label}
                </a>
              </li>
            ))}
            <li>
              <a href="/feed.xml">RSS</a>
            </li>
            <li>
              <a href="/atom.xml">Atom</a>
            </li>
            <li>
              <a href="/feed.json">JSON Feed</a>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  ));
}

/** The header's links: the primary sections, then Topics (all of them) and the directory. */
function NavLinks(props: { site: SiteInfo }) {
  return (
    <ul>
      <li>
        <a href="/news">Latest</a>
      </li>
      {primarySections(props.site).map((s) => (
        <li key={s.slug}>
          <a href={`/sections/${s.slug}`}>{s.name}</a>
        </li>
      ))}
      <li>
        <a href="/topics">Topics</a>
      </li>
      <li>
        <a href="/companies">Companies</a>
      </li>
    </ul>
  );
}

/** Home › … › the page's parents (the page itself is its h1, so it is not repeated). */
function Breadcrumbs(props: { trail: readonly { name: string; path?: string }[] }) {
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        <li>
          <a href="/">Home</a>
        </li>
        {props.trail.map((c) => (
          <li key={c.name}>{c.path ? <a href={c.path}>{c.name}</a> : <span aria-current="page">{c.name}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}
