import fs from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import type { SendProgress } from '../newsletters/index.ts';
import { type GlobalOptions, print, progressBar, withApp } from './cli-context.ts';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Sending progress on stderr: the bar on a terminal; otherwise a line per percent ("Sending: 12,000
 * of 50,000"), which logs keep and scripts (the crash test) can follow. The bar starts at the
 * first report, which is the first to know how many recipients the issue has.
 */
function sendingProgress(): { update(p: SendProgress): void; stop(): void } {
  const bar = progressBar('Sending', (done, total) => `Sending: ${count(done)} of ${count(total)}`);
  let started = false;
  return {
    update(p) {
      if (!started) bar.start(p.recipients);
      started = true;
      bar.update(p.done);
    },
    stop: () => bar.stop(),
  };
}

/** `masthead newsletters add|lists|send` and `masthead subscribers import|export`. */
export function registerNewsletterCommands(program: Command): void {
  const newsletters = program.command('newsletters').description('newsletter lists and sending');

  newsletters
    .command('add')
    .description('make a newsletter list')
    .requiredOption('--slug <slug>', 'its short name, e.g. daily')
    .requiredOption('--name <name>', 'its name, e.g. "Daily news"')
    .option('--description <text>', 'one line about it')
    .option('--schedule <when>', 'sent by itself: "daily 07:00" or "weekly fri 07:00" in the site\'s time zone')
    .option('--site <slug>', 'the site whose articles it carries and whose pages offer it (default: the first)')
    .action(async (opts: { slug: string; name: string; description?: string; schedule?: string; site?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const { site, ...input } = opts;
        const list = await app.newsletters.addList({ ...input, siteId: site === undefined ? undefined : app.sites.bySlug(site).id });
        print(g, { slug: list.slug, name: list.name, schedule: list.schedule, site: app.sites.byId(list.siteId)?.slug ?? null }, () => `Newsletter list "${list.name}" (${list.slug}) made.`);
      });
    });

  newsletters
    .command('schedule')
    .description('set when a list is sent by itself ("daily 07:00", "weekly fri 07:00", or "none": by hand)')
    .requiredOption('--list <slug>', 'the list')
    .argument('<when>', '"daily HH:MM", "weekly <day> HH:MM" or "none"')
    .action(async (when: string, opts: { list: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const list = await app.newsletters.setSchedule(opts.list, when.trim().toLowerCase() === 'none' ? null : when);
        print(g, { slug: list.slug, schedule: list.schedule }, () => `${list.name}: ${list.schedule ?? 'sent by hand'}.`);
      });
    });

  newsletters
    .command('lists')
    .description('list the newsletter lists with their active subscribers')
    .action(async (_opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const lists = await app.newsletters.lists();
        print(
          g,
          lists.map((l) => ({ slug: l.slug, name: l.name, description: l.description, schedule: l.schedule, subscribers: l.subscribers, site: app.sites.byId(l.siteId)?.slug ?? null })),
          () => (lists.length ? lists.map((l) => `${l.slug.padEnd(20)} ${String(l.subscribers).padStart(8)}  ${l.name}`).join('\n') : 'No newsletter lists yet.'),
        );
      });
    });

  newsletters
    .command('send')
    .description("assemble the list's next issue from the articles published since its last one and send it (resumes an interrupted send)")
    .requiredOption('--list <slug>', 'the list')
    .action(async (opts: { list: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const progress = sendingProgress();
        const report = await app.newsletters.send(opts.list, (p) => progress.update(p));
        progress.stop();
        print(g, report, () => `Issue ${report.issue}: sent ${count(report.sent)} of ${count(report.recipients)}; ${count(report.failed)} failed`);
      });
    });

  const subscribers = program.command('subscribers').description('newsletter subscribers');

  subscribers
    .command('import')
    .argument('<file>', 'CSV with a header row: email (required), name, company, job_title, country')
    .requiredOption('--list <slug>', 'the list to subscribe them to')
    .description('subscribe the addresses in a CSV file (unsubscribes and bounces are kept; refused rows are reported by line)')
    .action(async (file: string, opts: { list: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (!fs.existsSync(file)) throw new InvalidArgumentError(`no such file: ${file}`);
      await withApp(g, async (app) => {
        const bar = progressBar('Importing');
        bar.start(0);
        const { readSubscriberCsv } = await import('../newsletters/index.ts');
        const report = await app.newsletters.importSubscribers(opts.list, readSubscriberCsv(fs.createReadStream(file)), (rows) => bar.update(rows));
        bar.stop();
        print(g, report, () =>
          [
            `Subscribers: ${report.subscribed} subscribed, ${report.alreadySubscribed} already subscribed, ${report.keptUnsubscribed} kept unsubscribed or bounced, ${report.refused.length} refused`,
            ...report.refused.map((r) => `  line ${r.line}: ${r.reason}`),
          ].join('\n'),
        );
      });
    });

  subscribers
    .command('export')
    .requiredOption('--list <slug>', 'the list')
    .description('print the list as CSV (email, name, company, job_title, country, status: active, unsubscribed or bounced)')
    .action(async (opts: { list: string }, cmd: Command) => {
      await withApp(cmd.optsWithGlobals<GlobalOptions>(), async (app) => {
        const { SUBSCRIBER_CSV_HEADER, subscriberCsvLine } = await import('../newsletters/index.ts');
        process.stdout.write(`${SUBSCRIBER_CSV_HEADER}\n`);
        for await (const s of app.newsletters.subscribers(opts.list)) process.stdout.write(`${subscriberCsvLine(s)}\n`);
      });
    });

  subscribers
    .command('complaint')
    .argument('[reports...]', 'feedback-loop reports (ARF, RFC 5965), one message per file')
    .option('--email <address>', 'an address an ESP or a reader reported as a complaint')
    .description('record spam complaints: the reader gets no more mail (as after hard bounces) and leaves the list the report names')
    .action(async (reports: string[], opts: { email?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const inputs = [...reports.map((f) => ({ file: f, report: fs.readFileSync(f, 'utf8') })), ...(opts.email ? [{ file: '--email', email: opts.email }] : [])];
        const results: { source: string; email: string | null; list: string | null }[] = [];
        for (const { file, ...input } of inputs) results.push({ source: file, ...((await app.newsletters.recordComplaint(input as { report: string } | { email: string })) ?? { email: null, list: null }) });
        print(g, results, () => results.map((r) => (r.email ? `${r.source}: ${r.email} suppressed${r.list ? `, unsubscribed from ${r.list}` : ''}` : `${r.source}: names no known reader`)).join('\n'));
      });
    });
}
