import cookie from '@fastify/cookie';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { LeadProfileIncomplete, labelOf } from '../../leads/index.ts';
import { MastheadError } from '../../lib/errors.ts';
import { PROFILE_FIELDS, type ReaderSession, requiredFieldsFrom } from '../../readers/index.ts';
import { makePage, writePage } from '../cache/index.ts';
import { checkReaderCsrf, READER_SESSION_COOKIE } from '../readers/account-routes.tsx';
import { MessageView } from '../readers/account-views.tsx';
import { renderDocument } from '../site/views/render.ts';
import type { TypedApp } from '../typed-app.ts';
import { NO_QUERY_PARAMS, type WebContext } from '../web-context.ts';
import { DownloadFormView, ResourcePageView, ResourcesPageView, SharedLeadsView } from './resource-views.tsx';
import { WALL_JS, WALL_JS_PATH } from './wall.ts';

const FORM_LIMIT = 16 * 1024;
const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 120 }) });
const Text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const DownloadBody = Type.Object({ _csrf: Text(100), consent: Text(10), name: Text(1000), company: Text(1000), jobTitle: Text(1000), industry: Text(1000), country: Text(1000) });
const LeadParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

/**
 * The public resource pages: `/resources` and `/resources/<slug>`, the same for every reader, so
 * cached and indexable like any article page. Nothing personal is rendered here: the button links
 * to the private download page.
 */
export function registerResourcePages(app: TypedApp, web: WebContext): void {
  const { leads } = web.deps;
  const wallScript = makePage(200, 'text/javascript; charset=utf-8', WALL_JS, undefined, 'public, max-age=31536000, immutable', web.responseHeaders);
  app.get(WALL_JS_PATH, async (req, reply) => {
    reply.hijack();
    writePage(req.raw, reply.raw, wallScript);
  });
  app.get('/resources', async (req, reply) => {
    const assets = await leads.published(web.siteIdOf(req));
    const body = renderDocument(<ResourcesPageView site={await web.siteInfo(req)} assets={assets} covers={await leads.covers(assets)} />);
    web.send(req, reply, body, 'text/html; charset=utf-8', assets[0]?.updatedAt, 200, NO_QUERY_PARAMS);
  });
  app.get('/resources/:slug', { schema: { params: SlugParams } }, async (req, reply) => {
    const asset = await leads.publishedAsset(req.params.slug, web.siteIdOf(req));
    const body = renderDocument(<ResourcePageView site={await web.siteInfo(req)} asset={asset} cover={await leads.cover(asset)} />);
    web.send(req, reply, body, 'text/html; charset=utf-8', asset.updatedAt, 200, NO_QUERY_PARAMS);
  });
}

/**
 * The private half: the download form, the lead, the file, and the reader's list of what they
 * shared. Every response is `private, no-store` and never enters the page cache; the file goes only
 * to the signed-in reader whose lead it is (its storage key is never in a URL).
 */
export const resourceDownloadRoutes: FastifyPluginAsync<{ web: WebContext }> = async (app: TypedApp, { web }) => {
  const { leads, readerAccounts, settings } = web.deps;
  await app.register(cookie);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('cache-control', 'private, no-store');
  });
  const send = async (req: FastifyRequest, reply: FastifyReply, view: VNode, status = 200) => {
    reply.hijack();
    writePage(req.raw, reply.raw, makePage(status, 'text/html; charset=utf-8', renderDocument(view), undefined, 'private, no-store', web.pageHeaders));
  };
  app.setErrorHandler(async (error: FastifyError | MastheadError, req, reply) => {
    const status = error instanceof MastheadError ? error.statusCode : (error as FastifyError).validation ? 400 : (error.statusCode ?? 500);
    if (status >= 500) req.log.error({ err: error, url: req.url }, 'resource request failed');
    const message = status >= 500 ? 'Something went wrong: please try again in a moment.' : error.message;
    return send(req, reply, <MessageView site={await web.siteInfo(req)} title="That did not work" message={message} link={{ href: '/resources', text: 'Back to resources' }} />, status);
  });
  const sessionOf = (req: FastifyRequest) => readerAccounts.session(req.cookies[READER_SESSION_COOKIE]);
  const siteRequired = () => requiredFieldsFrom(settings.current.readerRequiredFields);
  /** Signed out: through the existing sign-in, back to `next` (a path on this site) afterwards. */
  const signIn = (reply: FastifyReply, next: string) => reply.redirect(`/account/sign-in?next=${encodeURIComponent(next)}`, 303);
  const formPage = async (req: FastifyRequest, reply: FastifyReply, slug: string, session: ReaderSession, error?: string, status = 200) => {
    const asset = await leads.publishedAsset(slug, web.siteIdOf(req));
    const reader = session.reader;
    const alreadyShared = (await leads.liveLead(asset.id, reader.id)) !== undefined;
    const missing = leads.missingFor(asset, reader, siteRequired());
    return send(req, reply, <DownloadFormView site={await web.siteInfo(req)} asset={asset} reader={reader} missing={missing} csrf={session.csrfToken} alreadyShared={alreadyShared} error={error} />, status);
  };

  app.get('/resources/:slug/download', { schema: { params: SlugParams } }, async (req, reply) => {
    const { slug } = req.params;
    await leads.publishedAsset(slug, web.siteIdOf(req));
    const session = await sessionOf(req);
    if (!session) return signIn(reply, `/resources/${slug}/download`);
    return formPage(req, reply, slug, session);
  });

  app.post('/resources/:slug/download', { schema: { params: SlugParams, body: DownloadBody } }, async (req, reply) => {
    const { slug } = req.params;
    const session = await sessionOf(req);
    if (!session) return signIn(reply, `/resources/${slug}/download`);
    checkReaderCsrf(req, session);
    const body = req.body;
    const asset = await leads.publishedAsset(slug, web.siteIdOf(req));
    const missing = leads.missingFor(asset, session.reader, siteRequired());
    try {
      if (missing.length) {
        // Only the missing fields are posted: the rest of the profile is kept as it is.
        const profile: Record<string, unknown> = Object.fromEntries(PROFILE_FIELDS.map(([f]) => [f, session.reader[f] ?? '']));
        for (const f of missing) profile[f] = body[f] ?? '';
        if (missing.some((f) => !String(profile[f]).trim())) throw LeadProfileIncomplete(missing.map(labelOf).join(', '));
        await readerAccounts.updateProfile(session.reader.id, profile);
      }
      await leads.register(slug, session.reader.id, body.consent === 'yes', web.siteIdOf(req));
    } catch (err) {
      if (!(err instanceof MastheadError) || err.statusCode !== 422) throw err;
      const fresh = (await sessionOf(req)) ?? session;
      return formPage(req, reply, slug, fresh, err.message, 422);
    }
    return reply.redirect(`/resources/${slug}/file`, 303);
  });

  app.get('/resources/:slug/file', { schema: { params: SlugParams } }, async (req, reply) => {
    const { slug } = req.params;
    const session = await sessionOf(req);
    if (!session) return signIn(reply, `/resources/${slug}/download`);
    const delivery = await leads.deliver(slug, session.reader.id, web.siteIdOf(req));
    if (delivery.kind === 'video') return reply.redirect(delivery.url, 303);
    return reply
      .headers(web.responseHeaders)
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="${delivery.name.replace(/["\\\r\n]/g, '')}"`)
      .header('content-length', delivery.file.size)
      .type('application/pdf')
      .send(delivery.file.stream);
  });

  // The registration wall's question (its script cannot read the HttpOnly session cookie).
  app.get('/account/status', { schema: { response: { 200: Type.Object({ signedIn: Type.Boolean() }) } } }, async (req, reply) => {
    return reply.type('application/json; charset=utf-8').send({ signedIn: (await sessionOf(req)) !== undefined });
  });

  app.get('/account/shared', { schema: { querystring: Type.Object({ done: Text(20) }) } }, async (req, reply) => {
    const session = await sessionOf(req);
    if (!session) return signIn(reply, '/account/shared');
    const notice = req.query.done === 'withdrawn' ? 'Withdrawn: the sponsor no longer gets your details from us.' : undefined;
    // Each resource on its own site (a relative link would point another site's at this one, a 404).
    const placeOf = (l: { assetSiteId: number; assetSlug: string }) => ({
      url: `${web.homeUrl(l.assetSiteId)}/resources/${encodeURIComponent(l.assetSlug)}`,
      // Named as its pages name it: the first site by its settings' title (as `web.site`), others by name.
      siteName: l.assetSiteId === req.site.id ? undefined : l.assetSiteId === web.deps.sites.first().id ? web.deps.settings.current.title : web.deps.sites.byId(l.assetSiteId)?.name,
    });
    return send(req, reply, <SharedLeadsView site={await web.siteInfo(req)} leads={await leads.ofReader(session.reader.id)} placeOf={placeOf} csrf={session.csrfToken} notice={notice} />);
  });

  app.post('/account/shared/:id/withdraw', { schema: { params: LeadParams, body: Type.Object({ _csrf: Text(100) }) } }, async (req, reply) => {
    const session = await sessionOf(req);
    if (!session) return signIn(reply, '/account/shared');
    checkReaderCsrf(req, session);
    await leads.withdraw(session.reader.id, req.params.id);
    return reply.redirect('/account/shared?done=withdrawn', 303);
  });
};
