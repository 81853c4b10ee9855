import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthorErrors, AuthorForm } from '../../admin/index.ts';
import { formText, uploadedFile } from '../form-parts.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { frameOf, sendPage } from './page.ts';
import { sessionOf } from './security.ts';
import { AuthorPage, AuthorsPage } from './views/authors-page.tsx';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const ProfileBody = Type.Object({ _csrf: Type.String(), bio: Type.String({ maxLength: 5000 }), photoMedia: Type.String({ maxLength: 20 }) });
/** How many of the latest library images the photo field offers. */
const IMAGE_CHOICES = 50;
const DONE: Record<string, string> = { saved: 'Profile saved.', photo: 'Photo uploaded; it is now their photo.' };

/** Authors' profiles (editors and admins): the bio and photo their page and bylines show. */
export function registerAuthorRoutes(app: TypedApp, web: WebContext): void {
  const { authorAdmin } = web.deps;
  const user = (req: FastifyRequest) => sessionOf(req).user;

  const page = async (req: FastifyRequest, reply: FastifyReply, id: number, extra: { form?: AuthorForm; errors?: AuthorErrors; alt?: string; notice?: string | undefined }) => {
    const [author, images] = await Promise.all([authorAdmin.get(id, user(req)), web.deps.media.list(1, IMAGE_CHOICES)]);
    const form = extra.form ?? { bio: author.bio, photoMedia: author.photoMediaId === null ? '' : String(author.photoMediaId) };
    const errors = extra.errors ?? {};
    const view = <AuthorPage frame={frameOf(web, req)} author={author} form={form} errors={errors} images={images.items} alt={extra.alt ?? ''} notice={extra.notice} />;
    return sendPage(reply, view, Object.keys(errors).length ? 422 : 200);
  };

  app.get('/authors', async (req, reply) => sendPage(reply, <AuthorsPage frame={frameOf(web, req)} items={await authorAdmin.list(user(req))} />));

  app.get('/authors/:id', { schema: { params: IdParams, querystring: DoneQuery } }, async (req, reply) => {
    const { id } = req.params;
    const { done } = req.query;
    return page(req, reply, id, { notice: done ? DONE[done] : undefined });
  });

  app.post('/authors/:id', { schema: { params: IdParams, body: ProfileBody } }, async (req, reply) => {
    const { id } = req.params;
    const form = req.body;
    const errors = await authorAdmin.save(id, form, user(req));
    if (Object.keys(errors).length) return page(req, reply, id, { form, errors });
    // This node at once; the others when they see the content version move.
    await web.changed();
    return reply.redirect(`/admin/authors/${id}?done=saved`, 303);
  });

  // Multipart (the CSRF guard reads its _csrf field); the media library checks the file itself.
  app.post('/authors/:id/photo', { schema: { params: IdParams } }, async (req, reply) => {
    const { id } = req.params;
    const alt = formText(req.body, 'alt');
    const upload = await uploadedFile(req.body);
    const errors = await authorAdmin.uploadPhoto(id, upload, alt, user(req));
    if (Object.keys(errors).length) return page(req, reply, id, { errors, alt });
    await web.changed();
    return reply.redirect(`/admin/authors/${id}?done=photo`, 303);
  });
}
