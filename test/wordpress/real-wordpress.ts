/**
 * A real WordPress (Debian's `wordpress` package, PHP and MariaDB) made into an export by its own
 * code: installed into a fresh database, seeded by `wp.php seed`, exported by `export_wp()`.
 * Absent PHP, WordPress or MariaDB is a skip on a workstation and a failure in CI, which installs them.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const WP_ROOT = process.env.WP_ROOT ?? '/usr/share/wordpress';
const SCRIPT = path.join(import.meta.dirname, 'wp.php');
const MYSQL = ['-h', '127.0.0.1', '-u', 'root'];

export interface WordPressExport {
  /** The WXR file WordPress wrote. */
  readonly file: string;
  /** Its wp-content/uploads folder, for --media-from. */
  readonly uploads: string;
  /** The archive URLs WordPress gave readers (categories, tags, authors, feeds, attachment pages), as paths. */
  readonly archives: readonly string[];
  /** Its database (on MariaDB at 127.0.0.1) and wp-content folder, for serving it (served-wordpress.ts). */
  readonly db: string;
  readonly content: string;
  readonly remove: () => Promise<void>;
}

/** Why a real WordPress cannot run here, or undefined when it can. */
export async function wordPressMissing(): Promise<string | undefined> {
  if (!fs.existsSync(path.join(WP_ROOT, 'wp-settings.php'))) return `no WordPress at ${WP_ROOT} (apt-get install wordpress)`;
  try {
    await run('php', ['-r', 'exit(extension_loaded("mysqli") && extension_loaded("gd") ? 0 : 1);']);
  } catch {
    return 'no php with mysqli and gd (apt-get install php-cli php-mysql php-gd)';
  }
  try {
    await run('mysql', [...MYSQL, '-e', 'SELECT 1']);
  } catch (err) {
    return `no MariaDB at 127.0.0.1:3306 for root: ${(err as Error).message.split('\n')[0]}`;
  }
  return undefined;
}

/** Whether the real-WordPress tests run; in CI a missing WordPress fails instead. */
export async function canRunWordPress(): Promise<boolean> {
  const missing = await wordPressMissing();
  if (missing && process.env.CI === 'true') throw new Error(`real WordPress tests need ${missing}`);
  return missing === undefined;
}

/** How to seed: the tests' handful of posts (`seed`), or `stories` from a JSONL file (STORIES, STORIES_N in `env`; bench/wordpress.ts). */
export interface SeedOptions {
  readonly step?: 'seed' | 'stories';
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs one step of wp.php (`render` writes what WordPress shows readers of each published post and page to `out`). */
export async function wpStep(step: string, wp: Pick<WordPressExport, 'db' | 'content'>, out: string, env: Readonly<Record<string, string>> = {}): Promise<void> {
  await run('php', [SCRIPT, step, wp.db, wp.content, out], { env: { ...process.env, WP_ROOT, ...env }, maxBuffer: 64 * 1024 * 1024 });
}

/** Installs WordPress into a temporary folder and database, seeds it, and exports everything. */
export async function makeWordPressExport(seed: SeedOptions = {}): Promise<WordPressExport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-wp-'));
  const db = path.basename(dir).replace(/\W/g, '_').toLowerCase();
  const content = path.join(dir, 'wp-content');
  fs.mkdirSync(path.join(content, 'uploads'), { recursive: true });
  // Debian's default theme, for when the site is served (the export does not need one).
  fs.symlinkSync(path.join(WP_ROOT, 'wp-content', 'themes'), path.join(content, 'themes'));
  const file = path.join(dir, 'export.xml');
  const remove = async () => {
    await run('mysql', [...MYSQL, '-e', `DROP DATABASE IF EXISTS \`${db}\``]);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run('mysql', [...MYSQL, '-e', `CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4`]);
    for (const step of ['install', seed.step ?? 'seed', 'export']) await wpStep(step, { db, content }, file, seed.env);
    await wpStep('urls', { db, content }, path.join(dir, 'archives.json'));
  } catch (err) {
    await remove();
    throw err;
  }
  const archives = JSON.parse(fs.readFileSync(path.join(dir, 'archives.json'), 'utf8')) as string[];
  return { file, uploads: path.join(content, 'uploads'), archives, db, content, remove };
}
