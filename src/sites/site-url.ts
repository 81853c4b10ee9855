/** A site's own URL: the installation's, with the site's primary host (scheme and port kept). */
export function siteUrl(base: string, host: string | undefined): string {
  if (!host) return base;
  const url = new URL(base);
  url.hostname = host;
  return url.origin + url.pathname.replace(/\/$/, '');
}
