import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { article, makeTwoNodes } from '../../test/support.ts';

const BROWSER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'accept-encoding': 'br, gzip' };

describe('ad changes across app nodes', () => {
  it('a campaign added and ended on one node reaches the pages another node has cached', async () => {
    const [a, b] = await makeTwoNodes();
    try {
      const { slug } = await a.pipeline.save(article({ sourceId: 'multi', headline: 'A story on both nodes' }));
      const base = await b.http.listen({ port: 0, host: '127.0.0.1' });
      const page = async () => {
        const res = await fetch(`${base}/news/${slug}`, { headers: BROWSER });
        return { cache: res.headers.get('x-cache'), html: await res.text() };
      };
      /** Node b's page, asked again until `ok` (its cache follows the content version: NOTIFY, or the 2 s poll). */
      const until = async (ok: (html: string) => boolean) => {
        const t0 = Date.now();
        let last = await page();
        while (!ok(last.html) && Date.now() - t0 < 20_000) {
          await new Promise((r) => setTimeout(r, 100));
          last = await page();
        }
        return last.html;
      };
      expect((await until((html) => html.includes('A story on both nodes'))).includes('data-ad-slot')).toBe(false);
      // Kept once rendered; a render that crossed b's emptying (a's save reaching it) is not kept, the next is.
      const t0 = Date.now();
      let cache = (await page()).cache;
      while (cache !== 'HIT' && Date.now() - t0 < 10_000) cache = (await page()).cache;
      expect(cache).toBe('HIT');

      const data = await sharp({ create: { width: 300, height: 250, channels: 3, background: '#036' } }).png().toBuffer();
      const { id, campaignId } = await a.ads.addImageAd({ name: 'Everywhere' }, { filename: 'ad.png', data }, { slot: 'sidebar', alt: 'An ad', url: 'https://ad.example/' }, 'test');
      expect(await until((html) => html.includes(`/ads/i/${id}`))).toContain(`/ads/i/${id}`);

      await a.ads.endCampaign(campaignId, 'test');
      expect(await until((html) => !html.includes('data-ad-slot'))).not.toContain('data-ad-slot');
    } finally {
      await b.close();
      await a.close();
    }
  }, 90_000);
});
