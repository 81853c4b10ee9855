import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';

const COMPANIES = [
  { id: '501', name: 'Acme Tolling', aliases: [] },
  { id: '502', name: 'Acme Tolling Systems', aliases: [] },
  { id: '503', name: 'Brightlane', aliases: [] },
].map((c) => JSON.stringify(c));

describe('sponsorship storage (both engines)', () => {
  let app: TestApp;
  const companyId = async (slug: string) => Number((await app.store.companies.bySlug(slug))!.id);
  const sponsorOf = async (id: number) => (await app.store.articles.findById(id))!.sponsor_company_id;

  beforeEach(async () => {
    app = await makeTestApp();
    await app.directory.importCompanies(COMPANIES);
  });
  afterEach(() => app.close());

  it('stores an article sponsor named by directory id, slug or company id; an unknown one refuses the article and writes nothing', async () => {
    const acme = await companyId('acme-tolling');
    const byDirectoryId = await app.pipeline.save(article({ sponsor: { directoryIdOrSlug: '501' } }));
    const bySlug = await app.pipeline.save(article({ sponsor: { directoryIdOrSlug: 'brightlane' } }));
    const byId = await app.pipeline.save(article({ sponsor: { companyId: acme } }));
    const editorial = await app.pipeline.save(article());
    expect(await sponsorOf(byDirectoryId.id)).toBe(acme);
    expect(await sponsorOf(bySlug.id)).toBe(await companyId('brightlane'));
    expect(await sponsorOf(byId.id)).toBe(acme);
    expect(await sponsorOf(editorial.id)).toBeNull();
    const before = await app.store.articles.countPublished();
    await expect(app.pipeline.save(article({ sponsor: { directoryIdOrSlug: 'no-such-company' } }))).rejects.toMatchObject({
      code: 'MH_INVALID_ARTICLE',
      message: 'Invalid article: sponsor "no-such-company" is not a company in the directory (give its directory id or slug)',
    });
    await expect(app.pipeline.save(article({ sponsor: { companyId: 999_999 } }))).rejects.toMatchObject({ code: 'MH_INVALID_ARTICLE' });
    expect(await app.store.articles.countPublished()).toBe(before);
  });

  it('counts a changed sponsor as a change, the same one as none, and keeps it through re-saves (the scheduler)', async () => {
    const input = article({ sourceId: 'src-1', sponsor: { directoryIdOrSlug: '501' } });
    const first = await app.pipeline.save(input);
    expect((await app.pipeline.save(input)).outcome).toBe('unchanged');
    expect((await app.pipeline.save({ ...input, sponsor: { directoryIdOrSlug: '503' } })).outcome).toBe('updated');
    expect(await sponsorOf(first.id)).toBe(await companyId('brightlane'));
    expect((await app.pipeline.save({ ...input, sponsor: null })).outcome).toBe('updated');
    expect(await sponsorOf(first.id)).toBeNull();

    const scheduled = await app.pipeline.save(article({ status: 'scheduled', publishedAt: NOW + 60_000, sponsor: { directoryIdOrSlug: 'acme-tolling' } }));
    app.clock.now = NOW + 120_000;
    expect(await app.pipeline.publishDue()).toEqual([scheduled.id]);
    const row = (await app.store.articles.findById(scheduled.id))!;
    expect(row.status).toBe('published');
    expect(row.sponsor_company_id).toBe(await companyId('acme-tolling'));
  });

  it('lists carry the sponsor; the news-sitemap query can leave sponsored articles out', async () => {
    const sponsored = await app.pipeline.save(article({ headline: 'Paid for', sponsor: { directoryIdOrSlug: '501' } }));
    const editorial = await app.pipeline.save(article({ headline: 'Reported' }));
    const { items } = await app.store.articles.listPublished({}, 10, 0);
    expect(items.find((a) => a.id === sponsored.id)!.sponsor).toEqual({ slug: 'acme-tolling', name: 'Acme Tolling' });
    expect(items.find((a) => a.id === editorial.id)!.sponsor).toBeNull();
    expect((await app.store.articles.summariesByIds([sponsored.id]))[0]!.sponsor).toEqual({ slug: 'acme-tolling', name: 'Acme Tolling' });
    const all = await app.store.articles.publishedSince(NOW - 86_400_000, 100);
    const news = await app.store.articles.publishedSince(NOW - 86_400_000, 100, { editorialOnly: true });
    expect(all.map((a) => a.id).sort()).toEqual([sponsored.id, editorial.id].sort());
    expect(news.map((a) => a.id)).toEqual([editorial.id]);
  });

  it('sets, replaces and clears the sponsorship of a section or a tag', async () => {
    await app.pipeline.save(article({ section: 'Tolling', tags: ['ANPR'] }));
    const section = Number((await app.store.taxonomy.sectionBySlug('tolling'))!.id);
    const tag = Number((await app.store.taxonomy.tagBySlug('anpr'))!.id);
    const acme = await companyId('acme-tolling');
    const bright = await companyId('brightlane');
    const { sponsorships } = app.store;
    await sponsorships.set({ kind: 'section', termId: section, companyId: acme, startsAt: NOW, endsAt: NOW + 1000 }, 'ed@example.com', NOW);
    await sponsorships.set({ kind: 'tag', termId: tag, companyId: bright, startsAt: NOW + 5, endsAt: NOW + 10 }, 'ed@example.com', NOW);
    expect(await sponsorships.ofTerm('section', section)).toEqual({
      kind: 'section',
      termId: section,
      company: { id: acme, sourceId: '501', slug: 'acme-tolling', name: 'Acme Tolling' },
      startsAt: NOW,
      endsAt: NOW + 1000,
    });
    await sponsorships.set({ kind: 'section', termId: section, companyId: bright, startsAt: NOW + 1, endsAt: NOW + 2 }, 'ed@example.com', NOW);
    expect(await sponsorships.ofTerm('section', section)).toMatchObject({ company: { id: bright }, startsAt: NOW + 1, endsAt: NOW + 2 });
    expect(await sponsorships.clear('section', section)).toBe(true);
    expect(await sponsorships.clear('section', section)).toBe(false);
    expect(await sponsorships.ofTerm('section', section)).toBeUndefined();
    // Clearing the section's left the tag's (both first of their kind: the same id, another kind).
    expect(await sponsorships.ofTerm('tag', tag)).toMatchObject({ company: { id: bright } });
  });

  it('a company merge moves sponsored articles and sponsorships to the company kept; a deleted or merged term takes its sponsorship along', async () => {
    await app.pipeline.save(article({ section: 'Parking', tags: ['Old tag', 'New tag'] }));
    const sponsored = await app.pipeline.save(article({ sponsor: { directoryIdOrSlug: '502' } }));
    const keep = await companyId('acme-tolling');
    const drop = await companyId('acme-tolling-systems');
    const oldTag = Number((await app.store.taxonomy.tagBySlug('old-tag'))!.id);
    const newTag = Number((await app.store.taxonomy.tagBySlug('new-tag'))!.id);
    await app.store.sponsorships.set({ kind: 'tag', termId: newTag, companyId: drop, startsAt: NOW, endsAt: NOW + 1000 }, 'ed@example.com', NOW);
    await app.store.transaction((repos) => repos.companies.mergeInto(keep, drop));
    expect(await sponsorOf(sponsored.id)).toBe(keep);
    expect(await app.store.sponsorships.ofTerm('tag', newTag)).toMatchObject({ company: { id: keep } });

    await app.store.sponsorships.set({ kind: 'tag', termId: oldTag, companyId: keep, startsAt: NOW, endsAt: NOW + 1000 }, 'ed@example.com', NOW);
    await app.store.terms.mergeTags(oldTag, newTag);
    expect(await app.store.sponsorships.ofTerm('tag', oldTag)).toBeUndefined();
    expect(await app.store.sponsorships.ofTerm('tag', newTag)).toMatchObject({ company: { id: keep } });

    const empty = await app.store.taxonomy.ensure('sections', 'Empty section');
    await app.store.sponsorships.set({ kind: 'section', termId: empty, companyId: keep, startsAt: NOW, endsAt: NOW + 1000 }, 'ed@example.com', NOW);
    await app.store.terms.remove('sections', empty);
    expect(await app.store.sponsorships.ofTerm('section', empty)).toBeUndefined();
  });
});
