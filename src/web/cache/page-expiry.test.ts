import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { makePage, PageCache } from './index.ts';

const req = (url: string) => ({ method: 'GET', url, headers: {} }) as unknown as IncomingMessage;
const res = () => ({ writeHead() {}, end() {} }) as unknown as ServerResponse;

describe('PageCache: pages kept until a time (a sponsorship starts or ends)', () => {
  it('serves a page until its expiry, then treats it as missing and lets it go; pages without one stay', () => {
    const clock = { now: 1_000 };
    const cache = new PageCache(100, Number.POSITIVE_INFINITY, () => clock.now);
    cache.set('/sections/tolling', makePage(200, 'text/html', 'sponsored', undefined), ['page'], 2_000);
    cache.set('/news', makePage(200, 'text/html', 'news', undefined), ['page']);
    expect(cache.tryServe(req('/sections/tolling'), res())).toBe(true);
    clock.now = 1_999;
    expect(cache.tryServe(req('/sections/tolling'), res())).toBe(true);
    clock.now = 2_000;
    expect(cache.tryServe(req('/sections/tolling'), res())).toBe(false);
    expect(cache.get('/sections/tolling')).toBeUndefined();
    expect(cache.size).toBe(1);
    expect(cache.tryServe(req('/news'), res())).toBe(true);
  });
});
