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
    if (body.add !== undefined) {
      if (!(await tagging.pinByName(id, body.add, user))) return reply.redirect(`/admin/articles/${id}?company=unknown#companies-title`, 303);
    } else if (body.companyId !== undefined && body.choice) {
      await tagging.choose(id, body.companyId, body.choice === 'clear' ? null : body.choice, user);
    }
    web.invalidate();
    return reply.redirect(`/admin/articles/${id}#companies-title`, 303);
  });

  app.get('/companies/suggestions', { schema: { querystring: DoneQuery } }, async (req, reply) => {
    if (sessionOf(req).user.role === 'contributor') throw Forbidden('review company suggestions');
    const { done } = req.query;
    return sendPage(reply, <SuggestionsPage frame={frameOf(web, req)} suggestions={await tagging.suggestions()} notice={done ? DONE[done] : undefined} />);
  });

  app.post('/companies/suggestions', { schema: { body: DecisionBody } }, async (req, reply) => {
    const { key, decision } = req.body;
    await tagging.decide(key, decision, sessionOf(req).user);
    web.invalidate();
    return reply.redirect(`/admin/companies/suggestions?done=${decision}`, 303);
  });
}
