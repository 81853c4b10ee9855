import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A request id a proxy or client may hand us: short, and nothing a log reader or a page could misread. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/**
 * Fastify's `genReqId`: the proxy's `X-Request-Id` when it is a sane token (so one id follows a
 * request through the proxy's logs and ours), else a fresh UUID. Anything else a client sends is
 * ignored: it would land in every log line of the request.
 */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
