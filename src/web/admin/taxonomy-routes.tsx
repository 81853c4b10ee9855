import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TermKind } from '../../admin/index.ts';
import { epochToZoned, type SponsorshipErrors, type SponsorshipForm, type TermErrors, type TermForm } from '../../admin/index.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { adminSiteId } from './admin-site.ts';
import { frameOf, sendPage } from './page.ts';
import { sessionOf } from './security.ts';
import { TermPage, TermsPage } from './views/terms-page.tsx';

const PER_PAGE = 50;
const KINDS: readonly TermKind[] = ['sections', 'tags'];
const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('articles')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const TermBody = Type.Object({
  _csrf: Type.String(),
  name: Type.String({ maxLength: 2000 }),
  slug: Type.String({ maxLength: 2000 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
});
const MergeBody = Type.Object({ _csrf: Type.String(), into: Type.String({ maxLength: 2000 }) });
const CsrfBody = Type.Object({ _csrf: Type.String() });
const SponsorshipBody = Type.Object({ _csrf: Type.String(), company: Type.String({ maxLength: 200 }), starts: Type.String({ maxLength: 20 }), ends: Type.String({ maxLength: 20 }) });
const NO_SPONSORSHIP_FORM: SponsorshipForm = { company: '', starts: '', ends: '' };
const DONE: Record<string, string> = {
  saved: 'Saved.',
  deleted: 'Deleted.',
  merged: 'Merged: its articles now carry the tag below, and its old address redirects here.',
  sponsored: 'Sponsorship saved.',
  unsponsored: 'Sponsorship cleared.',
};

/** Sections and tags (editors and admins): list with counts, edit, delete when unused, merge tags. */
export function registerTaxonomyRoutes(app: TypedApp, web: WebContext): void {
  const { taxonomyAdmin } = web.deps;
  const user = (req: FastifyRequest) => sessionOf(req).user;

  const termPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    kind: TermKind,
    id: number,
    extra: { form?: TermForm; errors?: TermErrors; into?: string; notice?: string | undefined; sponsorForm?: SponsorshipForm; sponsorErrors?: SponsorshipErrors },
  ) => {
    const [term, current] = await Promise.all([taxonomyAdmin.get(kind, id, user(req)), taxonomyAdmin.sponsorship(kind, id, user(req))]);
    const form = extra.form ?? { name: term.name, slug: term.slug, description: term.description ?? '' };
    const errors = extra.errors ?? {};
    const sponsorErrors = extra.sponsorErrors ?? {};
    const status = Object.keys(errors).length || Object.keys(sponsorErrors).length ? 422 : 200;
    const zone = web.deps.settings.current.timeZone;
    const now = web.deps.clock();
    const view = current && {
      company: current.company,
      firstDay: epochToZoned(current.startsAt, zone).slice(0, 10),
      // The stored end is the midnight after the last day.
      lastDay: epochToZoned(current.endsAt - 1, zone).slice(0, 10),
      state: now < current.startsAt ? ('upcoming' as const) : now < current.endsAt ? ('running' as const) : ('ended' as const),
    };
    const sponsorship = { current: view, form: extra.sponsorForm ?? NO_SPONSORSHIP_FORM, errors: sponsorErrors };
    return sendPage(reply, <TermPage frame={frameOf(web, req)} kind={kind} term={term} form={form} errors={errors} into={extra.into} notice={extra.notice} sponsorship={sponsorship} />, status);
  };

  // A change shows on this node at once; other nodes follow the content version it bumped.
  const changed = async (reply: FastifyReply, to: string) => {
    await web.changed();
    return reply.redirect(to, 303);
  };

  for (const kind of KINDS) {
    app.get(`/${kind}`, { schema: { querystring: ListQuery } }, async (req, reply) => {
      const q = req.query;
      const filter = { q: q.q?.trim() ?? '', sort: q.sort ?? 'name' };
      const page = q.page ?? 1;
      const { total, items } = await taxonomyAdmin.list(kind, { q: filter.q || undefined, sort: filter.sort, page, perPage: PER_PAGE, siteId: adminSiteId(web, req) }, user(req));
      const props = { frame: frameOf(web, req), kind, items, total, page, totalPages: Math.max(1, Math.ceil(total / PER_PAGE)), filter, notice: q.done ? DONE[q.done] : undefined };
      return sendPage(reply, <TermsPage {...props} />);
    });

    app.get(`/${kind}/:id`, { schema: { params: IdParams, querystring: DoneQuery } }, async (req, reply) => {
      const { done } = req.query;
      return termPage(req, reply, kind, req.params.id, { notice: done ? DONE[done] : undefined });
    });

    app.post(`/${kind}/:id`, { schema: { params: IdParams, body: TermBody } }, async (req, reply) => {
      const { id } = req.params;
      const body = req.body;
      const form = { name: body.name, slug: body.slug.trim(), description: body.description ?? '' };
      const errors = await taxonomyAdmin.update(kind, id, form, user(req));
      if (Object.keys(errors).length) return termPage(req, reply, kind, id, { form, errors });
      return changed(reply, `/admin/${kind}/${id}?done=saved`);
    });

    app.post(`/${kind}/:id/sponsorship`, { schema: { params: IdParams, body: SponsorshipBody } }, async (req, reply) => {
      const { id } = req.params;
      const body = req.body;
      const sponsorForm = { company: body.company.trim(), starts: body.starts.trim(), ends: body.ends.trim() };
      const sponsorErrors = await taxonomyAdmin.setSponsorship(kind, id, sponsorForm, user(req));
      if (Object.keys(sponsorErrors).length) return termPage(req, reply, kind, id, { sponsorForm, sponsorErrors });
      return changed(reply, `/admin/${kind}/${id}?done=sponsored`);
    });

    app.post(`/${kind}/:id/sponsorship/clear`, { schema: { params: IdParams, body: CsrfBody } }, async (req, reply) => {
      const { id } = req.params;
      await taxonomyAdmin.clearSponsorship(kind, id, user(req));
      return changed(reply, `/admin/${kind}/${id}?done=unsponsored`);
    });

    app.post(`/${kind}/:id/delete`, { schema: { params: IdParams, body: CsrfBody } }, async (req, reply) => {
      await taxonomyAdmin.remove(kind, req.params.id, user(req));
      return changed(reply, `/admin/${kind}?done=deleted`);
    });
  }

  app.post('/tags/:id/merge', { schema: { params: IdParams, body: MergeBody } }, async (req, reply) => {
    const { id } = req.params;
    const { into } = req.body;
    const result = await taxonomyAdmin.mergeTag(id, into, user(req));
    if ('errors' in result) return termPage(req, reply, 'tags', id, { errors: result.errors, into });
    return changed(reply, `/admin/tags/${result.into}?done=merged`);
  });
}
