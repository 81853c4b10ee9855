import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { EDITOR_ACTIONS, type EditorAction, EMPTY_FORM, type FieldErrors, readForm } from '../../admin/index.ts';
import type { ArticleDetail } from '../../catalog/index.ts';
import { articleBody } from '../../content/index.ts';
import { slugify } from '../../domain/index.ts';
import { ArticlePageView } from '../site/views/article-page.tsx';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { adminSites, siteChoice } from './admin-site.ts';
import { frameOf, sendPage } from './page.ts';
import { previewHeaders, sessionOf } from './security.ts';
import { ArticleListPage } from './views/article-list-page.tsx';
import type { TaggedCompany } from './views/companies-panel.tsx';
import { EditorPage, type EditorSites } from './views/editor-page.tsx';
import { RevisionDiffPage } from './views/revision-diff-page.tsx';
import { RevisionsPage } from './views/revisions-page.tsx';

const PER_PAGE = 25;

const ListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('draft'), Type.Literal('scheduled'), Type.Literal('published')])),
  section: Type.Optional(Type.String({ maxLength: 200 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  author: Type.Optional(Type.String({ maxLength: 200 })),
  company: Type.Optional(Type.String({ maxLength: 200 })),
  sort: Type.Optional(Type.Union([Type.Literal('updated'), Type.Literal('published'), Type.Literal('headline')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const RevisionParams = Type.Object({ id: Type.Integer({ minimum: 1 }), rev: Type.Integer({ minimum: 1 }) });
const EditQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })), company: Type.Optional(Type.String({ maxLength: 20 })) });
/** The editor's form: named text fields, each read and checked by `readForm` (which words its own messages). */
const FormBody = Type.Record(Type.String(), Type.String());
const DiffQuery = Type.Object({ against: Type.Optional(Type.Union([Type.Literal('current'), Type.Literal('previous')])) });

const DONE: Record<string, string> = {
  save: 'Saved.',
  publish: 'Published.',
  schedule: 'Scheduled.',
  unpublish: 'Unpublished: the article is a draft again.',
  restore: 'Revision restored.',
};

function actionOf(body: Record<string, unknown>): EditorAction {
  return EDITOR_ACTIONS.includes(body.action as EditorAction) ? (body.action as EditorAction) : 'save';
}

/** The article list, the editor (new and existing), preview, revisions and restore. */
export function registerArticleRoutes(app: TypedApp, web: WebContext): void {
  const { editor } = web.deps;
  // The zone in effect now: an admin may change it in the site settings.
  const timeZone = () => web.deps.settings.current.timeZone;
  const formats = new Map<string, Intl.DateTimeFormat>();
  const formatTime = (ms: number) => {
    const zone = timeZone();
    const fmt = formats.get(zone) ?? new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' });
    formats.set(zone, fmt);
    return fmt.format(new Date(ms));
  };

  app.get('/', { schema: { querystring: ListQuery } }, async (req, reply) => {
    const query = req.query;
    // Author and company are typed by name (or slug); an unknown one matches nothing, and says so.
    const authorName = query.author?.trim() ?? '';
    const companyName = query.company?.trim() ?? '';
    // The current site's own sections (each site has its own); every section with one site.
    const { sections, author, company } = await editor.listFilters(siteScope(req) ?? sessionOf(req).user.sites, { author: authorName, company: companyName });
    const section = sections.find((s) => s.slug === query.section);
    const page = query.page ?? 1;
    const unknown = [authorName && !author ? `No author named “${authorName}”.` : '', companyName && !company ? `No company named “${companyName}” in the directory.` : ''].filter(Boolean);
    const { total, items } = unknown.length
      ? { total: 0, items: [] }
      : await editor.list(
          {
            status: query.status || undefined,
            sectionId: section ? Number(section.id) : undefined,
            q: query.q,
            authorId: author ? Number(author.id) : undefined,
            companyId: company ? Number(company.id) : undefined,
            sort: query.sort,
            siteIds: siteScope(req),
          },
          page,
          PER_PAGE,
          sessionOf(req).user,
        );
    return sendPage(
      reply,
      <ArticleListPage
        frame={frameOf(web, req)}
        items={items}
        total={total}
        page={page}
        totalPages={Math.max(1, Math.ceil(total / PER_PAGE))}
        filter={{ status: query.status ?? '', section: section?.slug ?? '', q: query.q ?? '', author: authorName, company: companyName, sort: query.sort ?? '' }}
        problems={unknown}
        sections={sections.map((s) => ({ slug: s.slug, name: s.name }))}
        formatTime={formatTime}
      />,
    );
  });

  const siteScope = (req: FastifyRequest) => {
    const { siteId } = adminSites(web, req);
    return siteId === undefined ? undefined : [siteId];
  };
  const mediaChoices = async () => (await web.deps.media.list(1, 200)).items.map((m) => ({ id: m.id, alt: m.alt, filename: m.filename }));
  /** With several sites, the "also publish on" choices: the other sites this user works on. */
  const editorSites = (req: FastifyRequest, homeId: number | undefined, alsoOn: readonly number[]): EditorSites | undefined => {
    if (!web.deps.sites.several) return undefined;
    const { current, choices } = adminSites(web, req);
    const home = web.deps.sites.byId(homeId ?? current.id) ?? current;
    return { home: home.name, others: choices.filter((c) => c.id !== home.id).map((c) => ({ id: c.id, name: c.name, checked: alsoOn.includes(c.id) })) };
  };
  const editorPage = async (
    req: FastifyRequest,
    props: { id?: number; status?: 'draft' | 'scheduled' | 'published'; publicSlug?: string; values: typeof EMPTY_FORM; errors?: FieldErrors; notice?: string | undefined; companies?: TaggedCompany[] | undefined; companyError?: string | undefined; sites?: EditorSites | undefined; homeSite?: number },
  ) => <EditorPage frame={frameOf(web, req)} errors={{}} canPublish={sessionOf(req).user.role !== 'contributor'} timeZone={editor.zone(props.homeSite ?? adminSites(web, req).siteId)} media={await mediaChoices()} {...props} />;

  // Editors see the tagger's companies as they type, from the first keystroke of a new article.
  const reviews = (req: FastifyRequest) => sessionOf(req).user.role !== 'contributor';
  app.get('/articles/new', async (req, reply) =>
    sendPage(reply, await editorPage(req, { values: { ...EMPTY_FORM, authors: sessionOf(req).user.name }, companies: reviews(req) ? [] : undefined, sites: editorSites(req, undefined, []) })),
  );

  app.post('/articles/new', { schema: { body: FormBody } }, async (req, reply) => {
    const values = readForm(req.body);
    const action = actionOf(req.body);
    const sites = siteChoice(web, req, req.body);
    const result = await editor.submit(undefined, values, action, sessionOf(req).user, sites);
    if (!result.ok) return sendPage(reply, await editorPage(req, { values, errors: result.errors, companies: reviews(req) ? [] : undefined, sites: editorSites(req, undefined, sites.alsoOn ?? []) }), 422);
    return reply.redirect(`/admin/articles/${result.id}?done=${action}`, 303);
  });

  const COMPANY_ERRORS: Record<string, string> = {
    unknown: 'No company with that name in the directory.',
    several: 'Several companies have that name: choose one from the list, or give its slug.',
  };
  app.get('/articles/:id', { schema: { params: IdParams, querystring: EditQuery } }, async (req, reply) => {
    const { id } = req.params;
    const { done, company } = req.query;
    const user = sessionOf(req).user;
    const a = await editor.load(id, user);
    const companies = reviews(req) ? await web.deps.tagging.companiesOn(id) : undefined;
    const companyError = company ? COMPANY_ERRORS[company] : undefined;
    const sites = editorSites(req, a.siteId, a.alsoOn);
    return sendPage(reply, await editorPage(req, { id, status: a.status, publicSlug: a.slug, values: a.values, notice: done ? DONE[done] : undefined, companies, companyError, sites, homeSite: a.siteId }));
  });

  app.post('/articles/:id', { schema: { params: IdParams, body: FormBody } }, async (req, reply) => {
    const { id } = req.params;
    const user = sessionOf(req).user;
    const values = readForm(req.body);
    const action = actionOf(req.body);
    const sites = siteChoice(web, req, req.body);
    const result = await editor.submit(id, values, action, user, sites);
    if (!result.ok) {
      const a = await editor.load(id, user);
      const companies = reviews(req) ? await web.deps.tagging.companiesOn(id) : undefined;
      return sendPage(reply, await editorPage(req, { id, status: a.status, publicSlug: a.slug, values, errors: result.errors, companies, sites: editorSites(req, a.siteId, sites.alsoOn ?? a.alsoOn), homeSite: a.siteId }), 422);
    }
    return reply.redirect(`/admin/articles/${id}?done=${action}`, 303);
  });

  const previewImage = async (image: { url: string; alt: string } | undefined, caption: string, credit: string) => {
    if (!image) return null;
    // The preview shows the same <picture> as the public page.
    const responsive = (await web.deps.catalog.leadImages([{ id: 0, leadImageUrl: image.url }])).get(0) ?? null;
    return { ...image, caption, credit, responsive };
  };

  // Preview: the public article page, rendered from the posted fields without saving anything.
  app.post('/preview', { schema: { body: FormBody } }, async (req, reply) => {
    const values = readForm(req.body);
    const now = web.deps.clock();
    // Not stored terms: no site of their own (0), so the preview links them on the site it shows.
    const named = (name: string, i: number) => ({ id: i + 1, slug: slugify(name), name, siteId: 0 });
    const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean).map(named);
    const refs = await editor.previewRefs(values.leadImage, values.sponsor);
    const sponsor = refs.sponsor ?? null;
    const body = articleBody(values.body, values.body, 'markdown', sponsor !== null);
    const article: ArticleDetail = {
      id: 0,
      sourceId: null,
      slug: values.slug || slugify(values.headline) || 'preview',
      headline: values.headline || 'Untitled',
      standfirst: values.standfirst,
      bodyHtml: body.html,
      summary: body.summary,
      publishedAt: now,
      updatedAt: now,
      readTimeMinutes: body.readMinutes,
      section: values.section ? named(values.section, 0) : null,
      tags: list(values.tags),
      authors: list(values.authors),
      companies: [],
      leadImage: await previewImage(refs.image, values.caption, values.credit),
      sponsor,
    };
    previewHeaders(reply);
    return sendPage(reply, <ArticlePageView site={await web.siteInfo()} data={{ article, related: [] }} />);
  });

  app.get('/articles/:id/revisions', { schema: { params: IdParams } }, async (req, reply) => {
    const { id } = req.params;
    const user = sessionOf(req).user;
    const revisions = await editor.revisions(id, user);
    const a = await editor.load(id, user);
    return sendPage(reply, <RevisionsPage frame={frameOf(web, req)} id={id} headline={a.values.headline} revisions={revisions} formatTime={formatTime} />);
  });

  app.get('/articles/:id/revisions/:rev/diff', { schema: { params: RevisionParams, querystring: DiffQuery } }, async (req, reply) => {
    const { id, rev } = req.params;
    const { against } = req.query;
    const user = sessionOf(req).user;
    const comparison = await editor.compare(id, rev, against ?? 'current', user);
    const a = await editor.load(id, user);
    return sendPage(reply, <RevisionDiffPage frame={frameOf(web, req)} id={id} headline={a.values.headline} comparison={comparison} formatTime={formatTime} />);
  });

  app.post('/articles/:id/revisions/:rev/restore', { schema: { params: RevisionParams } }, async (req, reply) => {
    const { id, rev } = req.params;
    await editor.restore(id, rev, sessionOf(req).user);
    return reply.redirect(`/admin/articles/${id}?done=restore`, 303);
  });
}

