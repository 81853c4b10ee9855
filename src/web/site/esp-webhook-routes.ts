import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';

const ProviderParams = Type.Object({ provider: Type.Union([Type.Literal('mailgun'), Type.Literal('generic')]) });
const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * ESP webhooks for bounces and complaints: `POST /newsletters/webhooks/mailgun` and
 * `/newsletters/webhooks/generic`. No session and no CSRF token: the provider's signature over
 * the raw body is the authority (verified in `EspWebhooks`; unsigned 401, badly signed or stale
 * 403, unconfigured 404, over the rate 429). The body is kept as text so the signature is checked
 * over exactly the bytes sent.
 */
export function registerEspWebhookRoutes(app: TypedApp, web: WebContext): void {
  app.register(async (hooks: TypedApp) => {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => done(null, body));
    hooks.post('/newsletters/webhooks/:provider', { schema: { params: ProviderParams } }, async (req, reply) => {
      const { provider } = req.params;
      const raw = typeof req.body === 'string' ? req.body : '';
      const headers = { timestamp: header(req.headers['x-masthead-timestamp']), signature: header(req.headers['x-masthead-signature']) };
      const applied = await web.deps.newsletters.webhooks.receive(provider, raw, headers, req.ip);
      return reply.header('cache-control', 'no-store').type('application/json').send({ applied });
    });
  });
}
