import zlib from 'node:zlib';
import type { TestApp } from './support.ts';

/** What Chromium sends for a page load (compression included: pages are written compressed). */
export const BROWSER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-encoding': 'br, gzip',
  'accept-language': 'en-GB,en;q=0.9',
} as const;

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly text: string;
  readonly setCookies: string[];
}

/**
 * A browser for `app.http.inject`: browser headers, a cookie jar, bodies decoded as the browser
 * would. `ip` is the client address the app sees.
 */
export class TestBrowser {
  readonly jar = new Map<string, string>();
  constructor(
    private readonly app: TestApp,
    readonly ip = '203.0.113.10',
  ) {}

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Reply> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.http.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        ...BROWSER,
        ...(cookie ? { cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://news.example', 'sec-fetch-site': 'same-origin' } : {}),
        ...headers,
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
    const raw = res.rawPayload;
    const enc = res.headers['content-encoding'];
    const body = enc === 'br' ? zlib.brotliDecompressSync(raw) : enc === 'gzip' ? zlib.gunzipSync(raw) : raw;
    const setCookies = [res.headers['set-cookie'] ?? []].flat().map(String);
    for (const c of setCookies) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return { status: res.statusCode, headers: res.headers, text: body.toString('utf8'), setCookies };
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }

  post(url: string, form: Record<string, string>, headers?: Record<string, string>) {
    return this.request('POST', url, form, headers);
  }
}

/** The hidden `_csrf` of the first form on a page. */
export function csrfIn(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new TypeError('no _csrf field on the page');
  return m[1]!;
}
