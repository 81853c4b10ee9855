/**
 * @module cli
 * `masthead <command>`: the command-line tool (PRODUCT.md's CLI contract).
 */
import { MastheadError } from '../lib/errors.ts';
import { buildCli } from './commands.ts';

// A reader that stops early (`masthead related --all | head`) closes the pipe: stop quietly, as
// Unix tools do, instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(0);
});

try {
  await buildCli().parseAsync(process.argv);
} catch (err) {
  const message = err instanceof MastheadError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  process.stderr.write(`masthead: ${message}\n`);
  process.exitCode = 1;
}
