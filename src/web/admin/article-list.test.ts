import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedIn } from '../../../test/admin-support.ts';
import { article, makeTestApp, NOW, type TestApp } from '../../../test/support.ts';

describe('the admin article list: author and company filters, sorting', () => {
  let app: TestApp;

  beforeEach(async () => {
    app = await makeTestApp();
    await app.directory.importCompanies([JSON.stringify({ id: 'c1', name: 'Kapsch TrafficCom' }), JSON.stringify({ id: 'c2', name: 'Q-Free' })]);
    await app.pipeline.save(article({ headline: 'Bravo: Kapsch wins a tolling contract', body: 'Kapsch TrafficCom won it.', authors: ['Ada Writer'], publishedAt: NOW - 3 * 3600_000 }));
    await app.pipeline.save(article({ headline: 'Alpha: Q-Free results', body: 'Q-Free reported results.', authors: ['Ben Reporter'], publishedAt: NOW - 1 * 3600_000 }));
    await app.pipeline.save(article({ headline: 'Charlie: a draft on kerbside charging', body: 'Nothing about companies.', authors: ['Ada Writer'], status: 'draft', publishedAt: undefined }));
  });
  afterEach(() => app.close());

  const headlines = (html: string) => [...html.matchAll(/<a href="\/admin\/articles\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);

  it('filters by author and by company, typed by name, and says when a name matches nothing', async () => {
    const editor = await signedIn(app, 'editor');
    expect(headlines((await editor.get('/admin?author=Ada+Writer')).body)).toEqual(['Charlie: a draft on kerbside charging', 'Bravo: Kapsch wins a tolling contract']);
    expect(headlines((await editor.get('/admin?company=kapsch+trafficcom')).body)).toEqual(['Bravo: Kapsch wins a tolling contract']);
    expect(headlines((await editor.get('/admin?company=q-free&author=Ada+Writer')).body)).toEqual([]);
    const unknown = await editor.get('/admin?author=Nobody+Here&company=Acme');
    expect(unknown.body).toContain('<p class="error">No author named “Nobody Here”.</p>');
    expect(unknown.body).toContain('<p class="error">No company named “Acme” in the directory.</p>');
    expect(unknown.body).toContain('<p role="status">0 articles</p>');
  });

  it('does not count a company an editor blocked on the article', async () => {
    const editor = await signedIn(app, 'editor');
    const kapsch = (await app.store.companies.bySourceId('c1'))!;
    await app.tagging.choose(1, Number(kapsch.id), 'blocked', (await app.store.users.byEmail('editor@example.com'))!);
    expect(headlines((await editor.get('/admin?company=Kapsch+TrafficCom')).body)).toEqual([]);
  });

  it('sorts by last change, publication date or headline, and keeps the choice in the form', async () => {
    const editor = await signedIn(app, 'editor');
    app.clock.now += 60_000;
    await app.pipeline.save(article({ headline: 'Bravo: Kapsch wins a tolling contract', body: 'Kapsch TrafficCom won it, again.', authors: ['Ada Writer'], publishedAt: NOW - 3 * 3600_000 }), 1);
    expect(headlines((await editor.get('/admin')).body)[0]).toBe('Bravo: Kapsch wins a tolling contract');
    expect(headlines((await editor.get('/admin?sort=published')).body)).toEqual([
      'Alpha: Q-Free results',
      'Bravo: Kapsch wins a tolling contract',
      'Charlie: a draft on kerbside charging',
    ]);
    const byHeadline = await editor.get('/admin?sort=headline');
    expect(headlines(byHeadline.body)).toEqual(['Alpha: Q-Free results', 'Bravo: Kapsch wins a tolling contract', 'Charlie: a draft on kerbside charging']);
    expect(byHeadline.body).toContain('<option value="headline" selected>Headline (A–Z)</option>');
    expect((await editor.get('/admin?sort=random')).statusCode).toBe(400);
  });
});
