import { Type } from '@sinclair/typebox';
import { MEDIA_EXT } from '../../admin/index.ts';
import type { MediaRecord } from '../../media/index.ts';
import { etagMatches } from '../cache/index.ts';
import { formText, uploadedFile } from '../form-parts.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { frameOf, sendPage } from './page.ts';
import { sessionOf } from './security.ts';
import { MediaPage } from './views/media-page.tsx';

const PER_PAGE = 24;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const FileParams = Type.Object({ id: Type.Integer({ minimum: 1 }), file: Type.String({ pattern: '^\\d{1,5}\\.(jpg|png|webp|avif)$' }) });
const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), done: Type.Optional(Type.String({ maxLength: 20 })) });
const FORMAT_OF_EXT = Object.fromEntries(Object.entries(MEDIA_EXT).map(([format, ext]) => [ext, format])) as Record<string, MediaRecord['format']>;
const DONE: Record<string, string> = { uploaded: 'Image uploaded.', deleted: 'Image deleted.' };

/** The media library pages: upload (alt text required), browse, delete when unused. */
export function registerMediaRoutes(app: TypedApp, web: WebContext): void {
  const { media } = web.deps;

  app.get('/media', { schema: { querystring: PageQuery } }, async (req, reply) => {
    const { page, done } = req.query;
    const n = page ?? 1;
    const { total, items } = await media.list(n, PER_PAGE);
    const props = { frame: frameOf(web, req), items, page: n, totalPages: Math.max(1, Math.ceil(total / PER_PAGE)), notice: done ? DONE[done] : undefined };
    return sendPage(reply, <MediaPage {...props} errors={{}} />);
  });

  app.post('/media', async (req, reply) => {
    const alt = formText(req.body, 'alt');
    const upload = await uploadedFile(req.body);
    const result = await media.upload(upload, alt, sessionOf(req).user);
    if ('id' in result) return reply.redirect('/admin/media?done=uploaded', 303);
    const { total, items } = await media.list(1, PER_PAGE);
    const props = { frame: frameOf(web, req), items, page: 1, totalPages: Math.max(1, Math.ceil(total / PER_PAGE)), alt };
    return sendPage(reply, <MediaPage {...props} errors={{ [result.error.field]: result.error.message }} />, 422);
  });

  app.post('/media/:id/delete', { schema: { params: IdParams } }, async (req, reply) => {
    await media.remove(req.params.id, sessionOf(req).user);
    return reply.redirect('/admin/media?done=deleted', 303);
  });
}

/**
 * The image files themselves, public: /media/<id>/<width>.<ext>. A URL's bytes never change (a
 * new upload gets a new id), so they are cached for a year as immutable, with a strong ETag for
 * revalidation; files are streamed from media storage.
 */
export function registerMediaFiles(app: TypedApp, web: WebContext): void {
  app.get('/media/:id/:file', { schema: { params: FileParams } }, async (req, reply) => {
    const { id, file } = req.params;
    const [width, ext] = file.split('.') as [string, string];
    const found = await web.deps.media.file(id, Number(width), FORMAT_OF_EXT[ext]!);
    if (!found) return reply.callNotFound();
    const headers = { 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff', etag: found.etag };
    if (etagMatches(req.headers['if-none-match'], found.etag)) return reply.code(304).headers(headers).send();
    // A row whose file is missing (a restore without the media directory) is a 404, not cached.
    const opened = await found.open();
    if (!opened) return reply.callNotFound();
    return reply.headers(headers).type(found.type).header('content-length', opened.size).send(opened.body);
  });
}
