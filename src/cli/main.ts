/**
 * @module cli
 * `masthead <command>`: the command-line tool (PRODUCT.md's CLI contract).
 */
import { MastheadError } from '../lib/errors.ts';
import { buildCli } from './commands.ts';

try {
  await buildCli().parseAsync(process.argv);
} catch (err) {
  const message = err instanceof MastheadError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  process.stderr.write(`masthead: ${message}\n`);
  process.exitCode = 1;
}
