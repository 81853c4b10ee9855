import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, type TestApp } from '../../test/support.ts';
import { importLines } from '../import/index.ts';

// The seed page's article as a legacy Drupal archive exported it: company links leaked as ids.
const SEED_BODY = [
  '2453 Renault-838 Nissan Alliance will invest US$160 million in Korea to meet anticipated demand for the next-generation Nissan Rogue and to accelerate growth of Renault Samsung Motors. Production of Nissan Rogue crossover in Busan, Korea, will begin in 2014, with an annual capacity of about 80,000 units. This year the plant aims to build about 180,000 vehicles for sale in Korea and 60 other countries.',
  '"Adding production in Korea shows a commitment across the Alliance to helping Renault Samsung Motors achieve its targets for cost competitiveness and growth," said Renault-Nissan Alliance chairman and CEO Carlos Ghosn. "The Busan announcement represents a unique \'win-win-win\' for Renault, Nissan and RSM, demonstrating the flexibility and power of the Alliance for all partners -- and I am counting on every RSM employee to contribute to the successful completion of this project."',
  'Formed in 1999, the Renault-Nissan Alliance achieved a record 8.03 million vehicle sales in 2011 in nearly 200 countries. Brands include Renault, Nissan, 4777 Infiniti, 1973 Dacia and Renault Samsung Motors.',
].join('\n\n');

const COMPANIES = [
  { id: '2453', name: 'Renault', aliases: [], country: 'FR', sector: 'Automotive', parent: null },
  { id: '838', name: 'Nissan', aliases: [], country: 'JP', sector: 'Automotive', parent: null },
  { id: '4777', name: 'Infiniti', aliases: [], parent: '838' },
  { id: '1973', name: 'Dacia', aliases: [], parent: '2453' },
  { id: '9001', name: 'Renault Samsung Motors', aliases: ['RSM'], parent: '2453' },
].map((c) => JSON.stringify(c));

const SLUG = 'renault-nissan-alliance-invests-160-million-korea';
let app: TestApp;

beforeAll(async () => {
  app = await makeTestApp();
  await app.directory.importCompanies(COMPANIES);
  const cleanBody = app.directory.legacyCleaner(await app.directory.current());
  const record = {
    id: 'drupal-856',
    title: 'Renault-Nissan Alliance invests $160 million in Korea',
    standfirst: 'Renault-Nissan Alliance will invest US$160 million in Korea to meet anticipated demand for the next-generation Nissan Rogue.',
    body: SEED_BODY,
    date: '2012-07-23T00:00:00Z',
    section: 'Electric Vehicles',
  };
  const report = await importLines([JSON.stringify(record)], app.pipeline, { cleanBody });
  expect(report.imported).toBe(1);
  await app.pipeline.save(article({ headline: 'Dacia sales rise', body: 'Dacia and Renault both grew.', section: 'Electric Vehicles' }));
});
afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.http.inject({ method: 'GET', url });

describe('the seed article migrated with its companies', () => {
  it('shows no leaked ids and keeps every real number', async () => {
    const res = await get(`/news/${SLUG}`);
    expect(res.statusCode).toBe(200);
    const body = /<div class="body">([\s\S]*?)<\/div>/.exec(res.body)![1]!;
    for (const leaked of ['2453', '838 ', '4777', '1973']) expect(body).not.toContain(leaked);
    for (const real of ['US$160 million', '2014', '80,000 units', '180,000 vehicles', '60 other countries', 'Formed in 1999', '8.03 million', 'in 2011', 'nearly 200 countries']) {
      expect(body).toContain(real);
    }
  });
  it('links the first mention of all five companies to their profiles', async () => {
    const body = /<div class="body">([\s\S]*?)<\/div>/.exec((await get(`/news/${SLUG}`)).body)![1]!;
    expect(body).toContain('<a href="/companies/renault">Renault</a>-<a href="/companies/nissan">Nissan</a> Alliance will invest');
    expect(body).toContain('<a href="/companies/renault-samsung-motors">Renault Samsung Motors</a>.');
    expect(body).toContain('<a href="/companies/infiniti">Infiniti</a>, <a href="/companies/dacia">Dacia</a> and Renault Samsung Motors.');
    expect(body.match(/href="\/companies\/renault"/g)).toHaveLength(1);
  });
  it('lists every company in the box', async () => {
    const html = (await get(`/news/${SLUG}`)).body;
    const box = /For more information on companies in this article<\/h2>([\s\S]*?)<\/aside>/.exec(html)![1]!;
    expect([...box.matchAll(/<a href="\/companies\/([a-z-]+)">([^<]+)<\/a>/g)].map((m) => m[2])).toEqual([
      'Dacia',
      'Infiniti',
      'Nissan',
      'Renault',
      'Renault Samsung Motors',
    ]);
  });
  it.each(['renault', 'nissan', 'infiniti', 'dacia', 'renault-samsung-motors'])('lists the article on the profile of %s', async (slug) => {
    const res = await get(`/companies/${slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="/news/${SLUG}"`);
  });
});

describe('company profile', () => {
  it('shows details, brands, companies named alongside, and JSON-LD Organization', async () => {
    const html = (await get('/companies/renault')).body;
    expect(html).toContain('<h1>Renault</h1>');
    expect(html).toContain('<dt>Brands and subsidiaries</dt>');
    expect(html).toContain('<a href="/companies/dacia">Dacia</a>, <a href="/companies/renault-samsung-motors">Renault Samsung Motors</a>');
    expect(html).toContain('Often mentioned with Renault');
    expect(html).toContain('<a href="/companies/dacia">Dacia</a> (2)');
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);
    expect(ld).toMatchObject({ '@type': 'Organization', name: 'Renault', subOrganization: [{ name: 'Dacia' }, { name: 'Renault Samsung Motors' }] });
    expect((await get('/companies/infiniti')).body).toContain('<dt>Part of</dt>');
  });
  it('lists articles newest first and pages them', async () => {
    const html = (await get('/companies/dacia')).body;
    expect(html.indexOf('/news/dacia-sales-rise')).toBeLessThan(html.indexOf(`/news/${SLUG}`));
    expect((await get('/companies/dacia?page=2')).statusCode).toBe(404);
  });
  it('has feeds', async () => {
    const rss = await get('/companies/renault/feed.xml');
    expect(rss.statusCode).toBe(200);
    expect(XMLValidator.validate(rss.body)).toBe(true);
    expect(rss.body).toContain(`/news/${SLUG}`);
    expect((await get('/companies/renault/feed.json')).json().items).toHaveLength(2);
  });
  it('404s an unknown company', async () => {
    expect((await get('/companies/nobody')).statusCode).toBe(404);
    expect((await get('/companies/nobody/feed.xml')).statusCode).toBe(404);
  });
  it('lists companies A–Z with article counts and letter navigation', async () => {
    const html = (await get('/companies')).body;
    expect([...html.matchAll(/<h2><a href="\/companies\/([a-z-]+)">/g)].map((m) => m[1])).toEqual(['dacia', 'infiniti', 'nissan', 'renault', 'renault-samsung-motors']);
    expect(html).toContain('Automotive · FR · 2 articles');
    const r = (await get('/companies?letter=r')).body;
    expect([...r.matchAll(/<h2><a href="\/companies\/([a-z-]+)">/g)].map((m) => m[1])).toEqual(['renault', 'renault-samsung-motors']);
  });
});

describe('companies API', () => {
  it('lists companies', async () => {
    const body = (await get('/api/v1/companies?letter=d')).json();
    expect(body).toEqual({
      total: 1,
      page: 1,
      pages: 1,
      companies: [{ id: expect.any(Number), sourceId: '1973', slug: 'dacia', name: 'Dacia', sector: null, country: null, articles: 2, url: 'https://news.example/companies/dacia' }],
    });
  });
  it('gives a profile with its articles', async () => {
    const body = (await get('/api/v1/companies/infiniti')).json();
    expect(body).toMatchObject({ sourceId: '4777', name: 'Infiniti', parent: { sourceId: '838', name: 'Nissan' }, articles: { total: 1 } });
    expect(body.articles.articles[0].slug).toBe(SLUG);
    expect((await get('/api/v1/companies/nobody')).statusCode).toBe(404);
  });
  it('shows an article’s companies', async () => {
    const body = (await get(`/api/v1/articles/${SLUG}`)).json();
    expect(body.companies.map((c: { sourceId: string }) => c.sourceId).sort()).toEqual(['1973', '2453', '4777', '838', '9001']);
  });
});
