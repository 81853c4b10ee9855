/**
 * Vitest global set-up: one migrated PostgreSQL database per version of the schema, which every
 * test database is copied from (CREATE DATABASE … TEMPLATE). Migrating a new database took about a
 * second on a busy machine, copying one a third of that, and the suite makes hundreds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openStore } from '../src/store/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template's name, or '' when PostgreSQL is not here. */
    postgresTemplate: string;
  }
}

const ADMIN_URL = process.env.MASTHEAD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STORE = path.resolve(import.meta.dirname, '../src/store');

/** A name that changes whenever a migration or the PostgreSQL search schema does. */
function templateName(): string {
  const hash = crypto.createHash('sha256');
  for (const dir of [path.join(STORE, 'migrations'), path.join(STORE, 'postgres')]) {
    for (const file of fs.readdirSync(dir).sort()) if (file.endsWith('.ts')) hash.update(file).update(fs.readFileSync(path.join(dir, file)));
  }
  return `mh_template_${hash.digest('hex').slice(0, 16)}`;
}

function urlOf(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function ensureTemplate(admin: pg.Client): Promise<string> {
  const name = templateName();
  if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) return name;
  // Built under another name and renamed when whole, so a run that dies half-way leaves no broken template.
  const building = `mh_template_build_${process.pid}_${Date.now().toString(36)}`;
  await admin.query(`CREATE DATABASE ${building}`);
  const store = await openStore({ kind: 'postgres', url: urlOf(building) });
  await store.close();
  try {
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
  } catch {
    // Another run made the same template meanwhile: use theirs.
    await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
  }
  return name;
}

export default async function setup(project: TestProject): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    // vitest.config.ts decides whether a missing server is a failure (in CI it is).
    project.provide('postgresTemplate', '');
    return;
  }
  try {
    project.provide('postgresTemplate', await ensureTemplate(admin));
  } finally {
    await admin.end();
  }
}
