/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for responses), shared by
 * every Fastify instance in the process and remembering each schema they compiled, keyed by its
 * JSON. A server builds one instance, so there this changes nothing; the tests build hundreds, and
 * compiling the same route schemas again was about half of starting each (measured with a CPU
 * profile of `makeTestApp`). A compiled function depends only on its schema and the compiler's
 * options and shared schemas, which are all in the keys.
 */
import { createRequire } from 'node:module';

type Compile = (route: { schema: unknown }) => unknown;
type Factory = (externalSchemas: unknown, options: unknown) => Compile;

// Loaded from where Fastify finds them: they are Fastify's dependencies, at the versions it expects.
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));

function remembering(factory: Factory): Factory {
  const compilers = new Map<string, Compile>();
  return (externalSchemas, options) => {
    const key = JSON.stringify([externalSchemas, options]);
    let compiler = compilers.get(key);
    if (!compiler) {
      const compile = factory(externalSchemas, options);
      const compiled = new Map<string, unknown>();
      compiler = (route) => {
        const schemaKey = JSON.stringify(route.schema);
        if (!compiled.has(schemaKey)) compiled.set(schemaKey, compile(route));
        return compiled.get(schemaKey);
      };
      compilers.set(key, compiler);
    }
    return compiler;
  };
}

/** Fastify's `schemaController.compilersFactory` option. */
export const sharedCompilers = {
  buildValidator: remembering((fromFastify('@fastify/ajv-compiler') as () => Factory)()),
  buildSerializer: remembering((fromFastify('@fastify/fast-json-stringify-compiler') as () => Factory)()),
};
