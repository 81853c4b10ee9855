import type { Command } from 'commander';
import type { CoreApp } from '../app.ts';
import type { SiteRecord } from '../sites/index.ts';
import { type GlobalOptions, print, withCore } from './cli-context.ts';

const siteJson = (s: SiteRecord) => ({ slug: s.slug, name: s.name, hosts: [...s.hosts] });
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--site SLUG` on a content command. */
export function siteOption(command: Command): Command {
  return command.option('--site <slug>', 'the site (title) to work on; default: the first site (see `sites list`)');
}

/**
 * The site id a content command reads: the named site's, else the first site's when there are
 * several; undefined with one site (reads everything, as before sites).
 */
export function siteIdFor(app: Pick<CoreApp, 'sites'>, slug: string | undefined): number | undefined {
  if (slug !== undefined) return app.sites.bySlug(slug).id;
  return app.sites.several ? app.sites.first().id : undefined;
}

/** `masthead sites add|list|set`: the titles one installation serves, chosen by host name. */
export function registerSiteCommands(program: Command): void {
  const sites = program.command('sites').description('several titles from one installation: add, list, set (docs/sites.md)');

  sites
    .command('add')
    .description('add a site answering the given hosts (the first is primary; the others redirect to it)')
    .requiredOption('--name <name>', 'its title, e.g. "Highways Today"')
    .requiredOption('--host <host>', 'a host name it answers (repeat for more)', collect)
    .option('--slug <slug>', 'its short name for --site (default: from the name)')
    .option('--description <text>', 'its description (the home page and feeds show it)')
    .action(async (opts: { name: string; host: string[]; slug?: string; description?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withCore(g, async (app) => {
        const site = await app.sites.add({ name: opts.name, hosts: opts.host, ...(opts.slug ? { slug: opts.slug } : {}), ...(opts.description ? { description: opts.description } : {}) });
        print(g, siteJson(site), () => `Added site ${site.slug} ("${site.name}") at ${site.hosts.join(', ')}.`);
      });
    });

  sites
    .command('list')
    .description('every site with its hosts, the first (the default) first')
    .action(async (_opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withCore(g, async (app) => {
        const all = app.sites.all();
        print(g, all.map(siteJson), () => all.map((s, i) => `${s.slug.padEnd(16)} ${s.name}${i === 0 ? ' (default)' : ''}  ${s.hosts.length ? s.hosts.join(', ') : 'any host'}`).join('\n'));
      });
    });

  sites
    .command('set')
    .description("change a site's name, description, time zone, slug or hosts")
    .argument('<slug>', 'the site')
    .option('--name <name>', 'its title')
    .option('--description <text>', 'its description')
    .option('--time-zone <zone>', 'its time zone (IANA name; empty: the installation’s)')
    .option('--new-slug <slug>', 'a new short name')
    .option('--host <host>', 'replace its hosts (repeat; the first is primary)', collect)
    .action(async (slug: string, opts: { name?: string; description?: string; timeZone?: string; newSlug?: string; host?: string[] }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withCore(g, async (app) => {
        const site = await app.sites.set(slug, {
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.description !== undefined ? { description: opts.description } : {}),
          ...(opts.timeZone !== undefined ? { timeZone: opts.timeZone || null } : {}),
          ...(opts.newSlug !== undefined ? { slug: opts.newSlug } : {}),
          ...(opts.host ? { hosts: opts.host } : {}),
        });
        print(g, siteJson(site), () => `Site ${site.slug} ("${site.name}") at ${site.hosts.length ? site.hosts.join(', ') : 'any host'}.`);
      });
    });
}
