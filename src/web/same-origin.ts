import type { FastifyRequest } from 'fastify';

/**
 * Whether a form post came from this site's own pages (the browser says so). The forms of cached
 * public pages (Follow, the newsletter box) are the same for everyone and cannot carry a per-reader
 * CSRF token; every current browser sends `Sec-Fetch-Site` or `Origin` with a form POST, so a post
 * from another site is told apart without one.
 */
export function sameOrigin(req: FastifyRequest, siteUrl: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'same-origin') return true;
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return false;
  return origin === new URL(siteUrl).origin || origin === `${req.protocol}://${req.host}`;
}
