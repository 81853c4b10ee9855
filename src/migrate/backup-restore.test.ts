import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, type TestApp } from '../../test/support.ts';
import { mediaUrl } from '../media/index.ts';
import { COPIED_TABLES, UNCOPIED_TABLES } from './copy-database.ts';
import { backupTo, restoreFrom } from './index.ts';

const PASSWORD = 'a long enough password';

/** Everything a reader or an editor could tell apart, per article, in a comparable shape. */
async function siteContent(app: TestApp, ids: readonly number[]) {
  const out = [];
  for (const id of ids) {
    const a = await app.store.articles.findById(id);
    if (!a) continue;
    const page = await app.http.inject({ method: 'GET', url: `/news/${a.slug}`, headers: { 'accept-encoding': 'br, gzip' } });
    out.push({ id, slug: a.slug, headline: a.headline, body: a.body, status: a.status, updatedAt: Number(a.updated_at), page: page.statusCode });
  }
  return out;
}

describe('backup under writes, then restore elsewhere', () => {
  let live: TestApp;
  let restored: TestApp;
  let work: string;
  let file: string;
  let imageId: number;
  let snapshotIds: number[];

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-backup-'));
    file = path.join(work, 'site-backup.db');
    live = await makeTestApp();
    await live.accounts.addUser({ email: 'desk@example.com', role: 'editor', password: PASSWORD, name: 'Desk' }, 'test');
    await live.directory.importCompanies([JSON.stringify({ id: '2453', name: 'Renault', aliases: [] })]);
    const png = await sharp({ create: { width: 900, height: 500, channels: 3, background: '#2a6' } })
      .png()
      .toBuffer();
    const user = (await live.store.users.byEmail('desk@example.com'))!;
    const uploaded = await live.media.upload({ filename: 'depot.png', data: png }, 'A depot', user);
    imageId = 'id' in uploaded ? uploaded.id : 0;
    for (let i = 0; i < 12; i++) {
      await live.pipeline.save(
        article({
          headline: `Renault depot story ${i}`,
          body: `Renault opened depot ${i} for **electric vans**.`,
          leadImage: i === 0 ? { url: mediaUrl(imageId, 900, 'png'), alt: 'A depot' } : undefined,
          sponsor: i === 1 ? { directoryIdOrSlug: '2453' } : undefined,
        }),
      );
    }
    const renaultId = Number((await live.store.companies.bySlug('renault'))!.id);
    const tollingId = Number((await live.store.taxonomy.sectionBySlug('tolling'))!.id);
    await live.store.sponsorships.set({ kind: 'section', termId: tollingId, companyId: renaultId, startsAt: 1, endsAt: 2 }, 'desk@example.com', 0);
    // Writes go on while the backup runs: the backup must be one consistent moment of the site.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await live.pipeline.save(article({ headline: `Written during the backup ${written++}` }));
        // Let the backup's own callbacks run: on SQLite a save can finish without leaving the microtask queue.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const report = await backupTo(live.store, live.mediaStorage, file);
    writing = false;
    await writer;
    expect(report.mediaFiles).toBeGreaterThan(0);
    expect(report.mediaMissing).toBe(0);

    restored = await makeTestApp();
    const copy = await restoreFrom(file, restored.store);
    expect(copy.verified).toBe(true);
    await restored.media.moveToStorage();
    snapshotIds = await restored.store.articles.allIds();
  }, 120_000);

  afterAll(async () => {
    await live?.close();
    await restored?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('restores a snapshot: every article up to a moment, none missing in between, each exactly as it was', async () => {
    const liveIds = await live.store.articles.allIds();
    const newest = Math.max(...snapshotIds);
    expect(snapshotIds.length).toBeGreaterThanOrEqual(12);
    expect([...snapshotIds].sort((a, b) => a - b)).toEqual(liveIds.filter((id) => id <= newest).sort((a, b) => a - b));
    expect(await siteContent(restored, snapshotIds)).toEqual(await siteContent(live, snapshotIds));
  });

  it('restores companies and their mentions, search, users who can sign in, and the images', async () => {
    const companyPage = await restored.http.inject({ method: 'GET', url: '/companies/renault' });
    expect(companyPage.statusCode).toBe(200);
    expect(companyPage.body).toContain('Articles mentioning Renault (12)');
    expect(companyPage.body).toContain('Renault depot story 0');
    const hits = await restored.search.search({ q: 'electric vans', limit: 20, page: 1 });
    expect(hits.total).toBe(12);
    await expect(restored.accounts.signIn('desk@example.com', PASSWORD, '127.0.0.1')).resolves.toMatchObject({ token: expect.any(String) });
    for (const url of [mediaUrl(imageId, 900, 'png'), mediaUrl(imageId, 640, 'webp')]) {
      const [a, b] = await Promise.all([live.http.inject({ method: 'GET', url }), restored.http.inject({ method: 'GET', url })]);
      expect(a.statusCode).toBe(200);
      expect(b.statusCode).toBe(200);
      expect(b.rawPayload.equals(a.rawPayload)).toBe(true);
    }
    // The image bytes went back into the restored site's media storage, not its database.
    const inRows = await restored.store.db.selectFrom('media_variants').select('media_id').where('data', 'is not', null).execute();
    expect(inRows).toEqual([]);
  });

  it('restores sponsored content: an article’s sponsor and a section’s sponsorship', async () => {
    const sponsored = (await restored.store.articles.findBySlug('renault-depot-story-1'))!;
    expect((await restored.store.companies.byId(Number(sponsored.sponsor_company_id)))?.slug).toBe('renault');
    const tolling = Number((await restored.store.taxonomy.sectionBySlug('tolling'))!.id);
    expect(await restored.store.sponsorships.ofTerm('section', tolling)).toMatchObject({ company: { slug: 'renault' }, startsAt: 1, endsAt: 2 });
  });

  it('refuses to replace a site with content unless forced, and a forced restore replaces it whole', async () => {
    await expect(restoreFrom(file, live.store)).rejects.toMatchObject({ code: 'MH_RESTORE_TARGET_NOT_EMPTY' });
    await restored.pipeline.save(article({ headline: 'Only on the restored site' }));
    const before = await restored.store.state.contentVersion();
    await restoreFrom(file, restored.store, { force: true });
    expect([...(await restored.store.articles.allIds())].sort((a, b) => a - b)).toEqual([...snapshotIds].sort((a, b) => a - b));
    expect((await restored.search.search({ q: 'restored site', limit: 20, page: 1 })).total).toBe(0);
    expect(await restored.store.state.contentVersion()).toBeGreaterThan(before);
  });

  it('refuses a file that is not a backup, with a clear error', async () => {
    const bogus = path.join(work, 'notes.txt');
    fs.writeFileSync(bogus, 'not a database');
    await expect(restoreFrom(bogus, restored.store, { force: true })).rejects.toMatchObject({ code: 'MH_NOT_A_BACKUP' });
    await expect(restoreFrom(path.join(work, 'missing.db'), restored.store, { force: true })).rejects.toMatchObject({ code: 'MH_NOT_A_BACKUP' });
  });

  it('copies or deliberately skips every table, so a new table is never left out of backups', async () => {
    // The search index's tables (FTS5 or tsvector) are not copied: every copy rebuilds the index.
    const searchIndex = /^(article_search|article_titles|article_words)/;
    const tables = (await live.store.db.introspection.getTables()).map((t) => t.name).filter((n) => !searchIndex.test(n) && !/^(kysely_|sqlite_)/.test(n));
    const known = new Set([...COPIED_TABLES.map((t) => t.name as string), ...Object.keys(UNCOPIED_TABLES)]);
    expect(tables.filter((t) => !known.has(t))).toEqual([]);
  });
});
