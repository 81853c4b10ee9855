import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CsrfRejected } from '../../admin/index.ts';
import { MastheadError, NotFound } from '../../lib/errors.ts';
import { SIGN_UP_LIMITS } from '../../newsletters/index.ts';
import { makePage, writePage } from '../cache/index.ts';
import { sameOrigin } from '../same-origin.ts';
import type { TypedApp } from '../typed-app.ts';
import { NO_QUERY_PARAMS, type WebContext } from '../web-context.ts';
import { registerEspWebhookRoutes } from './esp-webhook-routes.ts';
import { ChooseListsView, NewsletterIssueView, NewslettersPageView, SignUpPageView, UnsubscribePageView } from './views/newsletter-pages.tsx';
import { renderDocument } from './views/render.ts';

const TokenQuery = Type.Object({ t: Type.String({ minLength: 1, maxLength: 200 }) });
const SignUpBody = Type.Object({ email: Type.String({ maxLength: 320 }), list: Type.Array(Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 60 }), { maxItems: 20 }) });
const IssueParams = Type.Object({ list: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 60 }), date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) });

/** The newsletters' public pages: the archive and the unsubscribe link's page. */
export function registerNewsletterRoutes(app: TypedApp, web: WebContext): void {
  const { newsletters } = web.deps;

  // The unsubscribe pages name a reader's link: never cached anywhere, like the sign-up page.
  const personal = async (req: FastifyRequest, reply: FastifyReply, view: preact.VNode, status = 200) => {
    const page = makePage(status, 'text/html; charset=utf-8', renderDocument(view), undefined, 'no-store', web.pageHeaders);
    reply.hijack();
    writePage(req.raw, reply.raw, page);
  };

  // New issues appear on the index as they are sent: it is not kept in the page cache.
  app.get('/newsletters', async (req, reply) => {
    web.send(req, reply, renderDocument(<NewslettersPageView site={await web.siteInfo(req)} lists={await newsletters.archiveIndex(10, web.siteIdOf(req))} />), undefined, undefined, 200, false);
  });

  app.get('/newsletters/unsubscribe', { schema: { querystring: TokenQuery } }, async (req, reply) => {
    const { t } = req.query;
    const { list, subscribed } = await newsletters.unsubscribeTarget(t);
    await personal(req, reply, <UnsubscribePageView site={await web.siteInfo(req)} listName={list.name} token={t} state={subscribed ? 'confirm' : 'already'} />);
  });

  app.register(async (oneClick: TypedApp) => {
    // RFC 8058 one-click unsubscribe: the mailbox provider POSTs `List-Unsubscribe=One-Click`
    // (form-encoded or multipart) to the URL from the List-Unsubscribe header, with no cookie and
    // no page in between, and the reader must be unsubscribed at once. So this POST takes no
    // session and no CSRF token by design: the signed token in the URL is the authority, it can
    // only unsubscribe (never subscribe or change anything else), and doing it twice is harmless.
    // The body is not needed and is not parsed.
    oneClick.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 4096 }, (_req, _body, done) => done(null, {}));
    oneClick.post('/newsletters/unsubscribe', { schema: { querystring: TokenQuery } }, async (req, reply) => {
      const { t } = req.query;
      const { list } = await newsletters.unsubscribe(t);
      await personal(req, reply, <UnsubscribePageView site={await web.siteInfo(req)} listName={list.name} token={t} state="done" />);
    });
  });

  app.register(async (signUp: TypedApp) => {
    // `list` may repeat (the choice of lists): keep every value, not only the last.
    signUp.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
      const form = new URLSearchParams(body as string);
      done(null, { email: form.get('email') ?? '', list: form.getAll('list') });
    });
    // The sign-up box sits on cached public pages (one for everyone), so it carries no per-reader
    // token; as for the Follow button, a post is accepted only when the browser says it came from
    // this site's own pages. Double opt-in means a sign-up that slipped through would only mail the
    // owner a link they can ignore, and the limits (per client address and per address, kept in the
    // database for every node) stop the form being used to flood an inbox.
    signUp.post('/newsletters/subscribe', { schema: { body: SignUpBody } }, async (req, reply) => {
      if (!sameOrigin(req, web.site(req).url)) throw CsrfRejected();
      const { email, list } = req.body;
      const site = await web.siteInfo(req);
      let chosen = list;
      if (!chosen.length) {
        // The site-wide box names no list: with one list that is the one, with several the reader chooses.
        const lists = await newsletters.lists(web.siteIdOf(req));
        if (lists.length !== 1) return personal(req, reply, <ChooseListsView site={site} email={email} lists={lists} />);
        chosen = [lists[0]!.slug];
      }
      try {
        await newsletters.requestSubscription(chosen, email, req.ip, web.siteIdOf(req));
      } catch (err) {
        if (err instanceof MastheadError && err.statusCode === 429) reply.raw.setHeader('retry-after', String(Math.round(SIGN_UP_LIMITS.windowMs / 1000)));
        if (!(err instanceof MastheadError) || err.statusCode !== 422 || list.length) throw err;
        // From the box: show the choice again with the reason (a bad address, nothing chosen).
        return personal(req, reply, <ChooseListsView site={site} email={email} lists={await newsletters.lists(web.siteIdOf(req))} error={err.message} />, 422);
      }
      const names = await Promise.all(chosen.map(async (slug) => (await newsletters.list(slug, web.siteIdOf(req))).name));
      await personal(req, reply, <SignUpPageView site={site} listName={names.join(', ')} state="check-inbox" />);
    });
    // A link in a mail: GET only asks (mail scanners follow links), the button POSTs.
    signUp.get('/newsletters/confirm', { schema: { querystring: TokenQuery } }, async (req, reply) => {
      const { t } = req.query;
      const lists = await newsletters.confirmTarget(t);
      await personal(req, reply, <SignUpPageView site={await web.siteInfo(req)} listName={lists.map((l) => l.name).join(', ')} state="confirm" token={t} />);
    });
    signUp.post('/newsletters/confirm', { schema: { querystring: TokenQuery } }, async (req, reply) => {
      const { lists } = await newsletters.confirmSubscription(req.query.t);
      await personal(req, reply, <SignUpPageView site={await web.siteInfo(req)} listName={lists.map((l) => l.name).join(', ')} state="confirmed" />);
    });
  });

  registerEspWebhookRoutes(app, web);

  app.get('/newsletters/:list/:date', { schema: { params: IssueParams } }, async (req, reply) => {
    const { list, date } = req.params;
    const issue = await newsletters.archived(list, date, web.siteIdOf(req));
    if (!issue) throw NotFound(`Newsletter issue ${list} ${date}`);
    web.send(req, reply, renderDocument(<NewsletterIssueView site={await web.siteInfo(req)} issue={issue} />), undefined, issue.sentAt, 200, NO_QUERY_PARAMS);
  });
}
