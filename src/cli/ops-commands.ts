import type { Command } from 'commander';
import { backupTo } from '../migrate/index.ts';
import { type GlobalOptions, print, withApp } from './cli-context.ts';

/** Operations commands: online backup, moving old media out of the database. */
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

  program
    .command('media')
    .description('the media library\'s files')
    .command('move-to-storage')
    .description('move image bytes uploaded before media storage out of the database into MEDIA_DIR (safe while the site runs; optional: they are served either way)')
    .action(async (_opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const r = await app.media.moveToStorage();
        print(g, { ...r, mediaDir: app.config.media.dir }, () => `Moved ${r.moved} image files (${(r.bytes / 1e6).toFixed(1)} MB) to ${app.config.media.dir}`);
      });
    });
}
