/**
 * A stand-in for the site an import reads from: a local HTTP server answering each path with the
 * file the test holds for it (404 otherwise) and telling the test every path asked, so a test can
 * change its files or count its fetches between runs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  readonly body: string | Buffer;
  /** The content type; HTML when left out. */
  readonly type?: string;
}

export interface OldSite {
  readonly server: http.Server;
  /** `http://127.0.0.1:PORT`. */
  readonly base: string;
  close(): Promise<void>;
}

/** Starts the server on a free loopback port; `fileAt` is asked for each request's path. */
export async function serveOldSite(fileAt: (path: string) => ServedFile | undefined, asked: (path: string) => void): Promise<OldSite> {
  const server = http.createServer((req, res) => {
    asked(req.url!);
    const file = fileAt(req.url!);
    if (!file) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': file.type ?? 'text/html; charset=utf-8' }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
