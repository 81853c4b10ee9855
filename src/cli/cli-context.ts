/**
 * What every command shares: options, opening the app, printing, progress. Nothing heavy is
 * imported here: the app (with every service, sharp, argon2, nodemailer...), the config schema and
 * the logger are loaded by the command that uses them, so `--help` and light commands start fast.
 */
import cliProgress from 'cli-progress';
import type { App, AppOptions, CoreApp } from '../app.ts';
import type { Config } from '../config/index.ts';

/** Options every command accepts (PRODUCT.md's CLI contract). */
export interface GlobalOptions {
  db?: string;
  databaseUrl?: string;
  json?: boolean;
  progressLines?: boolean;
}

export async function configFrom(opts: GlobalOptions, extra: Record<string, string | undefined> = {}): Promise<Config> {
  const { loadConfig } = await import('../config/index.ts');
  return loadConfig(process.env, {
    ...(opts.db ? { MASTHEAD_DB: opts.db } : {}),
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...extra,
  });
}

/** Opens the app for a command, every service; logs go to stderr so `--json` output stays clean. */
export function withApp<T>(opts: GlobalOptions, work: (app: App) => Promise<T>): Promise<T> {
  return withBuilt(opts, async (config, options) => (await import('../app.ts')).createApp(config, options), work);
}

/**
 * Opens only the core (the store, settings, sites and related content) for a command that needs no
 * more: it loads none of the other services' modules (a rebuild at 100,000 peaked about 30 MB lower).
 */
export function withCore<T>(opts: GlobalOptions, work: (core: CoreApp) => Promise<T>): Promise<T> {
  return withBuilt(opts, async (config, options) => (await import('../app.ts')).createCore(config, options), work);
}

async function withBuilt<A extends CoreApp, T>(opts: GlobalOptions, build: (config: Config, options: AppOptions) => Promise<A>, work: (app: A) => Promise<T>): Promise<T> {
  const config = await configFrom(opts);
  const { default: pino } = await import('pino');
  const app = await build(config, { log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2)) });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** All of stdin, as UTF-8 text (read as a stream, so a command run in-process reads the stdin it is given). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Prints a value: JSON with `--json`, otherwise the human text. */
export function print(opts: GlobalOptions, value: unknown, human: () => string): void {
  process.stdout.write(opts.json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
}

let progressLines = false;

/**
 * `--progress-lines`: progress as plain `progress DONE/TOTAL LABEL` lines on stderr, for scripts
 * and tests that act on how far a command got (the crash tests kill an import mid-way by them).
 */
export function useProgressLines(on: boolean): void {
  progressLines = on;
}

/** A progress bar, or lines (one per percent and always the last), on stderr. */
export interface Progress {
  start(total: number): void;
  update(n: number): void;
  stop(): void;
}

/** Progress as lines on stderr, at most one per percent and always the last: `line(done, total)` writes one. */
function progressLineWriter(line: (done: number, total: number) => string): Progress {
  let total = 0;
  let shown = -1;
  return {
    start: (t) => {
      total = t;
      shown = -1;
    },
    update: (n) => {
      const percent = total > 0 ? Math.floor((100 * n) / total) : 100;
      if (percent <= shown && n < total) return;
      shown = percent;
      process.stderr.write(`${line(n, total)}\n`);
    },
    stop() {},
  };
}

/**
 * A progress bar on stderr when it is a terminal (or lines with `--progress-lines`); otherwise
 * silent (CI logs, pipes), unless `pipedLine` is given: then a line per percent in that form, for a
 * command whose documented output in logs is such a line (newsletter sending's "Sending: N of M").
 */
export function progressBar(label: string, pipedLine?: (done: number, total: number) => string): Progress {
  if (progressLines) {
    const name = label.trim() || 'work';
    return progressLineWriter((n, total) => `progress ${n}/${total} ${name}`);
  }
  if (!process.stderr.isTTY) return pipedLine ? progressLineWriter(pipedLine) : { start() {}, update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  return { start: (total) => bar.start(total, 0), update: (n) => bar.update(n), stop: () => bar.stop() };
}

/**
 * One progress bar per stage of a long job (each table of a copy, the media, the search index;
 * each phase of a related-content rebuild), on stderr; `title` names the job before each stage.
 */
export function stagedProgress(title?: string): { onProgress: (stage: string, done: number, total: number) => void; stop(): void } {
  let bar = progressBar(title ?? '');
  let stage = '';
  return {
    onProgress(name, done, total) {
      if (name !== stage) {
        bar.stop();
        stage = name;
        bar = progressBar(title ? `${title}: ${name}` : name.padEnd(20));
        bar.start(total);
      }
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}
