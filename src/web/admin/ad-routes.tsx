import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AD_SLOTS, AdNotFound, type CampaignInput, InvalidAd } from '../../ads/index.ts';
import { MastheadError } from '../../lib/errors.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { adminSites } from './admin-site.ts';
import { adminOnly } from './guards.ts';
import { frameOf, sendPage } from './page.ts';
import { sessionOf } from './security.ts';
import { AdsPage, AdsReportPage, type CampaignFormValues, CampaignPage, campaignFormValues, EMPTY_CAMPAIGN } from './views/ads-page.tsx';

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const CampaignBody = Type.Object({
  _csrf: Type.String(),
  name: Type.String({ maxLength: 200 }),
  advertiser: text(200),
  starts: text(20),
  ends: text(20),
  weight: text(10),
  impressionCap: text(15),
  clickCap: text(15),
  sections: text(2000),
  tags: text(2000),
  companies: text(2000),
  avoidCompanies: text(2000),
  allSites: text(5),
});
const CreativeBody = Type.Object({
  _csrf: Type.String(),
  kind: Type.Union([Type.Literal('image'), Type.Literal('tag')]),
  slot: Type.String({ maxLength: 40 }),
  mediaId: text(12),
  alt: text(300),
  url: text(2000),
  html: text(20_000),
});
const SettingsBody = Type.Object({ _csrf: Type.String(), adsTxt: text(100_000), tagOrigins: text(10_000), sellersJson: text(500_000) });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const DoneQuery = Type.Object({ done: text(20) });
const CsvQuery = Type.Object({ campaign: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })) });
const DONE: Record<string, string> = { added: 'Campaign added.', saved: 'Saved.', ended: 'Campaign ended.', creative: 'Creative added.', settings: 'Advertising settings saved.' };
const IMAGE_CHOICES = 100;

const list = (s: string | undefined) => (s ?? '').split(',').map((v) => v.trim()).filter(Boolean);
const whole = (s: string | undefined) => (s?.trim() ? Number(s) : null);
function date(s: string | undefined, what: string): number | null {
  if (!s?.trim()) return null;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(t)) throw InvalidAd(`${what} is a date, YYYY-MM-DD`);
  return t;
}

/** `siteId`: where the campaign runs (null: every site), as the form and the admin's current site say. */
function campaignInput(f: CampaignFormValues, siteId: number | null): CampaignInput {
  return {
    siteId,
    name: f.name,
    advertiser: f.advertiser,
    startsAt: date(f.starts, 'the start'),
    endsAt: date(f.ends, 'the end'),
    weight: whole(f.weight) ?? 1,
    impressionCap: whole(f.impressionCap),
    clickCap: whole(f.clickCap),
    sections: list(f.sections),
    tags: list(f.tags),
    companies: list(f.companies),
    avoidCompanies: list(f.avoidCompanies),
  };
}

const formOf = (body: Record<string, string | undefined>): CampaignFormValues => Object.fromEntries(Object.keys(EMPTY_CAMPAIGN).map((k) => [k, body[k] ?? ''])) as unknown as CampaignFormValues;

/** The service's refusal of what was typed, shown on the form (422); anything else is the error page's. */
function problemOf(err: unknown): string {
  if (err instanceof MastheadError && err.code === InvalidAd.code) return err.message;
  throw err;
}

/** Advertising (admins only): campaigns, creatives, the report and its CSV, ads.txt and tag origins. */
export function registerAdAdminRoutes(app: TypedApp, web: WebContext): void {
  const { ads } = web.deps;
  const guard = adminOnly('manage advertising');
  const by = (req: FastifyRequest) => sessionOf(req).user.email;
  // With several sites the pages are the current site's: its campaigns and every-site ones, its
  // report and its ads.txt. `siteId` is undefined with one site (nothing filtered).
  const here = (req: FastifyRequest) => {
    const { current, siteId } = adminSites(web, req);
    return { siteId, current: current.id, siteName: siteId === undefined ? undefined : current.name };
  };
  // The form's choice: every site, or the current one. With one site the form has no choice: a
  // new campaign is that site's and an edited one stays where it was.
  const siteOfForm = async (req: FastifyRequest, form: CampaignFormValues, id?: number): Promise<number | null> => {
    const h = here(req);
    if (h.siteId === undefined) return id === undefined ? h.current : (await ads.campaign(id)).siteId;
    return form.allSites === '1' ? null : h.current;
  };
  // Another site's campaign is not found from this site's admin (MH_AD_NOT_FOUND, the 404 page).
  const ownCampaign = async (req: FastifyRequest, id: number) => {
    const c = await ads.campaign(id);
    const { siteId } = here(req);
    if (siteId !== undefined && c.siteId !== null && c.siteId !== siteId) throw AdNotFound(`Campaign ${id}`);
    return c;
  };

  const listPage = async (req: FastifyRequest, reply: FastifyReply, form: CampaignFormValues, problem?: string, notice?: string) => {
    const { siteId, siteName } = here(req);
    const [campaigns, adsTxt, tagOrigins, sellersJson] = await Promise.all([ads.list(siteId), ads.adsTxt(siteId), ads.tagOrigins(), ads.sellersJson()]);
    const page = <AdsPage frame={frameOf(web, req)} campaigns={campaigns} form={form} adsTxt={adsTxt} tagOrigins={tagOrigins} sellersJson={sellersJson} siteName={siteName} problem={problem} notice={notice} />;
    return sendPage(reply, page, problem ? 422 : 200);
  };
  const campaignPage = async (req: FastifyRequest, reply: FastifyReply, id: number, form?: CampaignFormValues, problem?: string, notice?: string) => {
    // An unknown campaign is the admin's 404 page (MH_AD_NOT_FOUND).
    await ownCampaign(req, id);
    const { siteId, siteName } = here(req);
    const campaign = (await ads.list(siteId)).find((c) => c.id === id);
    if (!campaign) return reply.callNotFound();
    const images = (await web.deps.media.list(1, IMAGE_CHOICES)).items.map((m) => ({ id: m.id, filename: m.filename, alt: m.alt }));
    const props = { frame: frameOf(web, req), campaign, form: form ?? campaignFormValues(await ads.campaignInput(id)), images, slots: AD_SLOTS, siteName, problem, notice };
    return sendPage(reply, <CampaignPage {...props} />, problem ? 422 : 200);
  };

  app.get('/ads', { schema: { querystring: DoneQuery }, preHandler: guard }, async (req, reply) => {
    const { done } = req.query;
    return listPage(req, reply, EMPTY_CAMPAIGN, undefined, done ? DONE[done] : undefined);
  });

  app.post('/ads/campaigns', { schema: { body: CampaignBody }, preHandler: guard }, async (req, reply) => {
    const form = formOf(req.body);
    try {
      const id = await ads.addCampaign(campaignInput(form, await siteOfForm(req, form)), by(req));
      return reply.redirect(`/admin/ads/campaigns/${id}?done=added`, 303);
    } catch (err) {
      return listPage(req, reply, form, problemOf(err));
    }
  });

  app.get('/ads/campaigns/:id', { schema: { params: IdParams, querystring: DoneQuery }, preHandler: guard }, async (req, reply) => {
    const { done } = req.query;
    return campaignPage(req, reply, req.params.id, undefined, undefined, done ? DONE[done] : undefined);
  });

  app.post('/ads/campaigns/:id', { schema: { params: IdParams, body: CampaignBody }, preHandler: guard }, async (req, reply) => {
    const { id } = req.params;
    const form = formOf(req.body);
    await ownCampaign(req, id);
    try {
      await ads.updateCampaign(id, campaignInput(form, await siteOfForm(req, form, id)), by(req));
      return reply.redirect(`/admin/ads/campaigns/${id}?done=saved`, 303);
    } catch (err) {
      return campaignPage(req, reply, id, form, problemOf(err));
    }
  });

  app.post('/ads/campaigns/:id/end', { schema: { params: IdParams, body: Type.Object({ _csrf: Type.String() }) }, preHandler: guard }, async (req, reply) => {
    const { id } = req.params;
    await ownCampaign(req, id);
    await ads.endCampaign(id, by(req));
    return reply.redirect(`/admin/ads/campaigns/${id}?done=ended`, 303);
  });

  app.post('/ads/campaigns/:id/creatives', { schema: { params: IdParams, body: CreativeBody }, preHandler: guard }, async (req, reply) => {
    const { id } = req.params;
    const b = req.body;
    await ownCampaign(req, id);
    try {
      const input = b.kind === 'image' ? { kind: 'image' as const, slot: b.slot, mediaId: Number(b.mediaId ?? 0), alt: b.alt ?? '', url: b.url ?? '' } : { kind: 'tag' as const, slot: b.slot, html: b.html ?? '' };
      await ads.addCreative(id, input, by(req));
      return reply.redirect(`/admin/ads/campaigns/${id}?done=creative`, 303);
    } catch (err) {
      return campaignPage(req, reply, id, undefined, problemOf(err));
    }
  });

  app.post('/ads/settings', { schema: { body: SettingsBody }, preHandler: guard }, async (req, reply) => {
    const b = req.body;
    try {
      await ads.setTagOrigins(b.tagOrigins ?? '', by(req));
      await ads.setAdsTxt(b.adsTxt ?? '', by(req), here(req).siteId);
      // Absent from an older form: left as it is.
      if (b.sellersJson !== undefined) await ads.setSellersJson(b.sellersJson, by(req));
      return reply.redirect('/admin/ads?done=settings', 303);
    } catch (err) {
      return listPage(req, reply, EMPTY_CAMPAIGN, problemOf(err));
    }
  });

  app.get('/ads/report', { preHandler: guard }, async (req, reply) => {
    const { siteId } = here(req);
    const [rows, campaigns] = await Promise.all([ads.report(siteId), ads.list(siteId)]);
    const creatives = new Map(campaigns.flatMap((c) => c.creatives.map((k) => [k.id, { campaign: c.name, slot: k.slot }] as const)));
    const shown = rows.map((r) => ({ ...r, campaign: creatives.get(r.creativeId)?.campaign ?? '', slot: creatives.get(r.creativeId)?.slot ?? '' }));
    return sendPage(reply, <AdsReportPage frame={frameOf(web, req)} rows={shown} />);
  });

  app.get('/ads/report.csv', { schema: { querystring: CsvQuery }, preHandler: guard }, async (req, reply) => {
    const { campaign } = req.query;
    if (campaign !== undefined) await ownCampaign(req, campaign);
    const csv = await ads.reportCsv(campaign, here(req).siteId);
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="ads-report${campaign ? `-campaign-${campaign}` : ''}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(csv);
  });
}
