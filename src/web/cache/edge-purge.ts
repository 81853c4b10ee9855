/**
 * Purging an edge cache (Varnish, a CDN) in front of the app nodes by surrogate key. Every node
 * purges after it has purged its own page cache, so the edge cannot fetch a page again from a
 * node that still holds the old one; purging twice is harmless.
 */
import { ALL_KEY } from './surrogate-keys.ts';

export interface EdgePurger {
  /** Purges the pages naming any of `keys`; with undefined, every page. */
  purge(keys: readonly string[] | undefined): Promise<void>;
}

/** No edge cache: pages expire there by their Cache-Control. */
export const NO_EDGE_PURGE: EdgePurger = Object.freeze({ purge: async () => {} });

/** Keys per purge request, so that one header stays well under Varnish's 8 KB header limit. */
const KEYS_PER_REQUEST = 200;

/**
 * Varnish with the xkey vmod (docs/varnish.vcl): `PURGE /` with the keys, space-separated, in
 * `xkey-purge`, to each Varnish URL configured (`EDGE_PURGE_URLS`). The VCL admits purges only
 * from the nodes' addresses.
 * @example new VarnishPurger(['http://127.0.0.1:6081'], fetch, log).purge(['article:7', 'home'])
 */
export class VarnishPurger implements EdgePurger {
  constructor(
    private readonly urls: readonly string[],
    private readonly fetchFn: typeof fetch,
    /** A purge that failed (the edge keeps the page until its max-age): logged, never thrown. */
    private readonly onError: (err: unknown, url: string) => void,
  ) {}

  async purge(keys: readonly string[] | undefined): Promise<void> {
    const all = keys ?? [ALL_KEY];
    const chunks: string[][] = [];
    for (let i = 0; i < all.length; i += KEYS_PER_REQUEST) chunks.push(all.slice(i, i + KEYS_PER_REQUEST));
    await Promise.all(
      this.urls.flatMap((url) =>
        chunks.map(async (chunk) => {
          try {
            const res = await this.fetchFn(new URL('/', url), { method: 'PURGE', headers: { 'xkey-purge': chunk.join(' ') }, signal: AbortSignal.timeout(5000) });
            await res.arrayBuffer();
            if (res.status >= 400) this.onError(`PURGE answered ${res.status}`, url);
          } catch (err) {
            this.onError(err, url);
          }
        }),
      ),
    );
  }
}
