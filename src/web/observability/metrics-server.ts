/** /metrics on a port of its own (`METRICS_PORT`), apart from the public site. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { bearerMatches } from './metrics.ts';

export interface MetricsServer {
  /** `http://host:port`, with the port the system chose for port 0. */
  readonly address: string;
  close(): Promise<void>;
}

/**
 * Serves `registry` at `/metrics` on `host:port` and nothing else: a plain Node server, so a scrape
 * never waits behind the site's routing, hooks or rate limits, and a port that only the monitoring
 * network reaches needs no token (with `token`, it still asks for it).
 * @example const server = await listenMetrics(registry, { host: '127.0.0.1', port: 9464, token: null });
 */
export async function listenMetrics(registry: Registry, options: { host: string; port: number; token: string | null }): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (path !== '/metrics') return answer(404, 'Not found: metrics are at /metrics\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405, 'Method not allowed\n', { allow: 'GET, HEAD' });
    if (options.token !== null && !bearerMatches(req.headers.authorization, options.token)) return answer(401, 'Unauthorized\n', { 'www-authenticate': 'Bearer' });
    registry.metrics().then(
      (text) => answer(200, text, { 'content-type': registry.contentType }),
      () => answer(500, 'Metrics could not be collected\n'),
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    address: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
