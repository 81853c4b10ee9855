/**
 * Where a section or tag links: its page on this site, or, for another site's term (a
 * cross-published story's, which the catalog gives a `url`), its page on that site.
 * @example termHref('sections', { slug: 'tolling' }) // '/sections/tolling'
 */
export function termHref(kind: 'sections' | 'tags', term: { readonly slug: string; readonly url?: string | undefined }): string {
  return term.url ?? `/${kind}/${term.slug}`;
}
