import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { MEDIA_LIMITS } from '../../admin/index.ts';
import { MastheadError } from '../../lib/errors.ts';
import type { WebContext } from '../web-context.ts';
import { registerAdAdminRoutes } from './ad-routes.tsx';
import { registerSiteSwitch } from './admin-site.ts';
import { registerArticleRoutes } from './article-routes.tsx';
import { ADMIN_CSS, ADMIN_JS, ADMIN_MODULES } from './assets.ts';
import { registerAuthorRoutes } from './author-routes.tsx';
import { registerCompanyRoutes } from './company-routes.tsx';
import { registerEditorLiveRoutes } from './editor-live-routes.ts';
import { registerMediaFiles, registerMediaRoutes } from './media-routes.tsx';
import { registerNewsletterAdminRoutes } from './newsletter-routes.tsx';
import { frameOf, sendPage } from './page.ts';
import { registerRedirectRoutes } from './redirect-routes.tsx';
import { registerResourceAdminRoutes } from './resource-routes.tsx';
import { requireSession, requireSessionCsrf, securityHeaders } from './security.ts';
import { registerSessionRoutes } from './session-routes.tsx';
import { registerSettingsRoutes } from './settings-routes.tsx';
import { registerTaggingRoutes } from './tagging-routes.tsx';
import { registerTaxonomyRoutes } from './taxonomy-routes.tsx';
import { registerUserRoutes } from './user-routes.tsx';
import { AdminErrorPage } from './views/admin-layout.tsx';

/** Form posts up to 2 MB (a long article body); parsed only inside the admin. */
const FORM_LIMIT = 2 * 1024 * 1024;

/**
 * The editorial admin: the signed-in surface under /admin, and the media library's public image
 * files under /media.
 */
export const adminRoutes: FastifyPluginAsync<{ web: WebContext }> = async (app: FastifyInstance, { web }) => {
  await app.register(adminSurface, { prefix: '/admin', web });
  registerMediaFiles(app, web);
};

/**
 * The admin under /admin, as one encapsulated plugin: its own cookie, form and multipart parsing,
 * session guard, CSRF check, security headers (strict CSP, no-store) and error page. Routes
 * marked `config.public` (sign-in, assets) skip the session guard.
 */
const adminSurface: FastifyPluginAsync<{ web: WebContext }> = async (app: FastifyInstance, { web }) => {
  await app.register(cookie);
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: MEDIA_LIMITS.maxBytes, files: 1, fields: 10, fieldSize: 10_000 } });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const isPublic = (req: FastifyRequest) => (req.routeOptions.config as { public?: boolean }).public === true;
  app.addHook('onRequest', async (req, reply) => {
    securityHeaders(reply);
    if (isPublic(req)) return;
    if (!(await requireSession(web.deps.accounts, req, reply))) return reply;
  });
  app.addHook('preValidation', async (req) => {
    if (!isPublic(req)) requireSessionCsrf(req);
  });

  app.setErrorHandler(async (error: FastifyError | MastheadError, req, reply) => {
    const status = error instanceof MastheadError ? error.statusCode : (error as FastifyError).validation ? 400 : (error.statusCode ?? 500);
    if (status >= 500) req.log.error({ err: error, url: req.url }, 'admin request failed');
    const message = status >= 500 ? 'Please try again in a moment.' : error.message;
    return sendPage(reply, <AdminErrorPage frame={frameOf(web, req)} status={status} message={message} />, status);
  });
  app.setNotFoundHandler(async (req, reply) => {
    securityHeaders(reply);
    return sendPage(reply, <AdminErrorPage frame={frameOf(web, req)} status={404} message={`${req.url.split('?')[0]} is not an admin page.`} />, 404);
  });

  for (const asset of [ADMIN_CSS, ADMIN_JS, ...ADMIN_MODULES]) {
    app.get(asset.path.slice('/admin'.length), { config: { public: true } }, async (_req, reply) =>
      reply.header('cache-control', 'public, max-age=31536000, immutable').type(asset.type).send(asset.body),
    );
  }

  registerSessionRoutes(app, web);
  registerSiteSwitch(app, web);
  registerArticleRoutes(app, web);
  registerEditorLiveRoutes(app, web);
  registerTaggingRoutes(app, web);
  registerCompanyRoutes(app, web);
  registerRedirectRoutes(app, web);
  registerMediaRoutes(app, web);
  registerTaxonomyRoutes(app, web);
  registerAuthorRoutes(app, web);
  registerUserRoutes(app, web);
  registerSettingsRoutes(app, web);
  registerAdAdminRoutes(app, web);
  registerNewsletterAdminRoutes(app, web);
  registerResourceAdminRoutes(app, web);
};
