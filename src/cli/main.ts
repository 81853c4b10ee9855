/**
 * @module cli
 * `masthead <command>`: the command-line tool (PRODUCT.md's CLI contract).
 */
import { runCli } from './run-cli.ts';

// A reader that stops early (`masthead related --all | head`) closes the pipe: stop quietly, as
// Unix tools do, instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(0);
});

const status = await runCli(process.argv.slice(2));
// A command that failed softly (a copy that does not verify) has set process.exitCode itself.
if (status !== 0) process.exitCode = status;
