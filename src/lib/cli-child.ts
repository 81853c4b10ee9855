import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** bin/masthead.js, from src/lib (tsx) and dist/lib (compiled) alike. */
const CLI = new URL('../../bin/masthead.js', import.meta.url);

/**
 * Runs a `masthead` command in a child process and resolves with its standard output; rejects
 * with its standard error when it fails. For long work a serving node asks for (a related rebuild
 * after a settings change): the child's memory is given back when it exits, and the V8 flags the
 * launcher sets for that command apply to it, not to the server.
 * The child inherits this process's environment; `args` name what differs (`--db`, `--database-url`).
 * @example const out = await runCliChild(['--db', 'site.db', 'related', '--rebuild', '--json']);
 */
export function runCliChild(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [fileURLToPath(CLI), ...args], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      // Not the arguments: a database URL may carry a password.
      if (err) reject(new Error(`a masthead child process failed: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}
