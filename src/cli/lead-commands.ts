import type { Command } from 'commander';
import { type GlobalOptions, print, withApp } from './cli-context.ts';

/** `masthead leads list|export`: gated resources and the sponsor's lead export (the admin has the same at /admin/resources). */
export function registerLeadCommands(program: Command): void {
  const leads = program.command('leads').description('lead generation: gated resources and their leads');

  leads
    .command('list')
    .description('resources with their sponsor and live lead count')
    .option('--site <slug>', "only this site's resources; default: every site's")
    .action(async (opts: { site?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const all = await app.leads.all(opts.site === undefined ? undefined : app.sites.bySlug(opts.site).id);
        const rows = all.map((a) => ({ id: a.id, slug: a.slug, kind: a.kind, title: a.title, sponsor: a.sponsor?.name ?? null, published: a.published, leads: a.leads }));
        print(g, rows, () => (rows.length ? rows.map((r) => `${r.slug}  ${r.published ? 'published' : 'draft'}  ${r.leads} leads  (${r.sponsor ?? 'no sponsor'})`).join('\n') : 'No resources yet.'));
      });
    });

  leads
    .command('export')
    .description('the live leads of one resource as CSV, for its sponsor (withdrawn leads are left out; cells are escaped against spreadsheet formulas)')
    .requiredOption('--asset <slug>', 'the resource’s slug')
    .action(async (opts: { asset: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        process.stdout.write(await app.leads.csv(opts.asset, 'cli'));
      });
    });
}
