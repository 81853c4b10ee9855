import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '../../lib/errors.ts';
import { SignUpRateLimited } from '../../newsletters/index.ts';
import { makePage, writePage } from '../cache/index.ts';
import { NO_QUERY_PARAMS, type WebContext } from '../web-context.ts';
import { NewsletterIssueView, NewslettersPageView, SignUpPageView, UnsubscribePageView } from './views/newsletter-pages.tsx';
import { renderDocument } from './views/render.ts';

const TokenQuery = Type.Object({ t: Type.String({ minLength: 1, maxLength: 200 }) });
const SignUpBody = Type.Object({ email: Type.String({ maxLength: 320 }), list: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 60 }) });
/** Sign-ups a client address may make per window (each sends a confirmation mail). */
const SIGN_UPS = { max: 10, timeWindow: 10 * 60_000 };
const IssueParams = Type.Object({ list: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 60 }), date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) });

/** The newsletters' public pages: the archive and the unsubscribe link's page. */
export function registerNewsletterRoutes(app: FastifyInstance, web: WebContext): void {
  const { newsletters } = web.deps;

  // The unsubscribe pages name a reader's link: never cached anywhere, like the sign-up page.
  const personal = async (req: FastifyRequest, reply: FastifyReply, view: preact.VNode) => {
    const page = makePage(200, 'text/html; charset=utf-8', renderDocument(view), undefined, 'no-store', web.pageHeaders);
    reply.hijack();
    writePage(req.raw, reply.raw, page);
  };

  // New issues appear on the index as they are sent: it is not kept in the page cache.
  app.get('/newsletters', async (req, reply) => {
    web.send(req, reply, renderDocument(<NewslettersPageView site={await web.siteInfo(req)} lists={await newsletters.archiveIndex()} />), undefined, undefined, 200, false);
  });

  app.get('/newsletters/unsubscribe', { schema: { querystring: TokenQuery } }, async (req, reply) => {
    const { t } = req.query as { t: string };
    const { list, subscribed } = await newsletters.unsubscribeTarget(t);
    await personal(req, reply, <UnsubscribePageView site={await web.siteInfo(req)} listName={list.name} token={t} state={subscribed ? 'confirm' : 'already'} />);
  });

  app.register(async (oneClick) => {
    // RFC 8058 one-click unsubscribe: the mailbox provider POSTs `List-Unsubscribe=One-Click`
    // (form-encoded or multipart) to the URL from the List-Unsubscribe header, with no cookie and
    // no page in between, and the reader must be unsubscribed at once. So this POST takes no
    // session and no CSRF token by design: the signed token in the URL is the authority, it can
    // only unsubscribe (never subscribe or change anything else), and doing it twice is harmless.
    // The body is not needed and is not parsed.
    oneClick.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 4096 }, (_req, _body, done) => done(null, {}));
    oneClick.post('/newsletters/unsubscribe', { schema: { querystring: TokenQuery } }, async (req, reply) => {
      const { t } = req.query as { t: string };
      const { list } = await newsletters.unsubscribe(t);
      await personal(req, reply, <UnsubscribePageView site={await web.siteInfo(req)} listName={list.name} token={t} state="done" />);
    });
  });

  app.register(async (signUp) => {
    signUp.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    await signUp.register(rateLimit, { global: false });
    const limiter = signUp.createRateLimit({ ...SIGN_UPS, keyGenerator: (req) => `newsletter-sign-up:${req.ip}` });
    // No CSRF token: the form is on cached public pages (one for everyone), and double opt-in means
    // a forged sign-up only mails the address a link its owner can ignore; the rate limit caps that.
    signUp.post('/newsletters/subscribe', { schema: { body: SignUpBody } }, async (req, reply) => {
      const limit = await limiter(req);
      if (!limit.isAllowed && limit.isExceeded) {
        reply.raw.setHeader('retry-after', String(limit.ttlInSeconds));
        throw SignUpRateLimited(`${limit.ttlInSeconds} seconds`);
      }
      const { email, list } = req.body as { email: string; list: string };
      await newsletters.requestSubscription(list, email);
      const { name } = await newsletters.list(list);
      await personal(req, reply, <SignUpPageView site={await web.siteInfo(req)} listName={name} state="check-inbox" />);
    });
    // A link in a mail: GET only asks (mail scanners follow links), the button POSTs.
    signUp.get('/newsletters/confirm', { schema: { querystring: TokenQuery } }, async (req, reply) => {
      const { t } = req.query as { t: string };
      const list = await newsletters.confirmTarget(t);
      await personal(req, reply, <SignUpPageView site={await web.siteInfo(req)} listName={list.name} state="confirm" token={t} />);
    });
    signUp.post('/newsletters/confirm', { schema: { querystring: TokenQuery } }, async (req, reply) => {
      const { list } = await newsletters.confirmSubscription((req.query as { t: string }).t);
      await personal(req, reply, <SignUpPageView site={await web.siteInfo(req)} listName={list.name} state="confirmed" />);
    });
  });

  app.get('/newsletters/:list/:date', { schema: { params: IssueParams } }, async (req, reply) => {
    const { list, date } = req.params as { list: string; date: string };
    const issue = await newsletters.archived(list, date);
    if (!issue) throw NotFound(`Newsletter issue ${list} ${date}`);
    web.send(req, reply, renderDocument(<NewsletterIssueView site={await web.siteInfo(req)} issue={issue} />), undefined, issue.sentAt, 200, NO_QUERY_PARAMS);
  });
}
