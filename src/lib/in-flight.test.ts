import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../../test/support.ts';
import { InFlight } from './in-flight.ts';

describe('InFlight', () => {
  it('drains what is running, refuses what comes after, and survives failures', async () => {
    const background = new InFlight();
    const order: string[] = [];
    let release!: () => void;
    background.run(() => new Promise<void>((r) => (release = r)).then(() => void order.push('slow')));
    background.run(() => Promise.reject(new Error('handled elsewhere')));
    const drained = background.drain().then(() => void order.push('drained'));
    background.run(async () => void order.push('late'));
    setImmediate(() => release());
    await drained;
    expect(order).toEqual(['slow', 'drained']);
  });
});

describe('a node shutting down', () => {
  it('waits for a scheduler tick in flight before closing the database under it', async () => {
    const lines: { level: number; msg: string; err?: { message: string } }[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const app = await makeTestApp({ SCHEDULER_INTERVAL_MS: '100' }, log);
    // The tick's publishing is held in flight until the shutdown has begun, then queries the store.
    const publishDue = app.pipeline.publishDue.bind(app.pipeline);
    let ticked!: () => void;
    const inTick = new Promise<void>((r) => (ticked = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let published: unknown;
    app.pipeline.publishDue = async (...args) => {
      ticked();
      await held;
      published = await publishDue(...args);
      return published as never;
    };
    await inTick;
    const closed = app.close();
    setImmediate(() => release());
    await closed;
    expect(lines.filter((l) => l.level >= 40).map((l) => `${l.msg}: ${l.err?.message}`)).toEqual([]);
    expect(published).toBeDefined();
  }, 30_000);
});
