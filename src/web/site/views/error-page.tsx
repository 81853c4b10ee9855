import { Layout, type SiteInfo } from './layout.tsx';

const TITLES: Record<number, string> = {
  400: 'That request could not be understood',
  404: 'Page not found',
  410: 'This page has been removed',
  429: 'Too many requests',
  500: 'Something went wrong',
};

/** The 404, 410 and other error pages: still the whole site frame, so readers can go on. */
export function ErrorPageView(props: { site: SiteInfo; status: number; message?: string; path: string; requestId?: string }) {
  const title = TITLES[props.status] ?? (props.status >= 500 ? TITLES[500]! : TITLES[400]!);
  return (
    <Layout site={props.site} meta={{ title, canonical: props.path, noindex: true }}>
      <h1>{title}</h1>
      {props.status === 404 && <p>We could not find that page. It may have moved; try searching for it.</p>}
      {props.status === 410 && <p>This content was removed and will not come back.</p>}
      {props.status >= 500 && <p>Please try again in a moment.</p>}
      {props.status >= 500 && props.requestId && (
        <p>
          If it keeps happening, tell us this reference: <code>{props.requestId}</code>
        </p>
      )}
      {props.status !== 404 && props.status !== 410 && props.message && props.status < 500 && <p>{props.message}</p>}
      <form role="search" aria-label="Search instead" action="/search" method="get">
        <label for="error-search-q">Search articles</label>{' '}
        <input id="error-search-q" type="search" name="q" /> <button type="submit">Search</button>
      </form>
      <p>
        <a href="/">Go to the front page</a>
      </p>
    </Layout>
  );
}
