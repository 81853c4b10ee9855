import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RedirectErrors, RedirectForm } from '../../admin/index.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { adminSiteId } from './admin-site.ts';
import { frameOf, sendPage } from './page.ts';
import { sessionOf } from './security.ts';
import { RedirectsPage } from './views/redirects-page.tsx';

const PER_PAGE = 50;
const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), done: Type.Optional(Type.String({ maxLength: 20 })) });
const PutBody = Type.Object({
  _csrf: Type.String(),
  from: Type.String({ maxLength: 2000 }),
  to: Type.Optional(Type.String({ maxLength: 2000 })),
  status: Type.String({ maxLength: 3 }),
});
const RemoveBody = Type.Object({ _csrf: Type.String(), from: Type.String({ minLength: 1, maxLength: 2000 }) });
const DONE: Record<string, string> = { saved: 'Redirect saved.', removed: 'Redirect removed.' };

/** Redirect management (editors and admins). */
export function registerRedirectRoutes(app: TypedApp, web: WebContext): void {
  const { redirectAdmin } = web.deps;

  const page = async (req: FastifyRequest, reply: FastifyReply, n: number, form: RedirectForm, errors: RedirectErrors, notice?: string) => {
    const { total, items } = await redirectAdmin.list(n, PER_PAGE, sessionOf(req).user, adminSiteId(web, req));
    const status = Object.keys(errors).length ? 422 : 200;
    const props = { frame: frameOf(web, req), items, page: n, totalPages: Math.max(1, Math.ceil(total / PER_PAGE)), form, errors, notice };
    return sendPage(reply, <RedirectsPage {...props} />, status);
  };

  app.get('/redirects', { schema: { querystring: PageQuery } }, async (req, reply) => {
    const { page: n, done } = req.query;
    return page(req, reply, n ?? 1, { from: '', to: '', status: '301' }, {}, done ? DONE[done] : undefined);
  });

  app.post('/redirects', { schema: { body: PutBody } }, async (req, reply) => {
    const body = req.body;
    const form = { from: body.from, to: body.to ?? '', status: body.status };
    const errors = await redirectAdmin.put(form, sessionOf(req).user, adminSiteId(web, req));
    if (Object.keys(errors).length) return page(req, reply, 1, form, errors);
    return reply.redirect('/admin/redirects?done=saved', 303);
  });

  app.post('/redirects/remove', { schema: { body: RemoveBody } }, async (req, reply) => {
    await redirectAdmin.remove(req.body.from, sessionOf(req).user, adminSiteId(web, req));
    return reply.redirect('/admin/redirects?done=removed', 303);
  });
}
