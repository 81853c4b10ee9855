import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { NotFound } from '../../lib/errors.ts';
import { makePage, writePage } from '../cache/index.ts';
import type { TypedApp } from '../typed-app.ts';
import { NO_QUERY_PARAMS, type WebContext } from '../web-context.ts';
import { ADS_JS, ADS_JS_PATH } from './assets.ts';

const CreativeParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/** Counting responses are never stored: every view asks again, so every view is counted. */
function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
}

/**
 * A tag creative's own document: it may run inline script and load from the admin's listed
 * origins, and nothing else; it is sandboxed (an opaque origin: no access to the site's pages,
 * cookies or storage) and may be framed by the site's own pages only.
 */
export function tagFrameCsp(origins: readonly string[]): string {
  const from = origins.join(' ');
  return [
    "default-src 'none'",
    `script-src 'unsafe-inline' ${from}`.trim(),
    `style-src 'unsafe-inline' ${from}`.trim(),
    `img-src data: ${from}`.trim(),
    `frame-src ${from || "'none'"}`,
    `connect-src ${from || "'none'"}`,
    `font-src ${from || "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    'sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox',
  ].join('; ');
}

/**
 * Advertising's public URLs: the rotation script, the impression-counting image URL, the click
 * redirect (only ever to the creative's own stored URL), a tag creative's framed document, and
 * ads.txt. See docs/advertising.md.
 */
export function registerAdRoutes(app: TypedApp, web: WebContext): void {
  const { ads } = web.deps;

  const script = makePage(200, 'text/javascript; charset=utf-8', ADS_JS, undefined, 'public, max-age=31536000, immutable', web.responseHeaders);
  app.get(ADS_JS_PATH, async (req, reply) => {
    reply.hijack();
    writePage(req.raw, reply.raw, script);
  });

  // The image of an image creative: counts the impression when the browser loads it, then
  // sends the browser to the image's (cacheable) file.
  app.get('/ads/i/:id', { schema: { params: CreativeParams } }, async (req, reply) => {
    const file = await ads.impression(req.params.id, req.headers['user-agent'], web.siteIdOf(req));
    if (!file) throw NotFound(`Advertisement ${req.url}`);
    return noStore(reply).redirect(file, 302);
  });

  // A click: counted, then to the creative's own URL (never one from the request: no open redirect).
  // Another site's creative is not found on this host: nothing counted, nowhere to go.
  app.get('/ads/c/:id', { schema: { params: CreativeParams } }, async (req, reply) => {
    const target = await ads.click(req.params.id, req.headers['user-agent'], web.siteIdOf(req));
    if (!target) throw NotFound(`Advertisement ${req.url}`);
    return noStore(reply).header('referrer-policy', 'origin').redirect(target, 302);
  });

  app.get('/ads/f/:id', { schema: { params: CreativeParams } }, async (req, reply) => {
    const frame = await ads.tagFrame(req.params.id, req.headers['user-agent'], web.siteIdOf(req));
    if (!frame) throw NotFound(`Advertisement ${req.url}`);
    const doc = `<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Advertisement</title></head><body style="margin:0">${frame.html}</body></html>`;
    return noStore(reply).header('content-security-policy', tagFrameCsp(frame.origins)).header('x-frame-options', 'SAMEORIGIN').type('text/html; charset=utf-8').send(doc);
  });

  // ads.txt (IAB Tech Lab): who may sell this site's inventory, as an admin wrote it for this site
  // (ads.txt is read per host: each site has its own).
  app.get('/ads.txt', async (req, reply) => {
    const text = await ads.adsTxt(web.siteIdOf(req));
    if (!text.trim()) throw NotFound('ads.txt');
    web.send(req, reply, text.endsWith('\n') ? text : `${text}\n`, 'text/plain; charset=utf-8', undefined, 200, NO_QUERY_PARAMS);
  });

  // sellers.json (IAB Tech Lab): this site as a seller of its own inventory, for buyers to check ads.txt against.
  app.get('/sellers.json', async (req, reply) => {
    const text = await ads.sellersJson();
    if (!text) throw NotFound('sellers.json');
    web.send(req, reply, text, 'application/json; charset=utf-8', undefined, 200, NO_QUERY_PARAMS);
  });
}
