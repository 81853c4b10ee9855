import fs from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { CampaignSummary } from '../ads/index.ts';
import type { App } from '../app.ts';
import { type GlobalOptions, print, withApp } from './cli-context.ts';

/** `YYYY-MM-DD` (midnight UTC) or an ISO 8601 date and time with its zone. */
function dateArg(value: string): number {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:?\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(t)) throw new InvalidArgumentError('write dates as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ');
  return t;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('give a whole number of at least 1');
  return n;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A site's id for `ads list|report --site`: undefined without one (every campaign). */
const siteFilter = (app: Pick<App, 'sites'>, slug: string | undefined) => (slug === undefined ? undefined : app.sites.bySlug(slug).id);

function campaignJson(c: CampaignSummary, app: Pick<App, 'sites'>) {
  return {
    id: c.id,
    name: c.name,
    site: c.siteId === null ? null : (app.sites.byId(c.siteId)?.slug ?? null),
    advertiser: c.advertiser?.name ?? null,
    live: c.live,
    startsAt: iso(c.startsAt),
    endsAt: iso(c.endsAt),
    weight: c.weight,
    impressionCap: c.impressionCap,
    clickCap: c.clickCap,
    sections: c.sections,
    tags: c.tags,
    companies: c.companies,
    avoidCompanies: c.avoidCompanies,
    creatives: c.creatives.map((k) => ({ id: k.id, slot: k.slot, kind: k.kind, mediaId: k.mediaId, alt: k.alt, url: k.url, impressions: k.impressions, clicks: k.clicks })),
  };
}

interface AddOptions {
  slot: string;
  image: string;
  url: string;
  alt: string;
  name?: string;
  advertiser?: string;
  starts?: number;
  ends?: number;
  section?: string[];
  tag?: string[];
  company?: string[];
  avoid?: string[];
  weight?: number;
  impressionCap?: number;
  clickCap?: number;
  site?: string;
  allSites?: boolean;
}

/** `masthead ads add|list|end|report`: advertising for scripts and tests (the admin has the same at /admin/ads). */
export function registerAdCommands(program: Command): void {
  const ads = program.command('ads').description('advertising: add an image ad, list campaigns, end one, report counts');

  ads
    .command('add')
    .description('a campaign with one image creative (the image goes into the media library); prints its creative id')
    .requiredOption('--slot <slot>', 'leaderboard, sidebar, in-article, list (between list items) or newsletter')
    .requiredOption('--image <file>', 'the image file (JPEG, PNG, WebP or AVIF)')
    .requiredOption('--url <url>', 'where a click goes (http or https)')
    .requiredOption('--alt <text>', 'the image’s alt text')
    .option('--name <name>', 'the campaign’s name (default: the advertiser’s name or the image file’s)')
    .option('--advertiser <company>', 'the advertiser: a directory company’s id or slug')
    .option('--starts <date>', 'first moment it runs (default: now)', dateArg)
    .option('--ends <date>', 'when it stops (default: never)', dateArg)
    .option('--section <slug>', 'show only on this section’s pages (repeat for more)', collect)
    .option('--tag <slug>', 'show only on pages with this tag (repeat for more)', collect)
    .option('--company <company>', 'show only on pages naming this company (repeat for more)', collect)
    .option('--avoid <company>', 'never show on pages naming this company (repeat for more)', collect)
    .option('--weight <n>', 'its share against other campaigns in the same slot (default 1)', positiveInt)
    .option('--impression-cap <n>', 'stop after this many impressions', positiveInt)
    .option('--click-cap <n>', 'stop after this many clicks', positiveInt)
    .option('--site <slug>', 'the site it runs on (default: the first site; see `sites list`)')
    .option('--all-sites', 'run on every site instead')
    .action(async (opts: AddOptions, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (opts.site !== undefined && opts.allSites) throw new InvalidArgumentError('give --site or --all-sites, not both');
      const data = fs.readFileSync(opts.image);
      await withApp(g, async (app) => {
        const siteId = opts.allSites ? null : opts.site === undefined ? app.sites.first().id : app.sites.bySlug(opts.site).id;
        const made = await app.ads.addImageAd(
          {
            name: opts.name ?? opts.advertiser ?? path.basename(opts.image),
            advertiser: opts.advertiser,
            startsAt: opts.starts ?? null,
            endsAt: opts.ends ?? null,
            weight: opts.weight,
            impressionCap: opts.impressionCap ?? null,
            clickCap: opts.clickCap ?? null,
            sections: opts.section,
            tags: opts.tag,
            companies: opts.company,
            avoidCompanies: opts.avoid,
            siteId,
          },
          { filename: path.basename(opts.image), data },
          { slot: opts.slot, alt: opts.alt, url: opts.url },
          'cli',
        );
        print(g, { id: made.id }, () => `Creative ${made.id} in campaign ${made.campaignId}.`);
      });
    });

  ads
    .command('list')
    .description('campaigns with their creatives and total counts')
    .option('--site <slug>', "only the campaigns that run on this site (its own and every-site ones); default: all")
    .action(async (opts: { site?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const all = await app.ads.list(siteFilter(app, opts.site));
        print(g, all.map((c) => campaignJson(c, app)), () =>
          all.length
            ? all
                .map((c) => `${String(c.id).padStart(4)}  ${(c.live ? 'live' : 'not live').padEnd(9)}${c.name}\n${c.creatives.map((k) => `        creative ${k.id} ${k.slot} (${k.kind}): ${k.impressions} impressions, ${k.clicks} clicks`).join('\n')}`)
                .join('\n')
            : 'No campaigns yet.',
        );
      });
    });

  ads
    .command('end')
    .description('end a campaign now (its creatives leave every page)')
    .argument('<campaign>', 'the campaign’s id', positiveInt)
    .action(async (id: number, _opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        await app.ads.endCampaign(id, 'cli');
        print(g, { id, ended: true }, () => `Campaign ${id} ended.`);
      });
    });

  ads
    .command('report')
    .description('impressions and clicks per creative per UTC day')
    .option('--csv', 'CSV for the advertiser (campaign, creative, slot, day, impressions, clicks)')
    .option('--campaign <id>', 'only this campaign (with --csv)', positiveInt)
    .option('--site <slug>', "only the creatives of campaigns that run on this site (its own and every-site ones); default: all")
    .action(async (opts: { csv?: boolean; campaign?: number; site?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const siteId = siteFilter(app, opts.site);
        if (opts.csv) {
          process.stdout.write(await app.ads.reportCsv(opts.campaign, siteId));
          return;
        }
        const rows = (await app.ads.report(siteId)).map((r) => ({ id: r.creativeId, day: r.day, impressions: r.impressions, clicks: r.clicks }));
        print(g, rows, () => (rows.length ? rows.map((r) => `${r.day}  creative ${r.id}: ${r.impressions} impressions, ${r.clicks} clicks`).join('\n') : 'Nothing counted yet.'));
      });
    });
}
