import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { Forbidden, type SiteChoice } from '../../admin/index.ts';
import type { SiteRecord } from '../../sites/index.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { cookieOptions, optionalSession } from './security.ts';

/** The admin's current site, kept per browser (path /admin): only ever a choice the user may make. */
export const ADMIN_SITE_COOKIE = 'mh_admin_site';
const A_YEAR_MS = 365 * 24 * 3600 * 1000;

/** The sites a signed-in user works on, and the one the admin shows now. */
export interface AdminSites {
  readonly current: SiteRecord;
  /** The sites this user may switch to (every site for admins and unlimited staff). */
  readonly choices: readonly SiteRecord[];
  /** What lists filter on and new content is made in: undefined when the installation has one site (nothing filtered). */
  readonly siteId: number | undefined;
}

/**
 * The current site: the one the switcher chose (its cookie), else the site the admin was reached
 * by (`request.site`), else the user's first site. A cookie naming a site the user may not work
 * on is ignored, so it is never an authority.
 */
export function adminSites(web: WebContext, req: FastifyRequest): AdminSites {
  const all = web.deps.sites.all();
  const limited = optionalSession(req)?.user.sites;
  const choices = limited ? all.filter((s) => limited.includes(s.id)) : all;
  const wanted = Number(req.cookies?.[ADMIN_SITE_COOKIE]);
  const current = choices.find((s) => s.id === wanted) ?? choices.find((s) => s.id === req.site?.id) ?? choices[0] ?? web.deps.sites.first();
  return { current, choices, siteId: web.deps.sites.several ? current.id : undefined };
}

/** The current site's id for lists and new content (undefined with one site). */
export function adminSiteId(web: WebContext, req: FastifyRequest): number | undefined {
  return adminSites(web, req).siteId;
}

const SwitchBody = Type.Object({ _csrf: Type.String(), site: Type.String({ maxLength: 20 }), back: Type.Optional(Type.String({ maxLength: 300 })) });
/** Where the switcher may send the browser back to: an admin page of this origin, no query. */
const BACK = /^\/admin(\/[A-Za-z0-9/_-]*)?$/;

/** The switcher's form: POST /admin/site (CSRF-checked like every admin post) sets the current site. */
export function registerSiteSwitch(app: TypedApp, web: WebContext): void {
  app.post('/site', { schema: { body: SwitchBody } }, async (req, reply) => {
    const { choices } = adminSites(web, req);
    const site = choices.find((s) => String(s.id) === req.body.site);
    if (!site) throw Forbidden('work on that site');
    reply.setCookie(ADMIN_SITE_COOKIE, String(site.id), cookieOptions(req, A_YEAR_MS));
    // An article or term page belongs to the site being left: back to its list instead.
    const back = req.body.back && BACK.test(req.body.back) ? req.body.back.replace(/^\/admin\/(articles|sections|tags)\/.*$/, (_m, list) => (list === 'articles' ? '/admin' : `/admin/${list}`)) : '/admin';
    return reply.redirect(back, 303);
  });
}

/** The form field of "also publish on" a site (one field per site: a form is parsed to one value a name). */
export const alsoOnField = (siteId: number) => `also-${siteId}`;

/**
 * Where the posted article goes: a new one into the admin's current site; "also publish on" as
 * ticked, when the form showed the choices (a form without them leaves the other sites alone).
 */
export function siteChoice(web: WebContext, req: FastifyRequest, body: Record<string, unknown>): SiteChoice {
  const { siteId, choices } = adminSites(web, req);
  if (siteId === undefined) return {};
  const alsoOn = body['also-shown'] === '1' ? choices.filter((c) => body[alsoOnField(c.id)] === '1').map((c) => c.id) : undefined;
  return { siteId, alsoOn };
}
