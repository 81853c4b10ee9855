import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { type AutosaveResult, readForm } from '../../admin/index.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { siteChoice } from './admin-site.ts';
import { sessionOf } from './security.ts';

/** The editor's form as posted by the editor's modules (assets/editor.js, FormData): every field a string, the CSRF token among them. */
const EditorFormBody = Type.Object({ _csrf: Type.String() }, { additionalProperties: Type.String({ maxLength: 250_000 }) });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

const AutosaveReply = Type.Object({
  state: Type.Union([Type.Literal('saved'), Type.Literal('invalid'), Type.Literal('live')]),
  /** The draft's id (a new article has one after its first autosave) and its editor URL. */
  id: Nullable(Type.Integer()),
  url: Nullable(Type.String()),
  /** For the polite live region: "Saved at 10:42", or why nothing was saved. */
  message: Type.String(),
  errors: Type.Record(Type.String(), Type.String()),
});
const CompaniesReply = Type.Object({
  companies: Type.Array(
    Type.Object({
      id: Type.Integer(),
      slug: Type.String(),
      name: Type.String(),
      origin: Type.Union([Type.Literal('auto'), Type.Literal('pinned'), Type.Literal('blocked')]),
      mentions: Type.Integer(),
    }),
  ),
});

/** Admin-only JSON: kept out of the public API's OpenAPI document. */
const schema = <P extends object>(params: P | undefined, response: object) => ({ hide: true, ...(params ? { params } : {}), body: EditorFormBody, response: { 200: response } });

/**
 * The editor's background requests (assets/autosave.js, assets/companies.js): autosave of drafts, and the companies the tagger
 * finds in the text as it is typed. Both answer JSON; both carry the session's CSRF token like
 * any form.
 */
export function registerEditorLiveRoutes(app: TypedApp, web: WebContext): void {
  const { editor, tagging, config } = web.deps;
  const clockTime = new Intl.DateTimeFormat('en-GB', { timeZone: config.site.timeZone, hour: '2-digit', minute: '2-digit' });
  type LiveRequest = FastifyRequest<{ Params: { id?: number }; Body: Record<string, unknown> }>;
  const idOf = (req: LiveRequest) => req.params.id;

  const reply = (r: AutosaveResult) => {
    if (r.state === 'saved') return { state: r.state, id: r.id, url: `/admin/articles/${r.id}`, message: `Saved at ${clockTime.format(new Date(web.deps.clock()))}`, errors: {} };
    if (r.state === 'invalid') return { state: r.state, id: null, url: null, message: `Not saved yet: ${Object.values(r.errors)[0]}`, errors: r.errors };
    // CASE: published or scheduled. An autosave would change what readers see (or will see) unasked.
    const button = r.status === 'published' ? 'Update' : 'Schedule';
    return { state: r.state, id: null, url: null, message: `Autosave is off for ${r.status} articles: changes are kept only when you press ${button}.`, errors: {} };
  };
  const autosave = async (req: LiveRequest) => reply(await editor.autosave(idOf(req), readForm(req.body), sessionOf(req).user, siteChoice(web, req, req.body)));
  app.post('/articles/autosave', { schema: schema(undefined, AutosaveReply) }, autosave);
  app.post('/articles/:id/autosave', { schema: schema(IdParams, AutosaveReply) }, autosave);

  const found = async (req: LiveRequest) => {
    const { headline, standfirst, body } = readForm(req.body);
    return { companies: await tagging.found(idOf(req), { headline, standfirst, body }, sessionOf(req).user) };
  };
  app.post('/articles/found-companies', { schema: schema(undefined, CompaniesReply) }, found);
  app.post('/articles/:id/found-companies', { schema: schema(IdParams, CompaniesReply) }, found);
}
