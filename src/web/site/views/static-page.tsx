import { Layout, type SiteInfo } from './layout.tsx';

/** A static page (About, Contact…); `bodyHtml` comes from content/renderBody. */
export function StaticPageView(props: { site: SiteInfo; slug: string; title: string; bodyHtml: string }) {
  return (
    <Layout site={props.site} meta={{ title: props.title, canonical: `/pages/${props.slug}`, breadcrumbs: [{ name: props.title }] }}>
      <article>
        <h1>{props.title}</h1>
        <div class="body" dangerouslySetInnerHTML={{ __html: props.bodyHtml }} />
      </article>
    </Layout>
  );
}

/** The archive index: every month with articles. */
export function ArchiveIndexView(props: { site: SiteInfo; months: readonly { year: number; month: number; count: number; label: string }[] }) {
  return (
    <Layout site={props.site} meta={{ title: 'Archive', canonical: '/archive' }}>
      <h1>Archive</h1>
      {props.months.length ? (
        <ul>
          {props.months.map((m) => (
            <li key={`${m.year}-${m.month}`}>
              <a href={`/archive/${m.year}/${String(m.month).padStart(2, '0')}`}>{m.label}</a> ({m.count})
            </li>
          ))}
        </ul>
      ) : (
        <p>No articles yet.</p>
      )}
    </Layout>
  );
}

/** Every section with articles: the header names only the busiest few. */
export function TopicsPageView(props: { site: SiteInfo; sections: readonly { slug: string; name: string; count: number; description?: string }[] }) {
  return (
    <Layout site={props.site} meta={{ title: 'Topics', description: `Every section of ${props.site.title}.`, canonical: '/topics', breadcrumbs: [{ name: 'Topics' }] }}>
      <h1>Topics</h1>
      {props.sections.length ? (
        <ul class="topics">
          {props.sections.map((s) => (
            <li key={s.slug}>
              <a href={`/sections/${s.slug}`}>{s.name}</a> <span class="count">{s.count}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>No articles yet.</p>
      )}
    </Layout>
  );
}
