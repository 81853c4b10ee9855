import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { Forbidden } from '../../admin/index.ts';
import { MastheadError } from '../../lib/errors.ts';
import { InvalidNewsletterList, NothingToSend } from '../../newsletters/index.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { adminSiteId } from './admin-site.ts';
import { frameOf, sendPage } from './page.ts';
import { sessionOf } from './security.ts';
import { NewsletterSchedulePage } from './views/newsletter-schedule-page.tsx';
import { NewsletterComposePage, NewsletterPreviewPage, NewslettersAdminPage } from './views/newsletters-page.tsx';

const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 60 }) });
const CsrfBody = Type.Object({ _csrf: Type.String() });
/** Subject, introduction, and `keep-<id>` / `position-<id>` per story (as many as an issue holds). */
const ComposeBody = Type.Object({ _csrf: Type.String(), subject: Type.String({ maxLength: 250 }), intro: Type.String({ maxLength: 2000 }), add: Type.Optional(Type.String({ maxLength: 500 })), sponsor: Type.Optional(Type.String({ pattern: '^\\d{0,15}$' })) }, { additionalProperties: Type.String({ maxLength: 10 }), maxProperties: 200 });
/** `every`: none (by hand), daily or weekly; `day` for weekly; `time` HH:MM in the site's zone. */
const ScheduleBody = Type.Object({
  _csrf: Type.String(),
  every: Type.Union([Type.Literal('none'), Type.Literal('daily'), Type.Literal('weekly')]),
  day: Type.Optional(Type.String({ maxLength: 3 })),
  time: Type.Optional(Type.String({ maxLength: 8 })),
});
const NewListBody = Type.Object({ _csrf: Type.String(), slug: Type.String({ maxLength: 60 }), name: Type.String({ maxLength: 200 }) });
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const DONE: Record<string, string> = { sending: 'The issue is being sent.', resumed: 'The unfinished issue is being sent.', 'test-sent': 'Test message sent.', 'test-failed': 'The test message could not be sent: see the log.', scheduled: 'Schedule saved.', made: 'List made.' };

/** The email preview's own policy: its inline styles may apply, nothing runs, it is framed only here. */
const EMAIL_PREVIEW_CSP = ["default-src 'none'", "style-src 'unsafe-inline'", 'img-src https: data:', "frame-ancestors 'self'", "form-action 'none'", "base-uri 'none'", 'sandbox'].join('; ');

/** Newsletters in the admin (editors and admins): progress, preview, test send, send. */
export function registerNewsletterAdminRoutes(app: TypedApp, web: WebContext): void {
  const { newsletters } = web.deps;
  const editorOnly = (req: FastifyRequest) => {
    const user = sessionOf(req).user;
    if (user.role === 'contributor') throw Forbidden('manage newsletters');
    return user;
  };
  /** An editor's list of the admin's current site: another site's list is not found (404). */
  const ownList = (req: FastifyRequest, slug: string) => {
    editorOnly(req);
    return newsletters.list(slug, adminSiteId(web, req));
  };

  app.get('/newsletters', { schema: { querystring: DoneQuery } }, async (req, reply) => {
    editorOnly(req);
    const { done } = req.query;
    return sendPage(reply, <NewslettersAdminPage frame={frameOf(web, req)} rows={await newsletters.overview(adminSiteId(web, req))} notice={done ? DONE[done] : undefined} />);
  });

  // A new list is made on the admin's current site.
  app.post('/newsletters', { schema: { body: NewListBody } }, async (req, reply) => {
    editorOnly(req);
    const { slug, name } = req.body;
    try {
      await newsletters.addList({ slug, name, siteId: adminSiteId(web, req) });
    } catch (err) {
      if (!(err instanceof MastheadError) || err.statusCode >= 500) throw err;
      const rows = await newsletters.overview(adminSiteId(web, req));
      return sendPage(reply, <NewslettersAdminPage frame={frameOf(web, req)} rows={rows} problem={err.message} values={{ slug, name }} />, 422);
    }
    return reply.redirect('/admin/newsletters?done=made', 303);
  });

  /** The compose page of the list's draft, with a notice, or a problem and the editor's values (422). */
  const composePage = async (req: FastifyRequest, slug: string, shown: { notice?: string | undefined; problem?: string; values?: { subject: string; intro: string; add: string } } = {}) => {
    // Opening the page assembles the draft from the articles since the last issue (empty when none was published).
    const draft = await newsletters.draft(slug);
    return (
      <NewsletterComposePage
        frame={frameOf(web, req)}
        slug={slug}
        subject={shown.values?.subject ?? draft.subject}
        intro={shown.values?.intro ?? draft.intro}
        add={shown.values?.add}
        items={draft.parsedItems}
        sponsor={draft.parsedSponsor}
        offers={await newsletters.sponsorOffers(slug)}
        notice={shown.notice}
        problem={shown.problem}
      />
    );
  };

  app.post('/newsletters/:slug/send', { schema: { params: SlugParams, body: CsrfBody } }, async (req, reply) => {
    await ownList(req, req.params.slug);
    let resumed: boolean;
    try {
      ({ resumed } = await newsletters.startIssue(req.params.slug));
    } catch (err) {
      // No story to send: the editor is shown why on the compose page, where stories are added.
      if (!(err instanceof MastheadError) || err.code !== NothingToSend.code) throw err;
      return sendPage(reply, await composePage(req, req.params.slug, { problem: err.message }), 422);
    }
    // The app's background sender sends it (on this node and any other): the page shows progress.
    newsletters.kick().catch((err) => req.log.error({ err }, 'newsletter sending failed'));
    return reply.redirect(`/admin/newsletters?done=${resumed ? 'resumed' : 'sending'}`, 303);
  });

  app.get('/newsletters/:slug/compose', { schema: { params: SlugParams, querystring: DoneQuery } }, async (req, reply) => {
    await ownList(req, req.params.slug);
    return sendPage(reply, await composePage(req, req.params.slug, { notice: req.query.done === 'saved' ? 'Draft saved.' : undefined }));
  });

  app.post('/newsletters/:slug/compose', { schema: { params: SlugParams, body: ComposeBody } }, async (req, reply) => {
    await ownList(req, req.params.slug);
    const { slug } = req.params;
    // The schema's additionalProperties (keep-/position- fields) are not in its static type.
    const body: Record<string, string | undefined> = req.body;
    // Kept stories by their position field (ties keep the draft's order).
    const keep = Object.keys(body)
      .map((k) => /^keep-(\d+)$/.exec(k)?.[1])
      .filter((id): id is string => id !== undefined)
      .map((id, index) => ({ id: Number(id), position: Number(body[`position-${id}`] ?? 0) || 999, index }))
      .sort((a, b) => a.position - b.position || a.index - b.index)
      .map((k) => k.id);
    const sponsor = body.sponsor === undefined ? undefined : body.sponsor === '' ? null : Number(body.sponsor);
    try {
      await newsletters.updateDraft(slug, { subject: body.subject ?? '', intro: body.intro ?? '', keep, add: body.add, sponsor });
    } catch (err) {
      if (!(err instanceof MastheadError) || err.code !== InvalidNewsletterList.code) throw err;
      return sendPage(reply, await composePage(req, slug, { problem: err.message, values: { subject: body.subject ?? '', intro: body.intro ?? '', add: body.add ?? '' } }), 422);
    }
    return reply.redirect(`/admin/newsletters/${slug}/compose?done=saved`, 303);
  });

  app.get('/newsletters/:slug/schedule', { schema: { params: SlugParams, querystring: DoneQuery } }, async (req, reply) => {
    const list = await ownList(req, req.params.slug);
    const notice = req.query.done === 'scheduled' ? DONE.scheduled : undefined;
    return sendPage(reply, <NewsletterSchedulePage frame={frameOf(web, req)} slug={list.slug} name={list.name} schedule={list.schedule} timeZone={web.deps.settings.current.timeZone} notice={notice} />);
  });

  app.post('/newsletters/:slug/schedule', { schema: { params: SlugParams, body: ScheduleBody } }, async (req, reply) => {
    await ownList(req, req.params.slug);
    const { every, day = '', time = '' } = req.body;
    const when = every === 'none' ? null : every === 'daily' ? `daily ${time}` : `weekly ${day} ${time}`;
    try {
      await newsletters.setSchedule(req.params.slug, when);
    } catch (err) {
      if (!(err instanceof MastheadError) || err.code !== InvalidNewsletterList.code) throw err;
      const list = await newsletters.list(req.params.slug);
      const page = <NewsletterSchedulePage frame={frameOf(web, req)} slug={list.slug} name={list.name} schedule={list.schedule} timeZone={web.deps.settings.current.timeZone} values={{ every, day, time }} problem={err.message} />;
      return sendPage(reply, page, 422);
    }
    return reply.redirect(`/admin/newsletters/${req.params.slug}/schedule?done=scheduled`, 303);
  });

  app.get('/newsletters/:slug/preview', { schema: { params: SlugParams } }, async (req, reply) => {
    await ownList(req, req.params.slug);
    const { slug } = req.params;
    const { subject, text } = await newsletters.preview(slug);
    return sendPage(reply, <NewsletterPreviewPage frame={frameOf(web, req)} slug={slug} subject={subject} text={text} />);
  });

  app.get('/newsletters/:slug/preview.html', { schema: { params: SlugParams } }, async (req, reply) => {
    await ownList(req, req.params.slug);
    const { html } = await newsletters.preview(req.params.slug);
    return reply.header('content-security-policy', EMAIL_PREVIEW_CSP).header('x-frame-options', 'SAMEORIGIN').type('text/html; charset=utf-8').send(html);
  });

  app.post('/newsletters/:slug/test', { schema: { params: SlugParams, body: CsrfBody } }, async (req, reply) => {
    const user = editorOnly(req);
    await ownList(req, req.params.slug);
    const { slug } = req.params;
    const outcome = await newsletters.sendTest(slug, user.email);
    if (!outcome.ok) req.log.warn({ outcome }, 'newsletter test message failed');
    return reply.redirect(`/admin/newsletters?done=${outcome.ok ? 'test-sent' : 'test-failed'}`, 303);
  });
}
