import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderDocument } from '../site/views/render.ts';
import type { WebContext } from '../web-context.ts';
import { adminSites } from './admin-site.ts';
import { optionalSession } from './security.ts';
import type { AdminFrame } from './views/admin-layout.tsx';

/** Sends an admin page: never through the public page cache (`web.send`), always `no-store`. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(renderDocument(page));
}

/**
 * The frame of a signed-in page (title, user, CSRF token), and with several sites the current one
 * (its name is the title) and the switcher's choices (shown when the user has more than one).
 */
export function frameOf(web: WebContext, req: FastifyRequest): AdminFrame {
  const s = optionalSession(req);
  const frame = { siteTitle: web.deps.settings.current.title, user: s?.user, csrf: s?.csrfToken ?? '' };
  if (!s || !web.deps.sites.several) return frame;
  const { current, choices } = adminSites(web, req);
  const switcher = choices.length > 1 ? { currentId: current.id, choices: choices.map((c) => ({ id: c.id, name: c.name })), back: req.url.split('?')[0] ?? '/admin' } : undefined;
  // "View site" opens the current site (the first site: this host, as before).
  const viewSite = current.id === web.deps.sites.first().id ? undefined : `${web.homeUrl(current.id)}/`;
  return { ...frame, siteTitle: current.name, switcher, viewSite };
}
