import http from 'node:http';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/support.ts';
import { KEEP_ALIVE_TIMEOUT_MS } from './server.tsx';

let app: TestApp;
let port: number;
beforeAll(async () => {
  app = await makeTestApp();
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  port = (app.http.server.address() as { port: number }).port;
});
afterAll(async () => {
  await app?.close();
});

/** One request over `agent`, resolved with its response headers once the body is read. */
function get(agent: http.Agent, path: string): Promise<http.IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent, headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers));
      })
      .on('error', reject);
  });
}

describe('keep-alive connections', () => {
  it('stay open past a minute, longer than any event-loop stall a request would survive, and say so', async () => {
    // Node's default (5 s) reset connections whenever the loop stalled that long (docs/operations.md, "Soak").
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThanOrEqual(60_000);
    expect(app.http.server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (const path of ['/', '/healthz', '/no/such/page']) {
        const headers = await get(agent, path);
        expect(headers.connection).toBe('keep-alive');
        expect(headers['keep-alive']).toBe(`timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);
      }
    } finally {
      agent.destroy();
    }
  });

  it('are never reset by a stall of the event loop (a synchronous wait for SQLite’s lock, a long collection)', async () => {
    // Readers in a thread of their own keep sending while this thread, the server's, stalls: after a
    // stall longer than the idle timeout, the timers of connections just answered fired before the
    // requests already sent on them were read, and each was closed with a TCP reset.
    const readers = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
      let running = true, ok = 0; const errors = [];
      parentPort.on('message', (m) => { if (m === 'stop') running = false; else parentPort.postMessage({ ok }); });
      const loop = async () => { while (running) { try { const r = await fetch('http://127.0.0.1:' + workerData + '/healthz'); await r.text(); ok++; } catch (e) { errors.push(String(e.cause?.code ?? e.message)); } } };
      Promise.all(Array.from({ length: 8 }, loop)).then(() => parentPort.postMessage({ ok, errors }));`,
      { eval: true, workerData: port },
    );
    try {
      const answered = async () => {
        const reply = new Promise<{ ok: number }>((resolve) => readers.once('message', resolve));
        readers.postMessage('count');
        return (await reply).ok;
      };
      while ((await answered()) < 50); // every connection is open and busy
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 6000); // past Node's 5 s default
      const after = await answered();
      while ((await answered()) < after + 50);
      const result = new Promise<{ errors: string[] }>((resolve) => readers.once('message', resolve));
      readers.postMessage('stop');
      expect((await result).errors).toEqual([]);
    } finally {
      await readers.terminate();
    }
  }, 30_000);
});
