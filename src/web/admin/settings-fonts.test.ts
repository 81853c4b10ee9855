import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Agent, signedIn } from '../../../test/admin-support.ts';
import { article, makeTestApp, type TestApp } from '../../../test/support.ts';
import { settingsForm } from '../../admin/index.ts';

const BROWSER = { 'accept-encoding': 'br, gzip' };

describe('heading and body fonts', () => {
  let app: TestApp;
  let admin: Agent;
  const fields = (changes: Record<string, string>) => ({ ...settingsForm(app.settings.current), ...changes });
  const home = async () => (await app.http.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'identity' } })).body;
  const themeIn = (html: string) => /<link rel="stylesheet" href="(\/assets\/theme\/[0-9a-f]{12}\.css)"\/>/.exec(html)?.[1];

  beforeEach(async () => {
    app = await makeTestApp();
    admin = await signedIn(app, 'admin');
    await app.pipeline.save(article({ headline: 'A story to list' }));
  });
  afterEach(() => app.close());

  it('starts with Source Serif 4 headings and Inter body text, served from the site with a year of immutable caching', async () => {
    const page = await home();
    const theme = themeIn(page);
    expect(theme).toBeDefined();
    const css = await app.http.inject({ method: 'GET', url: theme!, headers: BROWSER });
    expect(css.statusCode).toBe(200);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const urls = [...css.body.matchAll(/url\((\/assets\/fonts\/[a-z0-9-]+\.[0-9a-f]{12}\.woff2)\) format\("woff2"\)/g)].map((m) => m[1]!);
    expect(urls.map((u) => u.split('.')[0])).toEqual(['/assets/fonts/source-serif-4', '/assets/fonts/inter']);
    expect(css.body.match(/font-display:swap/g)).toHaveLength(2);
    expect(css.body).toContain('unicode-range:U+0000-00FF,');
    expect(css.body).toContain(':root{--serif:"Source Serif 4",Charter,');
    expect(css.body).toContain(';font-family:"Inter",system-ui,');
    // Only the heading font is preloaded: the first screen's largest text.
    expect(page).toContain(`<link rel="preload" href="${urls[0]}" as="font" type="font/woff2" crossorigin="anonymous"/>`);
    expect(page.match(/rel="preload"[^>]*as="font"/g)).toHaveLength(1);

    for (const url of urls) {
      const font = await app.http.inject({ method: 'GET', url, headers: BROWSER });
      expect(font.statusCode).toBe(200);
      expect(font.headers['content-type']).toBe('font/woff2');
      expect(font.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      // woff2 is compressed already: sent as it is, whatever the reader accepts.
      expect(font.headers['content-encoding']).toBeUndefined();
      expect(font.rawPayload.subarray(0, 4).toString('latin1')).toBe('wOF2');
      expect(Number(font.headers['content-length'])).toBe(font.rawPayload.length);
      expect(font.headers['x-content-type-options']).toBe('nosniff');
      const again = await app.http.inject({ method: 'GET', url, headers: { ...BROWSER, 'if-none-match': String(font.headers.etag) } });
      expect(again.statusCode).toBe(304);
    }
    // A name that is not the file's own hash is not served (the URL is the file's identity).
    expect((await app.http.inject({ method: 'GET', url: urls[0]!.replace(/\.[0-9a-f]{12}\./, '.000000000000.') })).statusCode).toBe(404);
    expect((await app.http.inject({ method: 'GET', url: '/assets/fonts/comic-sans.0123456789ab.woff2' })).statusCode).toBe(404);
    // The page's CSP is unchanged: fonts come from the site itself ('self').
    const headers = (await app.http.inject({ method: 'GET', url: '/', headers: BROWSER })).headers;
    expect(String(headers['content-security-policy'])).toContain("default-src 'self';");
    expect(String(headers['content-security-policy'])).not.toContain('font-src');
  });

  it('saves a choice, shows it on every page, and refuses a font that is not bundled', async () => {
    const form = await admin.get('/admin/settings');
    expect(form.body).toContain('<option value="merriweather">Merriweather (serif)</option>');
    const refused = await admin.post('/admin/settings', fields({ headingFont: 'papyrus' }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('<p class="error" id="headingFont-error">Choose a font from the list.</p>');
    expect(await app.store.state.settings()).toEqual({});

    expect((await admin.post('/admin/settings', fields({ headingFont: 'merriweather', bodyFont: 'libre-franklin' }))).statusCode).toBe(303);
    expect(app.settings.current).toMatchObject({ headingFont: 'merriweather', bodyFont: 'libre-franklin' });
    expect(await app.store.state.settings()).toMatchObject({ headingFont: 'merriweather', bodyFont: 'libre-franklin' });
    expect((await admin.get('/admin/settings')).body).toMatch(/<option value="merriweather" selected(="")?>Merriweather \(serif\)<\/option>/);
    const page = await home();
    const css = (await app.http.inject({ method: 'GET', url: themeIn(page)!, headers: BROWSER })).body;
    expect(css).toContain(':root{--serif:"Merriweather",Charter,');
    expect(css).toContain('font-family:"Libre Franklin",system-ui,');
    expect(page).toMatch(/<link rel="preload" href="\/assets\/fonts\/merriweather\.[0-9a-f]{12}\.woff2"/);

    // One font for both: one @font-face.
    await admin.post('/admin/settings', fields({ headingFont: 'inter', bodyFont: 'inter' }));
    expect((await app.http.inject({ method: 'GET', url: themeIn(await home())!, headers: BROWSER })).body.match(/@font-face/g)).toHaveLength(1);

    // System fonts: nothing to download, no theme stylesheet, no preload.
    await admin.post('/admin/settings', fields({ headingFont: 'system', bodyFont: 'system' }));
    const plain = await home();
    expect(themeIn(plain)).toBeUndefined();
    expect(plain).not.toContain('rel="preload"');
  });
});
