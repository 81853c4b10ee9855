/**
 * One command line run to its exit status: what `main.ts` does for the process, and what tests
 * call in-process (a CLI process spends seconds loading the app before its first query).
 */
import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import { MastheadError } from '../lib/errors.ts';
import { buildCli } from './commands.ts';

/** Commander throws its errors instead of exiting the process; subcommands copy the setting only when made, so each is set. */
function throwInsteadOfExit(command: Command): Command {
  command.exitOverride();
  for (const sub of command.commands) throwInsteadOfExit(sub);
  return command;
}

/**
 * Runs `masthead ARGS` (the words after the program's name) and resolves to its exit status: 0, or
 * 1 with `masthead: CODE: message` on stderr. Commander's own errors and `--help` have printed
 * themselves and give commander's status. A command may still set `process.exitCode` itself (a
 * copy that does not verify).
 */
export async function runCli(args: readonly string[]): Promise<number> {
  try {
    await throwInsteadOfExit(buildCli()).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (err) {
    // An argument parser's error thrown from an action is the command's to print; commander's own have printed.
    if (err instanceof CommanderError && !(err instanceof InvalidArgumentError)) return err.exitCode;
    const message = err instanceof MastheadError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    process.stderr.write(`masthead: ${message}\n`);
    return 1;
  }
}
