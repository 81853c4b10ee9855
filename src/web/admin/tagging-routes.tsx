import { Type } from '@sinclair/typebox';
import { Forbidden } from '../../admin/index.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { frameOf, sendPage } from './page.ts';
import { sessionOf } from './security.ts';
import { SuggestionsPage } from './views/suggestions-page.tsx';

const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const ChoiceBody = Type.Object({
  _csrf: Type.String(),
  companyId: Type.Optional(Type.Integer({ minimum: 1 })),
  choice: Type.Optional(Type.Union([Type.Literal('pinned'), Type.Literal('blocked'), Type.Literal('clear')])),
  add: Type.Optional(Type.String({ maxLength: 200 })),
});
const LookupQuery = Type.Object({ q: Type.String({ maxLength: 200 }) });
const LookupReply = Type.Object({ companies: Type.Array(Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String() })) });
const DecisionBody = Type.Object({
  _csrf: Type.String(),
  key: Type.String({ minLength: 1, maxLength: 300 }),
  decision: Type.Union([Type.Literal('accepted'), Type.Literal('dismissed')]),
});

const DONE: Record<string, string> = { accepted: 'Added to the directory; its articles are being re-tagged in the background.', dismissed: 'Dismissed.' };

/** Company tagging review: pin/block/add on an article; suggestions accepted or dismissed. */
export function registerTaggingRoutes(app: TypedApp, web: WebContext): void {
  const { tagging } = web.deps;

  app.post('/articles/:id/companies', { schema: { params: IdParams, body: ChoiceBody } }, async (req, reply) => {
    const { id } = req.params;
    const body = req.body;
    const user = sessionOf(req).user;
    // CASE: a company picked from the search-as-you-type list comes with its id; typed without
    // the script (or not picked), it comes by name or slug.
    if (body.companyId !== undefined && body.choice) {
      await tagging.choose(id, body.companyId, body.choice === 'clear' ? null : body.choice, user);
    } else if (body.add !== undefined) {
      const { error } = await tagging.chooseByName(id, body.add, body.choice === 'blocked' ? 'blocked' : 'pinned', user);
      if (error) return reply.redirect(`/admin/articles/${id}?company=${error}#companies-title`, 303);
    }
    await web.changed();
    return reply.redirect(`/admin/articles/${id}#companies-title`, 303);
  });

  // The company picker's list: JSON for assets/company-picker.js, which only enhances the plain add form above.
  app.get('/companies/lookup', { schema: { querystring: LookupQuery, response: { 200: LookupReply } } }, async (req) => {
    return { companies: await tagging.lookup(req.query.q, sessionOf(req).user) };
  });

  app.get('/companies/suggestions', { schema: { querystring: DoneQuery } }, async (req, reply) => {
    if (sessionOf(req).user.role === 'contributor') throw Forbidden('review company suggestions');
    const { done } = req.query;
    return sendPage(reply, <SuggestionsPage frame={frameOf(web, req)} suggestions={await tagging.suggestions()} notice={done ? DONE[done] : undefined} />);
  });

  app.post('/companies/suggestions', { schema: { body: DecisionBody } }, async (req, reply) => {
    const { key, decision } = req.body;
    await tagging.decide(key, decision, sessionOf(req).user);
    await web.changed();
    return reply.redirect(`/admin/companies/suggestions?done=${decision}`, 303);
  });
}
