import { setTimeout as sleep } from 'node:timers/promises';
import { status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it, vi } from 'vitest';
import { ReduceClient, UdfConnection, type ReduceResult } from '../src/client/index.js';
import { reduceServiceDefinition } from '../src/reduce/server.js';
import { createReduceServer, Message, type ReduceHandler, type UdfServer } from '../src/index.js';
import { cleanedAfterEach, tempSocketDir, testOptions } from './helpers.js';

// The machine is shared with other work: waiting longer is not a failure, never answering is.
const WAIT = { timeout: 10_000, interval: 20 };

const { servers, clients } = cleanedAfterEach<ReduceClient>();

async function setup(handler: ReduceHandler): Promise<{ dir: string; server: UdfServer; client: ReduceClient }> {
  const dir = tempSocketDir();
  const server = createReduceServer(handler, testOptions(dir));
  servers.push(server);
  await server.start();
  const client = await ReduceClient.connect({ socketDir: dir, timeoutMs: 5_000 });
  clients.push(client);
  return { dir, server, client };
}

/** Sums the numeric values of a group; reports the window and the datum count. */
const sum: ReduceHandler = async (keys, datums, window) => {
  let total = 0;
  let count = 0;
  for await (const datum of datums) {
    total += Number(datum.value.toString());
    count++;
  }
  return [new Message(JSON.stringify({ total, count, start: window.start.getTime() }), { keys: [...keys], tags: ['sum'] })];
};

const byKey = (results: ReduceResult[]) =>
  Object.fromEntries(results.map((r) => [r.keys.join('/'), JSON.parse(r.value.toString()) as { total: number; count: number; start: number }]));

const W1 = { start: 0, end: 60_000 };
const W2 = { start: 30_000, end: 90_000 };

describe('aligned reduce', () => {
  it('uses reduce.sock and reducer-server-info, and answers IsReady', async () => {
    const { server, client } = await setup(sum);
    expect(server.socketPath).toMatch(/\/reduce\.sock$/);
    expect(server.serverInfoPath).toMatch(/\/reducer-server-info$/);
    await expect(client.isReady()).resolves.toBe(true);
  });

  it('reduces each (window, keys) group, sending results then EOF per window', async () => {
    const { client } = await setup(sum);
    const results = await client.reduceWindow(W1, [
      { keys: ['a'], value: '1' },
      { keys: ['b'], value: '10' },
      { keys: ['a'], value: '2' },
      { keys: ['a', 'x'], value: '100' },
    ]);
    expect(byKey(results)).toEqual({
      a: { total: 3, count: 2, start: 0 },
      b: { total: 10, count: 1, start: 0 },
      'a/x': { total: 100, count: 1, start: 0 },
    });
    for (const r of results) {
      expect(r.window).toEqual({ start: new Date(0), end: new Date(60_000) });
      expect(r.eventTime.getTime()).toBe(59_999);
      expect(r.tags).toEqual(['sum']);
    }
  });

  it('closes one sliding window while another stays open', async () => {
    const { client } = await setup(sum);
    const first = client.openWindow(W1);
    const second = client.openWindow(W2);
    // A datum at t=45s belongs to both sliding windows, each on its own stream.
    first.append({ keys: ['a'], value: '1', eventTime: 10_000 });
    first.append({ keys: ['a'], value: '4', eventTime: 45_000 });
    second.append({ keys: ['a'], value: '4', eventTime: 45_000 });
    first.append({ keys: ['b'], value: '7', eventTime: 50_000 });
    second.append({ keys: ['b'], value: '7', eventTime: 50_000 });
    expect(byKey(await first.close())).toEqual({ a: { total: 5, count: 2, start: 0 }, b: { total: 7, count: 1, start: 0 } });
    second.append({ keys: ['a'], value: '20', eventTime: 70_000 });
    second.append({ keys: ['c'], value: '3', eventTime: 80_000 });
    expect(byKey(await second.close())).toEqual({
      a: { total: 24, count: 2, start: 30_000 },
      b: { total: 7, count: 1, start: 30_000 },
      c: { total: 3, count: 1, start: 30_000 },
    });
  });

  it('starts the handler at the first datum and feeds datums as they arrive', async () => {
    const consumed: string[] = [];
    const { client } = await setup(async (keys, datums) => {
      for await (const datum of datums) consumed.push(datum.value.toString());
      return [new Message(consumed.join(','), { keys: [...keys] })];
    });
    const window = client.openWindow(W1);
    window.append({ keys: ['k'], value: 'one' });
    await vi.waitFor(() => expect(consumed).toEqual(['one']), WAIT);
    window.append({ keys: ['k'], value: 'two' });
    await vi.waitFor(() => expect(consumed).toEqual(['one', 'two']), WAIT);
    const results = await window.close();
    expect(results.map((r) => r.value.toString())).toEqual(['one,two']);
  });

  it('honours a CLOSE operation: results and EOF for that window before the stream ends', async () => {
    const { dir } = await setup(sum);
    const connection = await UdfConnection.open('reduce', reduceServiceDefinition(), { socketDir: dir });
    const call = connection.bidi<object, { result?: { keys: string[]; value: Buffer } | null; EOF?: boolean }>('ReduceFn');
    const received: { keys?: string[]; eof: boolean }[] = [];
    call.on('data', (response) => received.push(response.EOF ? { eof: true } : { keys: response.result?.keys ?? [], eof: false }));
    const window = { start: { seconds: 0, nanos: 0 }, end: { seconds: 60, nanos: 0 }, slot: '0' };
    const payload = (value: string) => ({ keys: ['z'], value: Buffer.from(value), headers: {} });
    call.write({ payload: payload('2'), operation: { event: 0, windows: [window] } });
    call.write({ payload: payload('3'), operation: { event: 4, windows: [window] } });
    call.write({ payload: { keys: [], value: Buffer.alloc(0), headers: {} }, operation: { event: 1, windows: [window] } });
    await vi.waitFor(() => expect(received).toEqual([{ keys: ['z'], eof: false }, { eof: true }]), WAIT);
    const ended = new Promise((resolve) => call.on('end', resolve));
    call.end();
    await ended;
    expect(received).toHaveLength(2);
    connection.close();
  });

  it('rejects a request naming more than one window', async () => {
    const { dir } = await setup(sum);
    const connection = await UdfConnection.open('reduce', reduceServiceDefinition(), { socketDir: dir });
    const call = connection.bidi<object, object>('ReduceFn');
    call.on('data', () => undefined);
    const failure = new Promise<ServiceError>((resolve) => call.on('error', resolve));
    const w = { start: { seconds: 0, nanos: 0 }, end: { seconds: 60, nanos: 0 }, slot: '0' };
    call.write({ payload: { keys: ['a'], value: Buffer.from('1'), headers: {} }, operation: { event: 0, windows: [w, w] } });
    const err = await failure;
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toBe('reduce request must name exactly one window, got 2');
    connection.close();
  });

  it('feeds a slow handler a large window completely and in order (reading pauses while it lags)', async () => {
    const { client } = await setup(async (keys, datums) => {
      let count = 0;
      let inOrder = true;
      for await (const datum of datums) {
        if (Number(datum.value.toString()) !== count) inOrder = false;
        if (count++ % 500 === 0) await sleep(5);
      }
      return [new Message(`${count} ${inOrder}`, { keys: [...keys] })];
    });
    const results = await client.reduceWindow(W1, Array.from({ length: 5000 }, (_, i) => ({ keys: ['k'], value: `${i}` })));
    expect(results.map((r) => r.value.toString())).toEqual(['5000 true']);
  });

  it('reports a throwing reducer as INTERNAL UDF_EXECUTION_ERROR and stops the server', async () => {
    const { server, client } = await setup(async (_keys, datums) => {
      for await (const datum of datums) if (datum.value.toString() === 'bad') throw new RangeError('bad datum');
      return [];
    });
    const err = (await client.reduceWindow(W1, [{ value: 'ok' }, { value: 'bad' }]).catch((e: unknown) => e)) as ServiceError;
    expect(err.code).toBe(status.INTERNAL);
    expect(err.details).toBe('UDF_EXECUTION_ERROR(udf): RangeError: bad datum');
    await vi.waitFor(() => expect(server.state).toBe('stopped'), WAIT);
  });
});
