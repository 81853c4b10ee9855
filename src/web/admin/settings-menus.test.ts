import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Agent, signedIn } from '../../../test/admin-support.ts';
import { article, decodedBody, makeTwoNodes, NOW, type TestApp } from '../../../test/support.ts';
import { settingsForm } from '../../admin/index.ts';

const BROWSER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8',
  'accept-encoding': 'br, gzip',
};

/** The header's section links and the footer's publisher links of a page, in order. */
function menusOf(html: string) {
  const header = /<nav class="primary" aria-label="Sections">(.*?)<\/nav>/s.exec(html)![1]!;
  const footer = /<nav aria-label="Publisher">(.*?)<\/nav>/s.exec(html)![1]!;
  return {
    sections: [...header.matchAll(/href="\/sections\/([^"]+)"/g)].map((m) => m[1]),
    pages: [...footer.matchAll(/href="\/pages\/([^"]+)"/g)].map((m) => m[1]),
  };
}

describe('menus edited in the admin', () => {
  let app: TestApp;
  let other: TestApp;
  let admin: Agent;
  const fields = (changes: Record<string, string>) => ({ ...settingsForm(app.settings.current), ...changes });
  const home = async (node: TestApp) => {
    return decodedBody(await node.http.inject({ method: 'GET', url: '/', headers: BROWSER }));
  };

  beforeEach(async () => {
    [app, other] = await makeTwoNodes();
    // Eight sections, Rail the busiest; the automatic menu names the six busiest, by name.
    const sections = ['Bridges', 'Charging', 'Enforcement', 'Freight', 'Ports', 'Rail', 'Tolling', 'Tunnels'];
    for (const [i, section] of sections.entries()) {
      for (let n = 0; n < (section === 'Tunnels' ? 1 : section === 'Rail' ? 4 : 2); n++) await app.pipeline.save(article({ section, publishedAt: NOW - (i * 10 + n) * 3600_000 }));
    }
    for (const [slug, title] of [['about', 'About us'], ['contact', 'Contact'], ['advertise', 'Advertise'], ['privacy', 'Privacy'], ['terms', 'Terms']]) await app.store.pages.upsert(slug!, title!, 'Text.', NOW);
    admin = await signedIn(app, 'admin');
  });
  afterEach(async () => {
    await other.close();
    await app.close();
  });

  it('names the busiest sections and every page until an editor chooses; then the chosen ones, in order, on every node', async () => {
    expect(menusOf(await home(app))).toEqual({
      sections: expect.arrayContaining(['rail']) as unknown as string[],
      pages: ['about', 'contact', 'advertise', 'privacy', 'terms'],
    });
    expect(menusOf(await home(app)).sections).toHaveLength(6);
    expect(menusOf(await home(app)).sections).not.toContain('tunnels');

    const form = await admin.get('/admin/settings');
    expect(form.body).toContain('<label for="menuSection1">Header section 1</label>');
    expect(form.body).toContain('<option value="tunnels">Tunnels</option>');
    expect(form.body).toContain('<option value="privacy">Privacy</option>');

    const res = await admin.post('/admin/settings', fields({ menuSection1: 'tunnels', menuSection2: 'rail', menuSection3: 'ports', footerPage1: 'contact', footerPage2: 'about' }));
    expect(res.statusCode).toBe(303);
    expect(menusOf(await home(app))).toEqual({ sections: ['tunnels', 'rail', 'ports'], pages: ['contact', 'about'] });
    // The other node follows the content version the save bumped.
    await expect.poll(async () => menusOf(await home(other)), { timeout: 20_000 }).toEqual({ sections: ['tunnels', 'rail', 'ports'], pages: ['contact', 'about'] });

    // Emptied again: the automatic default comes back.
    const reset = fields({});
    for (const f of ['menuSection1', 'menuSection2', 'menuSection3', 'footerPage1', 'footerPage2']) reset[f as keyof typeof reset] = '';
    await admin.post('/admin/settings', reset);
    expect(menusOf(await home(app)).pages).toEqual(['about', 'contact', 'advertise', 'privacy', 'terms']);
    expect(menusOf(await home(app)).sections).toHaveLength(6);
  });

  it('refuses a section or page that does not exist and one chosen twice, saving nothing', async () => {
    const res = await admin.post('/admin/settings', fields({ menuSection1: 'rail', menuSection2: 'rail', menuSection3: 'no-such-section', footerPage1: 'no-such-page' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Already chosen above');
    const missing = await admin.post('/admin/settings', fields({ menuSection1: 'no-such-section', footerPage1: 'no-such-page' }));
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('No section has the slug “no-such-section”.');
    expect(missing.body).toContain('No page has the slug “no-such-page”.');
    expect(app.settings.current.menuSection1).toBe('');
  });
});
