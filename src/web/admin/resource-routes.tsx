import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden } from '../../admin/index.ts';
import { InvalidLeadAsset, type LeadAssetInput } from '../../leads/index.ts';
import { MastheadError } from '../../lib/errors.ts';
import { PROFILE_FIELDS } from '../../readers/index.ts';
import { uploadedFile } from '../form-parts.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { adminSiteId, adminSites } from './admin-site.ts';
import { adminOnly } from './guards.ts';
import { frameOf, sendPage } from './page.ts';
import { sessionOf } from './security.ts';
import { EMPTY_RESOURCE, ResourceAdminPage, type ResourceFormValues, ResourcesAdminPage, resourceFormValues } from './views/resources-page.tsx';

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const ResourceBody = Type.Object({
  _csrf: Type.String(),
  kind: Type.String({ maxLength: 20 }),
  title: Type.String({ maxLength: 1000 }),
  slug: text(200),
  description: Type.String({ maxLength: 40_000 }),
  coverMediaId: text(12),
  videoUrl: text(4000),
  sponsor: Type.String({ maxLength: 200 }),
  consent: text(2000),
  published: text(5),
  ...Object.fromEntries(PROFILE_FIELDS.map(([f]) => [`field-${f}`, text(5)])),
});
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const DoneQuery = Type.Object({ done: text(20) });
const DONE: Record<string, string> = { added: 'Resource added.', saved: 'Saved.', file: 'PDF uploaded.' };
const IMAGE_CHOICES = 100;

function formOf(body: Record<string, string | undefined>): ResourceFormValues {
  return {
    kind: body.kind ?? '',
    title: body.title ?? '',
    slug: body.slug ?? '',
    description: body.description ?? '',
    coverMediaId: body.coverMediaId ?? '',
    videoUrl: body.videoUrl ?? '',
    sponsor: body.sponsor ?? '',
    requiredFields: PROFILE_FIELDS.map(([f]) => f).filter((f) => body[`field-${f}`] === 'yes'),
    consent: body.consent ?? '',
    published: body.published === 'yes',
  };
}

function inputOf(f: ResourceFormValues): LeadAssetInput {
  const cover = f.coverMediaId.trim();
  if (cover && !/^\d{1,12}$/.test(cover)) throw InvalidLeadAsset('pick the cover from the media library');
  return { ...f, coverMediaId: cover ? Number(cover) : null };
}

/** The service's refusal of what was typed, shown on the form (422); anything else is the error page's. */
function problemOf(err: unknown): string {
  if (err instanceof MastheadError && err.code === InvalidLeadAsset.code) return err.message;
  throw err;
}

/** A preHandler for admins and editors (contributors write articles, not sponsor deals). */
async function editorsOnly(req: FastifyRequest): Promise<void> {
  if (sessionOf(req).user.role === 'contributor') throw Forbidden('manage resources');
}

/**
 * Gated resources (white papers, reports, webinars): admins and editors create and edit them and
 * see their leads; only admins download the leads as CSV (the sponsor's export).
 */
export function registerResourceAdminRoutes(app: TypedApp, web: WebContext): void {
  const { leads } = web.deps;
  const by = (req: FastifyRequest) => sessionOf(req).user.email;
  // With several sites the admin shows and makes the current site's resources; another site's is
  // not found here (MH_LEAD_ASSET_NOT_FOUND). `siteId` is undefined with one site (nothing filtered).
  const siteOf = (req: FastifyRequest) => adminSiteId(web, req);
  const images = async () => (await web.deps.media.list(1, IMAGE_CHOICES)).items.map((m) => ({ id: m.id, filename: m.filename, alt: m.alt }));

  const listPage = async (req: FastifyRequest, reply: FastifyReply, form: ResourceFormValues, problem?: string, notice?: string) =>
    sendPage(reply, <ResourcesAdminPage frame={frameOf(web, req)} assets={await leads.all(siteOf(req))} form={form} images={await images()} problem={problem} notice={notice} />, problem ? 422 : 200);
  const assetPage = async (req: FastifyRequest, reply: FastifyReply, id: number, form?: ResourceFormValues, problem?: string, notice?: string) => {
    const asset = await leads.asset(id, siteOf(req));
    const props = { frame: frameOf(web, req), asset, form: form ?? resourceFormValues(asset), images: await images(), leads: await leads.leadsOf(id), problem, notice };
    return sendPage(reply, <ResourceAdminPage {...props} />, problem ? 422 : 200);
  };

  app.get('/resources', { schema: { querystring: DoneQuery }, preHandler: editorsOnly }, async (req, reply) => {
    const { done } = req.query;
    return listPage(req, reply, EMPTY_RESOURCE, undefined, done ? DONE[done] : undefined);
  });

  app.post('/resources', { schema: { body: ResourceBody }, preHandler: editorsOnly }, async (req, reply) => {
    const form = formOf(req.body);
    try {
      const id = await leads.add({ ...inputOf(form), siteId: adminSites(web, req).current.id }, by(req));
      // /resources and the asset's page are cached like any public page.
      await web.changed();
      return reply.redirect(`/admin/resources/${id}?done=added`, 303);
    } catch (err) {
      return listPage(req, reply, form, problemOf(err));
    }
  });

  app.get('/resources/:id', { schema: { params: IdParams, querystring: DoneQuery }, preHandler: editorsOnly }, async (req, reply) => {
    const { done } = req.query;
    return assetPage(req, reply, req.params.id, undefined, undefined, done ? DONE[done] : undefined);
  });

  app.post('/resources/:id', { schema: { params: IdParams, body: ResourceBody }, preHandler: editorsOnly }, async (req, reply) => {
    const { id } = req.params;
    const form = formOf(req.body);
    await leads.asset(id, siteOf(req));
    try {
      await leads.update(id, inputOf(form), by(req));
      await web.changed();
      return reply.redirect(`/admin/resources/${id}?done=saved`, 303);
    } catch (err) {
      return assetPage(req, reply, id, form, problemOf(err));
    }
  });

  app.post('/resources/:id/file', { schema: { params: IdParams }, preHandler: editorsOnly }, async (req, reply) => {
    const { id } = req.params;
    await leads.asset(id, siteOf(req));
    try {
      await leads.uploadFile(id, await uploadedFile(req.body), by(req));
      return reply.redirect(`/admin/resources/${id}?done=file`, 303);
    } catch (err) {
      return assetPage(req, reply, id, undefined, problemOf(err));
    }
  });

  app.get('/resources/:id/leads.csv', { schema: { params: IdParams }, preHandler: adminOnly('download leads') }, async (req, reply) => {
    const asset = await leads.asset(req.params.id, siteOf(req));
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="leads-${asset.slug}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(await leads.csv(asset.slug, by(req)));
  });
}
