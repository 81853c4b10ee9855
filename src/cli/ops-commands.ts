import type { Command } from 'commander';
import { backupTo } from '../migrate/index.ts';
import { type GlobalOptions, print, withApp } from './cli-context.ts';

/** Operations commands: online backup. */
export function registerOpsCommands(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'SQLite file to write (replaced if it exists)')
    .description('write a consistent copy of the whole site to an SQLite file, while it runs (restore: migrate-db, or copy the file back)')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const r = await backupTo(app.store, file);
        print(g, r, () => `Backed up to ${r.file} (${(r.bytes / 1e6).toFixed(1)} MB)`);
      });
    });
}
