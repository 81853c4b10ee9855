import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CompanyFieldErrors, type CompanyFormValues, EMPTY_COMPANY_FORM, parseAliases, readCompanyForm, requireEditor } from '../../admin/index.ts';
import { formText, uploadedFile } from '../form-parts.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { frameOf, sendPage } from './page.ts';
import { sessionOf } from './security.ts';
import { CompanyEditPage } from './views/company-edit-page.tsx';
import { CompanyListPage } from './views/company-list-page.tsx';
import { CompanyMergePage } from './views/company-merge-page.tsx';

const PER_PAGE = 50;
const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
// Generous limits: a field over the form's own limit gets a message next to it, not a bare 400.
const Text = Type.Optional(Type.String({ maxLength: 100_000 }));
const CompanyBody = Type.Object({
  _csrf: Type.String(),
  name: Text,
  slug: Text,
  aliases: Text,
  parent: Text,
  website: Text,
  country: Text,
  sector: Text,
  description: Text,
});
const MergeBody = Type.Object({ _csrf: Type.String(), into: Type.String({ maxLength: 1000 }), confirm: Type.Optional(Type.Literal('yes')) });
const CsrfBody = Type.Object({ _csrf: Type.String() });

const DONE: Record<string, string> = {
  created: 'Company added. Articles are being re-tagged in the background.',
  saved: 'Saved.',
  merged: 'Merged. Articles are being re-tagged in the background.',
  logo: 'Logo uploaded.',
  'logo-removed': 'Logo removed. The image stays in the media library.',
};


/** Directory management (editors and admins): list and search, create, edit, merge, logo. */
export function registerCompanyRoutes(app: TypedApp, web: WebContext): void {
  const { companies } = web.deps;
  const user = (req: FastifyRequest) => sessionOf(req).user;
  const notice = (done: string | undefined) => (done ? DONE[done] : undefined);

  const editPage = async (req: FastifyRequest, reply: FastifyReply, id: number, values?: CompanyFormValues, errors: CompanyFieldErrors = {}, alt = '', done?: string) => {
    const company = await companies.load(id, user(req));
    const status = Object.keys(errors).length ? 422 : 200;
    const props = { frame: frameOf(web, req), company, values: values ?? company.values, errors, alt, notice: status === 200 ? notice(done) : undefined };
    return sendPage(reply, <CompanyEditPage {...props} />, status);
  };

  app.get('/companies', { schema: { querystring: ListQuery } }, async (req, reply) => {
    const { q, page: n } = req.query;
    const page = n ?? 1;
    const { total, items } = await companies.list(q, page, PER_PAGE, user(req));
    const followers = await web.deps.follows.companyFollowers(items.map((c) => c.id));
    const list = items.map((c) => ({ id: c.id, name: c.name, slug: c.slug, aliases: parseAliases(c.aliases), articles: c.articles, followers: followers.get(c.id) ?? 0 }));
    const props = { frame: frameOf(web, req), items: list, total, page, totalPages: Math.max(1, Math.ceil(total / PER_PAGE)), q: q ?? '' };
    return sendPage(reply, <CompanyListPage {...props} retag={await companies.retagState()} notice={notice(req.query.done)} />);
  });

  app.get('/companies/new', async (req, reply) => {
    requireEditor(user(req), 'add companies');
    return sendPage(reply, <CompanyEditPage frame={frameOf(web, req)} values={EMPTY_COMPANY_FORM} errors={{}} />);
  });

  app.post('/companies/new', { schema: { body: CompanyBody } }, async (req, reply) => {
    const values = readCompanyForm(req.body);
    const result = await companies.create(values, user(req));
    if (!result.ok) return sendPage(reply, <CompanyEditPage frame={frameOf(web, req)} values={values} errors={result.errors} />, 422);
    await web.changed();
    return reply.redirect(`/admin/companies/${result.id}?done=created`, 303);
  });

  app.get('/companies/:id', { schema: { params: IdParams, querystring: DoneQuery } }, async (req, reply) => editPage(req, reply, req.params.id, undefined, {}, '', req.query.done));

  app.post('/companies/:id', { schema: { params: IdParams, body: CompanyBody } }, async (req, reply) => {
    const { id } = req.params;
    const values = readCompanyForm(req.body);
    const result = await companies.update(id, values, user(req));
    if (!result.ok) return editPage(req, reply, id, values, result.errors);
    await web.changed();
    return reply.redirect(`/admin/companies/${id}?done=saved`, 303);
  });

  app.get('/companies/:id/merge', { schema: { params: IdParams } }, async (req, reply) => {
    const drop = await companies.load(req.params.id, user(req));
    return sendPage(reply, <CompanyMergePage frame={frameOf(web, req)} drop={{ id: drop.id, sourceId: drop.sourceId, slug: drop.slug, name: drop.values.name }} into="" />);
  });

  app.post('/companies/:id/merge', { schema: { params: IdParams, body: MergeBody } }, async (req, reply) => {
    const { id } = req.params;
    const { into, confirm } = req.body;
    const checked = await companies.mergePreview(id, into, user(req));
    if (checked.ok && confirm === 'yes') {
      const kept = await companies.merge(id, checked.preview.keep.id, user(req));
      await web.changed();
      return reply.redirect(`/admin/companies/${kept.id}?done=merged`, 303);
    }
    const drop = await companies.load(id, user(req));
    const props = { frame: frameOf(web, req), drop: { id, sourceId: drop.sourceId, slug: drop.slug, name: drop.values.name }, into };
    if (!checked.ok) return sendPage(reply, <CompanyMergePage {...props} error={checked.errors.into} />, 422);
    return sendPage(reply, <CompanyMergePage {...props} preview={checked.preview} />);
  });

  // Multipart (the CSRF guard reads its _csrf field); the media library checks the file itself.
  app.post('/companies/:id/logo', { schema: { params: IdParams } }, async (req, reply) => {
    const { id } = req.params;
    const alt = formText(req.body, 'alt');
    const upload = await uploadedFile(req.body);
    const result = await companies.uploadLogo(id, upload, alt, user(req));
    if (!result.ok) return editPage(req, reply, id, undefined, result.errors, alt);
    await web.changed();
    return reply.redirect(`/admin/companies/${id}?done=logo#logo-title`, 303);
  });

  app.post('/companies/:id/logo/remove', { schema: { params: IdParams, body: CsrfBody } }, async (req, reply) => {
    const { id } = req.params;
    await companies.removeLogo(id, user(req));
    await web.changed();
    return reply.redirect(`/admin/companies/${id}?done=logo-removed#logo-title`, 303);
  });
}
