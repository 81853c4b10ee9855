/**
 * What every command shares: options, opening the app, printing, progress. Nothing heavy is
 * imported here: the app (with every service, Fastify, sharp...), the config schema and the logger
 * are loaded by the command that uses them, so `--help` and light commands start fast.
 */
import cliProgress from 'cli-progress';
import type { App } from '../app.ts';
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

/** Opens the app for a command; logs go to stderr so `--json` output stays clean. */
export async function withApp<T>(opts: GlobalOptions, work: (app: App) => Promise<T>): Promise<T> {
  const config = await configFrom(opts);
  const [{ createApp }, { default: pino }] = await Promise.all([import('../app.ts'), import('pino')]);
  const app = await createApp(config, { log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2)) });
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

/** A progress bar on stderr when it is a terminal (or lines with `--progress-lines`); silent otherwise (CI logs, pipes). */
export function progressBar(label: string): { start(total: number): void; update(n: number): void; stop(): void } {
  if (progressLines) {
    let total = 0;
    let shown = -1;
    const name = label.trim() || 'work';
    return {
      start: (t) => {
        total = t;
        shown = -1;
      },
      // At most one line per percent, and always the last.
      update: (n) => {
        const percent = total > 0 ? Math.floor((100 * n) / total) : 100;
        if (percent <= shown && n < total) return;
        shown = percent;
        process.stderr.write(`progress ${n}/${total} ${name}\n`);
      },
      stop() {},
    };
  }
  if (!process.stderr.isTTY) return { start() {}, update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  return { start: (total) => bar.start(total, 0), update: (n) => bar.update(n), stop: () => bar.stop() };
}

/** One progress bar per stage of a copy (each table, the media, the search index), on stderr. */
export function stagedProgress(): { onProgress: (stage: string, done: number, total: number) => void; stop(): void } {
  let bar = progressBar('');
  let stage = '';
  return {
    onProgress(name, done, total) {
      if (name !== stage) {
        bar.stop();
        stage = name;
        bar = progressBar(name.padEnd(20));
        bar.start(total);
      }
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}
