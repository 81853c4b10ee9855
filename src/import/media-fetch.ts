import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** How far an importer may go to fetch an image from the old site (`--fetch-media`). */
export interface MediaFetchOptions {
  /** Largest file accepted, in bytes (the media library's own limit by default). */
  readonly maxBytes?: number;
  /** Time allowed for one file, redirects included, in ms. */
  readonly timeoutMs?: number;
  readonly maxRedirects?: number;
  /** The Accept header: images by default; the site importer asks for pages and sitemaps. */
  readonly accept?: string;
  /**
   * Fetch from private, loopback and link-local addresses too (`--allow-private-addresses`).
   * Off by default: an export names any URL it likes, and the importer must not become a way to
   * reach the operator's internal network (SSRF).
   */
  readonly allowPrivateAddresses?: boolean;
  /** Addresses refused on top of the private ranges (tests refuse one loopback address this way). */
  readonly refuse?: (address: string) => boolean;
}

/** The bytes of one fetched file, or why there are none, in words for the import report. */
export type Fetched = { readonly data: Buffer } | { readonly missing: string };

export const FETCH_DEFAULTS: { readonly maxBytes: number; readonly timeoutMs: number; readonly maxRedirects: number } = { maxBytes: 10 * 1024 * 1024, timeoutMs: 30_000, maxRedirects: 5 };

/**
 * Addresses no import should reach unless the operator says so: "this network", private
 * (RFC 1918, RFC 4193), loopback, link-local (cloud metadata at 169.254.169.254), carrier-grade
 * NAT, benchmarking, multicast and reserved ranges, and IPv4 ones written as IPv6.
 */
const PRIVATE = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net4, bits, 'ipv4');
for (const [net6, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) {
  PRIVATE.addSubnet(net6, bits, 'ipv6');
}

/** Whether `address` (an IP literal) is one the importer refuses without `--allow-private-addresses`. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  return PRIVATE.check(address, 'ipv6');
}

/**
 * Fetches one file over HTTP(S) for the importer, refusing what an operator did not allow: the
 * address is checked after DNS resolution and the connection goes to the checked address (so a
 * name that resolves differently the second time cannot slip through), each redirect is checked
 * again, the body is cut off past `maxBytes`, and the whole exchange has one deadline. The
 * content type the server claims is not trusted: the media library reads the bytes.
 * @example await fetchMedia('https://old.example/wp-content/uploads/a.jpg', { maxBytes: 5e6 })
 */
export async function fetchMedia(url: string, options: MediaFetchOptions = {}): Promise<Fetched> {
  const limits = { ...FETCH_DEFAULTS, ...options };
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  for (let hop = 0; hop <= limits.maxRedirects; hop++) {
    const answer = await request(current, limits, deadline).catch((e: Error) => ({ missing: deadline.aborted ? `no answer within ${limits.timeoutMs / 1000} s` : e.message }));
    if (!('redirect' in answer)) return answer;
    current = answer.redirect;
  }
  return { missing: `more than ${limits.maxRedirects} redirects` };
}

type Answer = Fetched | { readonly redirect: string };

function request(url: string, limits: MediaFetchOptions & typeof FETCH_DEFAULTS, signal: AbortSignal): Promise<Answer> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ missing: `not a URL: ${url}` });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.resolve({ missing: `not an http(s) URL: ${target.protocol}` });
  const refused = (address: string) => (!limits.allowPrivateAddresses && isPrivateAddress(address)) || limits.refuse?.(address) === true;
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // An IP literal is never looked up, so it is checked here; names are checked in `lookup`.
  if (net.isIP(host) && refused(host)) return Promise.resolve({ missing: `refused: ${host} is a private, loopback or link-local address (--allow-private-addresses allows it)` });
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.find((a) => refused(a.address));
      if (bad) return callback(new Error(`refused: ${hostname} resolves to ${bad.address}, a private, loopback or link-local address (--allow-private-addresses allows it)`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<Answer>((resolve, reject) => {
    const req = client.get(target, { lookup, signal, headers: { accept: limits.accept ?? 'image/*', 'user-agent': 'Masthead importer' } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return resolve({ redirect: new URL(res.headers.location, target).toString() });
      }
      if (status !== 200) {
        res.resume();
        return resolve({ missing: `the old site answered ${status}` });
      }
      const declared = Number(res.headers['content-length']);
      if (declared > limits.maxBytes) {
        res.destroy();
        return resolve({ missing: `larger than ${limits.maxBytes} bytes` });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          res.destroy();
          resolve({ missing: `larger than ${limits.maxBytes} bytes` });
        } else chunks.push(chunk);
      });
      res.on('end', () => resolve({ data: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
