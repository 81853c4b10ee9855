import type { FastifyRequest } from 'fastify';
import { Forbidden } from '../../admin/index.ts';
import { sessionOf } from './security.ts';

/** A preHandler that refuses (403) anyone but an admin: users and site settings. */
export function adminOnly(what: string) {
  return async (req: FastifyRequest): Promise<void> => {
    if (sessionOf(req).user.role !== 'admin') throw Forbidden(what);
  };
}
