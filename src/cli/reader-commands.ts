import fs from 'node:fs';
import type { Command } from 'commander';
import type { ReaderRecord } from '../store/index.ts';
import { type GlobalOptions, print, withApp } from './cli-context.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const readerJson = (r: ReaderRecord & { follows?: number }) => ({
  email: r.email,
  name: r.name,
  company: r.company,
  jobTitle: r.jobTitle,
  industry: r.industry,
  country: r.country,
  status: r.status,
  source: r.source,
  alertMode: r.alertMode,
  createdAt: iso(r.createdAt),
  confirmedAt: iso(r.confirmedAt),
  suppressedAt: iso(r.suppressedAt),
  ...(r.follows !== undefined ? { follows: r.follows } : {}),
});

/** `masthead readers follow|list|export|delete`: reader accounts for scripting, support and tests. */
export function registerReaderCommands(program: Command): void {
  const readers = program.command('readers').description('reader accounts: follow, list, export, delete');

  readers
    .command('follow')
    .description('make a reader follow a company (creates a confirmed reader, source cli, when absent: only with their consent)')
    .requiredOption('--email <email>', 'the reader')
    .requiredOption('--company <slug>', 'the company, by its slug (as in /companies/<slug>)')
    .action(async (opts: { email: string; company: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const { reader, created, name } = await app.readerAccounts.followAs(opts.email, 'company', opts.company);
        print(g, { email: reader.email, created, follows: { kind: 'company', slug: opts.company, name } }, () => `${reader.email}${created ? ' (new reader)' : ''} follows ${name}.`);
      });
    });

  readers
    .command('list')
    .description('list readers')
    .action(async (_opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const all = await app.readerAccounts.list();
        print(g, all.map(readerJson), () =>
          all.length ? all.map((r) => `${r.email.padEnd(36)} ${r.status.padEnd(8)} ${r.source.padEnd(7)} follows ${r.follows}${r.suppressedAt ? '  suppressed' : ''}`).join('\n') : 'No readers yet.',
        );
      });
    });

  readers
    .command('export')
    .description('print everything kept about a reader, as JSON (their right of access)')
    .requiredOption('--email <email>', 'the reader')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (opts: { email: string; out?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const reader = await app.readerAccounts.byEmail(opts.email);
        const json = `${JSON.stringify(await app.readerAccounts.exportData(reader.id), null, 2)}\n`;
        if (opts.out) fs.writeFileSync(opts.out, json, { mode: 0o600 });
        else process.stdout.write(json);
      });
    });

  readers
    .command('delete')
    .description('delete a reader and everything kept about them (an audit entry records that one was deleted, not who)')
    .requiredOption('--email <email>', 'the reader')
    .action(async (opts: { email: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const reader = await app.readerAccounts.byEmail(opts.email);
        await app.readerAccounts.deleteAccount(reader.id, 'cli');
        print(g, { deleted: true }, () => `Deleted the reader ${reader.email}.`);
      });
    });
}
