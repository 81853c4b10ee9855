import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readSettingsForm, SETTINGS_FIELDS, type SettingsErrors, type SettingsForm, settingsForm, timeZones } from '../../admin/index.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { adminSiteId, adminSites } from './admin-site.ts';
import { adminOnly } from './guards.ts';
import { frameOf, sendPage } from './page.ts';
import { sessionOf } from './security.ts';
import { SettingsPage } from './views/settings-page.tsx';

/** Every field a string of bounded length; what each must hold is checked by the settings rules. */
const SettingsBody = Type.Object({ _csrf: Type.String(), ...Object.fromEntries(SETTINGS_FIELDS.map((f) => [f, Type.Optional(Type.String({ maxLength: 2000 }))])) });
/** How many of the latest stories the home-page pin fields offer. */
const RECENT_CHOICES = 50;
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

/** Site settings (admins only). */
export function registerSettingsRoutes(app: TypedApp, web: WebContext): void {
  const { settings } = web.deps;
  const page = async (req: FastifyRequest, reply: FastifyReply, form: SettingsForm, errors: SettingsErrors, notice?: string) => {
    const { current, siteId } = adminSites(web, req);
    const { recent, images, sections, pages } = await settings.choices(siteId, RECENT_CHOICES);
    return sendPage(
      reply,
      <SettingsPage
        frame={frameOf(web, req)}
        form={form}
        errors={errors}
        defaults={settings.defaults}
        timeZones={timeZones()}
        notice={notice}
        siteName={siteId === undefined ? undefined : current.name}
        rebuilding={settings.rebuilding}
        recent={recent}
        images={images}
        sections={sections}
        pages={pages}
      />,
      Object.keys(errors).length ? 422 : 200,
    );
  };

  app.get('/settings', { schema: { querystring: DoneQuery }, preHandler: adminOnly('change the site settings') }, async (req, reply) => {
    const { done } = req.query;
    return page(req, reply, settingsForm(settings.forSite(adminSiteId(web, req))), {}, done === 'saved' ? 'Settings saved.' : undefined);
  });

  app.post('/settings', { schema: { body: SettingsBody }, preHandler: adminOnly('change the site settings') }, async (req, reply) => {
    const form = readSettingsForm(req.body);
    const siteId = adminSiteId(web, req);
    const result = siteId === undefined ? await settings.save(form, sessionOf(req).user) : await settings.saveSite(siteId, form, sessionOf(req).user);
    if (!result.ok) return page(req, reply, form, result.errors);
    // Another site's name, description and zone are its `sites` row.
    if (siteId !== undefined) await web.deps.sites.refresh();
    // This node at once; the others when they see the content version move.
    await web.changed();
    return reply.redirect('/admin/settings?done=saved', 303);
  });
}
