import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchMedia, isPrivateAddress } from './media-fetch.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('isPrivateAddress', () => {
  it('refuses loopback, private, link-local and mapped addresses, and lets public ones through', () => {
    const refused = ['127.0.0.1', '127.9.9.9', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip'];
    const allowed = ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'];
    expect(refused.filter((a) => !isPrivateAddress(a))).toEqual([]);
    expect(allowed.filter((a) => isPrivateAddress(a))).toEqual([]);
  });
});

describe('fetchMedia', () => {
  let server: http.Server;
  let base: string;
  let hits: string[];
  beforeEach(async () => {
    hits = [];
    server = http.createServer((req, res) => {
      hits.push(req.url!);
      if (req.url === '/image.png') return res.writeHead(200, { 'content-type': 'text/html' }).end(PNG);
      if (req.url === '/big-declared') return res.writeHead(200, { 'content-length': '5000' }).end(Buffer.alloc(5000));
      if (req.url === '/big-chunked') {
        res.writeHead(200);
        res.write(Buffer.alloc(3000));
        return res.end(Buffer.alloc(3000));
      }
      if (req.url === '/to-other-loopback') return res.writeHead(302, { location: `http://127.0.0.2:${(server.address() as AddressInfo).port}/image.png` }).end();
      if (req.url === '/to-metadata') return res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
      if (req.url === '/relative') return res.writeHead(302, { location: '/image.png' }).end();
      if (req.url === '/silent') return; // never answers
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const open = { allowPrivateAddresses: true };

  it('returns the bytes, whatever type the server claims, and follows a relative redirect', async () => {
    expect(await fetchMedia(`${base}/image.png`, open)).toEqual({ data: PNG });
    expect(await fetchMedia(`${base}/relative`, open)).toEqual({ data: PNG });
  });

  it('connects by name through its own checked lookup', async () => {
    expect(await fetchMedia(`http://localhost:${(server.address() as AddressInfo).port}/image.png`, open)).toEqual({ data: PNG });
  });

  it('refuses loopback by IP and by name (after DNS) and link-local, without connecting', async () => {
    const port = (server.address() as AddressInfo).port;
    expect(await fetchMedia(`${base}/image.png`)).toEqual({ missing: 'refused: 127.0.0.1 is a private, loopback or link-local address (--allow-private-addresses allows it)' });
    expect(await fetchMedia(`http://localhost:${port}/image.png`)).toMatchObject({ missing: expect.stringMatching(/^refused: localhost resolves to (127\.0\.0\.1|::1), a private, loopback or link-local address/) });
    expect(await fetchMedia(`http://[::1]:${port}/image.png`)).toMatchObject({ missing: expect.stringMatching(/^refused: ::1 is a private/) });
    expect(await fetchMedia('http://169.254.169.254/latest/meta-data/')).toMatchObject({ missing: expect.stringMatching(/^refused: 169\.254\.169\.254/) });
    expect(hits).toEqual([]);
  });

  it('checks every redirect again', async () => {
    // 127.0.0.1 is allowed here and 127.0.0.2 is not: the second hop must be refused on its own.
    expect(await fetchMedia(`${base}/to-other-loopback`, { refuse: (a) => a === '127.0.0.2', allowPrivateAddresses: true })).toMatchObject({ missing: expect.stringMatching(/^refused: 127\.0\.0\.2/) });
    expect(await fetchMedia(`${base}/to-metadata`, { refuse: (a) => a.startsWith('169.254.'), allowPrivateAddresses: true })).toMatchObject({ missing: expect.stringMatching(/^refused: 169\.254\.169\.254/) });
    expect(hits).toEqual(['/to-other-loopback', '/to-metadata']);
    expect(await fetchMedia(`${base}/loop`, { ...open, maxRedirects: 3 })).toEqual({ missing: 'more than 3 redirects' });
  });

  it('stops past the size limit, declared or not', async () => {
    expect(await fetchMedia(`${base}/big-declared`, { ...open, maxBytes: 4000 })).toEqual({ missing: 'larger than 4000 bytes' });
    expect(await fetchMedia(`${base}/big-chunked`, { ...open, maxBytes: 4000 })).toEqual({ missing: 'larger than 4000 bytes' });
  });

  it('gives up at the deadline, and names other failures', async () => {
    expect(await fetchMedia(`${base}/silent`, { ...open, timeoutMs: 500 })).toEqual({ missing: 'no answer within 0.5 s' });
    expect(await fetchMedia(`${base}/nothing-here`, open)).toEqual({ missing: 'the old site answered 404' });
    expect(await fetchMedia('ftp://old.example/a.png', open)).toEqual({ missing: 'not an http(s) URL: ftp:' });
  });
});
