import type { ComponentChildren } from 'preact';
/**
 * Pieces every admin list page shows the same way: the outcome of the last change, and the
 * links between pages.
 */

/** A page's one-line outcome ("Saved."), announced politely. */
export function Notice(props: { text?: string | undefined }) {
  return props.text ? (
    <p class="notice" role="status">
      {props.text}
    </p>
  ) : null;
}

/**
 * Previous and next page links (only those that exist), worded for the list's order: newest
 * first lists say Newer and Older. `showCount` adds "Page 2 of 5" between them.
 */
export function Pager(props: { page: number; totalPages: number; href: (page: number) => string; labels?: readonly [previous: string, next: string]; showCount?: boolean }) {
  const [previous, next] = props.labels ?? ['Newer', 'Older'];
  return (
    <nav class="pager" aria-label="Pages">
      {props.page > 1 && (
        <a rel="prev" href={props.href(props.page - 1)}>
          {previous}
        </a>
      )}
      {props.showCount && (
        <span>
          Page {props.page} of {props.totalPages}
        </span>
      )}
      {props.page < props.totalPages && (
        <a rel="next" href={props.href(props.page + 1)}>
          {next}
        </a>
      )}
    </nav>
  );
}

/**
 * A list page's table: one column heading per name (a `false` one is left out, for a column only
 * some pages show), then the rows the page renders.
 */
export function ListTable(props: { headings: readonly (string | false)[]; children: ComponentChildren }) {
  return (
    <table>
      <thead>
        <tr>
          {props.headings.map((heading) =>
            heading === false ? null : (
              <th key={heading} scope="col">
                {heading}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}
