import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliSync } from '../../test/node-process.ts';
import { makeTestApp } from '../../test/support.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-leads-cli-'));
const db = path.join(dir, 'site.db');
const media = path.join(dir, 'media');

beforeAll(async () => {
  // The site is set up in-process on an SQLite file (the CLI has no command to add resources);
  // the CLI then reads that file as an operator would.
  const app = await makeTestApp({ MASTHEAD_DB: db, MEDIA_DIR: media });
  await app.directory.importCompanies([JSON.stringify({ id: '77', name: 'Kapsch TrafficCom', aliases: [], parent: null })]);
  await app.leads.add({ kind: 'report', title: 'Free-flow tolling', slug: 'free-flow', description: 'A report.', sponsor: '77', requiredFields: ['company'], published: true }, 'test');
  const { reader } = await app.store.readers.ensure({ email: 'ana@example.com', status: 'active', source: 'signup', now: app.clock.now });
  await app.store.readers.updateProfile(reader.id, { name: 'Ana', company: '=cmd|"/c calc"!A1', jobTitle: null, industry: null, country: null }, app.clock.now);
  await app.leads.register('free-flow', reader.id, true);
  await app.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('masthead leads', () => {
  it('exports a resource’s leads as CSV for the sponsor, formula cells escaped', () => {
    const r = runCliSync(['leads', 'export', '--asset', 'free-flow', '--db', db], { cwd: dir, env: { MEDIA_DIR: media } });
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split('\r\n');
    expect(rows[0]).toBe('registered_at,email,name,company,job_title,industry,country,asset,sponsor,consent');
    expect(rows[1]).toMatch(/^2026-11-27T12:00:00\.000Z,ana@example\.com,Ana,"'=cmd\|""\/c calc""!A1",,,,free-flow,Kapsch TrafficCom,"?I agree/);
  });

  it('lists resources with their live lead counts, and refuses an unknown one', () => {
    const list = runCliSync(['leads', 'list', '--json', '--db', db], { cwd: dir, env: { MEDIA_DIR: media } });
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([{ id: 1, slug: 'free-flow', kind: 'report', title: 'Free-flow tolling', sponsor: 'Kapsch TrafficCom', published: true, leads: 1 }]);
    const missing = runCliSync(['leads', 'export', '--asset', 'nope', '--db', db], { cwd: dir, env: { MEDIA_DIR: media } });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('MH_LEAD_ASSET_NOT_FOUND');
  });
});
