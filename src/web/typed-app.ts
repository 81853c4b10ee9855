import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';

/**
 * A Fastify instance whose route handlers take their `params`, `query` and `body` types from the
 * route's TypeBox schemas, so a handler never casts what the schema already checked. Any
 * `FastifyInstance` can be passed where this is asked for: the provider is a compile-time view
 * (`withTypeProvider` returns the same instance).
 */
export type TypedApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;
