import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { MapClient, RawMapStream, UdfConnection } from '../src/client/index.js';
import { mapServiceDefinition } from '../src/map/server.js';
import {
  createBatchMapServer,
  createMapServer,
  createMapStreamServer,
  DROP_TAG,
  Message,
  SDK_VERSION,
  type Datum,
  type UdfServer,
} from '../src/index.js';
import { cleanedAfterEach, tempSocketDir, testOptions } from './helpers.js';

const { servers, clients } = cleanedAfterEach<MapClient>();

async function started(server: UdfServer): Promise<UdfServer> {
  servers.push(server);
  await server.start();
  return server;
}

async function connect(socketDir: string, mode: 'unary-map' | 'batch-map' | 'stream-map' = 'unary-map'): Promise<MapClient> {
  const client = await MapClient.connect({ socketDir, mode, timeoutMs: 5_000 });
  clients.push(client);
  return client;
}

const echo = (datum: Datum) => [new Message(datum.value, { keys: datum.keys })];

describe('map server: files and health', () => {
  it('writes the server-info file as compact JSON followed by the end marker', async () => {
    const dir = tempSocketDir();
    const server = await started(createMapServer(echo, testOptions(dir)));
    const text = readFileSync(server.serverInfoPath, 'utf8');
    expect(server.serverInfoPath).toBe(`${dir}/mapper-server-info`);
    expect(server.socketPath).toBe(`${dir}/map.sock`);
    expect(text).toBe(
      `{"protocol":"uds","language":"typescript","minimum_numaflow_version":"1.4.0-z","version":"${SDK_VERSION}","metadata":{"MAP_MODE":"unary-map"}}U+005C__END__`,
    );
    expect(SDK_VERSION).toBe('0.1.0');
  });

  it('uses batchmap.sock / mapstream.sock and reports MAP_MODE for the other modes', async () => {
    const dir = tempSocketDir();
    const batch = await started(createBatchMapServer((ds) => ds.map(echo), testOptions(dir)));
    expect(batch.socketPath).toBe(`${dir}/batchmap.sock`);
    expect(JSON.parse(readFileSync(batch.serverInfoPath, 'utf8').replace('U+005C__END__', '')).metadata).toEqual({ MAP_MODE: 'batch-map' });
    await batch.stop();
    const stream = await started(createMapStreamServer(echo, testOptions(dir)));
    expect(stream.socketPath).toBe(`${dir}/mapstream.sock`);
    expect(readFileSync(stream.serverInfoPath, 'utf8')).toContain('"MAP_MODE":"stream-map"');
  });

  it('answers IsReady with ready=true', async () => {
    const dir = tempSocketDir();
    await started(createMapServer(echo, testOptions(dir)));
    const client = await connect(dir);
    await expect(client.isReady()).resolves.toBe(true);
  });

  it('removes a stale socket file and server-info file left by a previous run', async () => {
    const dir = tempSocketDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/map.sock`, 'stale');
    writeFileSync(`${dir}/mapper-server-info`, '{"protocol":"tcp"}U+005C__END__');
    await started(createMapServer(echo, testOptions(dir)));
    const client = await connect(dir);
    expect((await client.map({ value: 'alive' }))[0]?.value.toString()).toBe('alive');
  });

  it('removes the socket and server-info file on stop', async () => {
    const dir = tempSocketDir();
    const server = await started(createMapServer(echo, testOptions(dir)));
    await server.stop();
    expect(() => readFileSync(server.serverInfoPath)).toThrow(/ENOENT/);
    expect(() => readFileSync(server.socketPath)).toThrow(/ENOENT/);
  });
});

describe('map server: protocol', () => {
  it('rejects a stream whose first request is not a handshake, and keeps serving', async () => {
    const dir = tempSocketDir();
    await started(createMapServer(echo, testOptions(dir)));
    const connection = await UdfConnection.open('map', mapServiceDefinition(), { socketDir: dir });
    const call = connection.bidi<object, object>('MapFn');
    const failure = new Promise<ServiceError>((resolve) => call.on('error', resolve));
    call.on('data', () => undefined);
    call.write({ id: '1', request: { keys: ['k'], value: Buffer.from('x'), headers: {} } });
    const err = await failure;
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/handshake/);
    connection.close();
    const client = await connect(dir);
    expect((await client.map({ value: 'still here' }))[0]?.value.toString()).toBe('still here');
  });

  it('keeps 500 requests in flight and answers each id once, in any order', async () => {
    const dir = tempSocketDir();
    let running = 0;
    let peak = 0;
    // The first 500 handlers wait until all 500 are running at once: only a server (and a client) that
    // keep 500 requests in flight get past this gate.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    await started(
      createMapServer(async (datum) => {
        running++;
        peak = Math.max(peak, running);
        if (running === 500) open();
        await gate;
        await sleep(Number(datum.value.toString()) % 7);
        running--;
        return [new Message(`${datum.value.toString()}!`, { keys: [...datum.keys, 'seen'], tags: ['even'] })];
      }, testOptions(dir)),
    );
    const client = await connect(dir);
    const inputs = Array.from({ length: 2000 }, (_, i) => ({ keys: [`k${i % 3}`], value: `${i}` }));
    const order: number[] = [];
    const answers = await client.mapAll(inputs, { onResult: (index) => order.push(index) });
    expect(peak).toBe(500);
    expect(answers).toHaveLength(2000);
    answers.forEach((results, i) => {
      expect(results).toHaveLength(1);
      expect(results[0]?.value.toString()).toBe(`${i}!`);
      expect(results[0]?.keys).toEqual([`k${i % 3}`, 'seen']);
      expect(results[0]?.tags).toEqual(['even']);
    });
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
  });

  it('passes event time, watermark, headers and id through to the handler', async () => {
    const dir = tempSocketDir();
    const seen: { id: string; eventTime: number; watermark: number; headers: Record<string, string> }[] = [];
    await started(
      createMapServer((datum) => {
        seen.push({ id: datum.id, eventTime: datum.eventTime.getTime(), watermark: datum.watermark.getTime(), headers: { ...datum.headers } });
        return [];
      }, testOptions(dir)),
    );
    const client = await connect(dir);
    const results = await client.map({ id: 'vtx-7-0', value: 'v', eventTime: 1_700_000_000_123, watermark: 1_699_999_999_000, headers: { h: '1' } });
    expect(results).toEqual([]);
    expect(seen).toEqual([{ id: 'vtx-7-0', eventTime: 1_700_000_000_123, watermark: 1_699_999_999_000, headers: { h: '1' } }]);
  });

  it('carries a 10 MiB message both ways', async () => {
    const dir = tempSocketDir();
    await started(createMapServer(echo, testOptions(dir)));
    const client = await connect(dir);
    const big = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
    const results = await client.map({ value: big });
    expect(results[0]?.value.length).toBe(big.length);
    expect(Buffer.compare(results[0]!.value, big)).toBe(0);
  });

  it('returns the drop tag for Message.drop()', async () => {
    const dir = tempSocketDir();
    await started(createMapServer(() => [Message.drop()], testOptions(dir)));
    const client = await connect(dir);
    const results = await client.map({ value: 'x' });
    expect(DROP_TAG).toBe('U+005C__DROP__');
    expect(results[0]?.tags).toEqual([DROP_TAG]);
    expect(results[0]?.value.length).toBe(0);
  });

  it('ends the stream with INTERNAL when a handler returns something that is not messages', async () => {
    const dir = tempSocketDir();
    const server = await started(createMapServer((() => 'not an array') as never, testOptions(dir)));
    const client = await connect(dir);
    const err = (await client.map({ value: 'x' }).catch((e: unknown) => e)) as ServiceError;
    expect(err.code).toBe(status.INTERNAL);
    expect(err.details).toBe('UDF_EXECUTION_ERROR(udf): InvalidResultError: map handler must return an array of Message, got string');
    for (let i = 0; i < 100 && server.state !== 'stopped'; i++) await sleep(20);
    expect(server.state).toBe('stopped');
  });
});

describe('batch map', () => {
  it('gives the handler each batch whole and answers every id before the EOT', async () => {
    const dir = tempSocketDir();
    const batches: string[][] = [];
    await started(
      createBatchMapServer(async (datums) => {
        batches.push(datums.map((d) => d.value.toString()));
        await sleep(5);
        return datums.map((d) => (d.value.toString() === 'drop' ? [Message.drop()] : [new Message(d.value, { keys: d.keys }), new Message('twice')]));
      }, testOptions(dir)),
    );
    const client = await connect(dir, 'batch-map');
    const first = await client.batchMap([{ value: 'a' }, { value: 'drop' }, { value: 'c', keys: ['kc'] }]);
    const second = await client.batchMap([{ value: 'd' }]);
    const empty = await client.batchMap([]);
    expect(batches).toEqual([['a', 'drop', 'c'], ['d'], []]);
    expect(first.map((rs) => rs.map((r) => r.value.toString()))).toEqual([['a', 'twice'], [''], ['c', 'twice']]);
    expect(first[1]?.[0]?.tags).toEqual([DROP_TAG]);
    expect(first[2]?.[0]?.keys).toEqual(['kc']);
    expect(second.map((rs) => rs[0]?.value.toString())).toEqual(['d']);
    expect(empty).toEqual([]);
  });

  it('splits mapAll into batches of the client concurrency, each closed by EOT', async () => {
    const dir = tempSocketDir();
    const sizes: number[] = [];
    await started(createBatchMapServer((datums) => (sizes.push(datums.length), datums.map(echo)), testOptions(dir)));
    const client = await MapClient.connect({ socketDir: dir, mode: 'batch-map', concurrency: 40 });
    clients.push(client);
    const answers = await client.mapAll(Array.from({ length: 100 }, (_, i) => ({ value: `${i}` })));
    expect(sizes).toEqual([40, 40, 20]);
    expect(answers.map((rs) => rs[0]?.value.toString())).toEqual(Array.from({ length: 100 }, (_, i) => `${i}`));
  });

  it('fails the stream when the handler answers fewer datums than it was given', async () => {
    const dir = tempSocketDir();
    await started(createBatchMapServer((datums) => datums.slice(1).map(echo), testOptions(dir)));
    const client = await connect(dir, 'batch-map');
    const err = (await client.batchMap([{ value: 'a' }, { value: 'b' }]).catch((e: unknown) => e)) as ServiceError;
    expect(err.code).toBe(status.INTERNAL);
    expect(err.details).toMatch(/^UDF_EXECUTION_ERROR\(udf\): InvalidResultError: batch map handler must return one array per datum \(2\), got 1 answers$/);
  });
});

/**
 * A raw batch-map stream (RawMapStream) that reads its responses back as `id=value` for an answer (values of
 * several results joined by +) and `EOT` for a batch's end, in arrival order.
 */
async function rawBatchStream(dir: string) {
  const stream = await RawMapStream.open('batchmap', { socketDir: dir });
  return {
    get seen(): string[] {
      return stream.responses.map((r) => (r.status?.eot ? 'EOT' : `${r.id}=${(r.results ?? []).map((m) => Buffer.from(m.value).toString()).join('+')}`));
    },
    ended: stream.ended,
    datum: (id: string, value: string) => stream.datum(id, { keys: ['k'], value }),
    eot: () => stream.eot(),
    until: (count: number) => stream.until(count),
    close: () => stream.close(),
  };
}

/** A promise with its resolve function outside, so a test decides when a handler's answer is ready. */
function gate<T>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

describe('batch map with an eager handler', () => {
  it('answers each datum as soon as it is done, before the batch EOT arrives, and sends the EOT after the last answer', async () => {
    const dir = tempSocketDir();
    const late = gate<Message[]>();
    await started(
      createBatchMapServer(
        { answer: (datum: Datum) => (datum.value.toString() === 'late' ? late.promise : [new Message(datum.value.toString().toUpperCase())]) },
        testOptions(dir),
      ),
    );
    const stream = await rawBatchStream(dir);
    stream.datum('1', 'a');
    // No EOT sent yet, and the answer is out already.
    await stream.until(1);
    expect(stream.seen).toEqual(['1=A']);
    stream.datum('2', 'late');
    stream.datum('3', 'c');
    stream.eot();
    await stream.until(2);
    await sleep(20);
    // The EOT waits for datum 2, whose answer is not ready.
    expect(stream.seen).toEqual(['1=A', '3=C']);
    late.open([new Message('L1'), new Message('L2')]);
    await stream.until(4);
    expect(stream.seen).toEqual(['1=A', '3=C', '2=L1+L2', 'EOT']);
    stream.close();
  });

  it('holds the answers of a later batch until the earlier batch EOT is out', async () => {
    const dir = tempSocketDir();
    const late = gate<Message[]>();
    await started(createBatchMapServer({ answer: (datum: Datum) => (datum.value.toString() === 'late' ? late.promise : echo(datum)) }, testOptions(dir)));
    const stream = await rawBatchStream(dir);
    // A client that sends the next batch before the first is answered (the platform does not, but may not rely on it).
    stream.datum('1', 'late');
    stream.eot();
    stream.datum('2', 'b');
    stream.eot();
    stream.datum('3', 'c');
    await sleep(20);
    expect(stream.seen).toEqual([]);
    late.open([new Message('x')]);
    await stream.until(5);
    expect(stream.seen).toEqual(['1=x', 'EOT', '2=b', 'EOT', '3=c']);
    stream.eot();
    await stream.until(6);
    expect(stream.seen.at(-1)).toBe('EOT');
    stream.close();
  });

  it('answers an empty batch with its EOT alone, and serves MapClient batches answer by answer', async () => {
    const dir = tempSocketDir();
    await started(createBatchMapServer({ answer: async (datum: Datum) => (await sleep(Number(datum.value.toString())), echo(datum)) }, testOptions(dir)));
    const client = await connect(dir, 'batch-map');
    const order: number[] = [];
    const answers = await client.batchMap([{ value: '30' }, { value: '1' }, { value: '10' }], (index) => order.push(index));
    expect(answers.map((rs) => rs[0]?.value.toString())).toEqual(['30', '1', '10']);
    // Each went out when it was done, not in arrival order.
    expect(order).toEqual([1, 2, 0]);
    expect(await client.batchMap([])).toEqual([]);
  });

  it('finishes a batch in flight before the stream ends when the server stops', async () => {
    const dir = tempSocketDir();
    const late = gate<Message[]>();
    const server = await started(createBatchMapServer({ answer: () => late.promise }, testOptions(dir)));
    const stream = await rawBatchStream(dir);
    stream.datum('1', 'a');
    stream.eot();
    await sleep(20);
    const stopped = server.stop();
    await sleep(20);
    expect(stream.seen).toEqual([]);
    late.open([new Message('done')]);
    await stopped;
    expect(await stream.ended).toBe('end');
    expect(stream.seen).toEqual(['1=done', 'EOT']);
    stream.close();
  });

  for (const [name, answer] of [
    ['throws', (): never => { throw new Error('cannot take this one'); }],
    ['rejects', () => Promise.reject(new Error('cannot take this one'))],
  ] as const) {
    it(`fails the stream with INTERNAL when answer ${name}`, async () => {
      const dir = tempSocketDir();
      await started(createBatchMapServer({ answer: (datum: Datum) => (datum.value.toString() === 'bad' ? answer() : echo(datum)) }, testOptions(dir)));
      const client = await connect(dir, 'batch-map');
      const err = (await client.batchMap([{ value: 'a' }, { value: 'bad' }]).catch((e: unknown) => e)) as ServiceError;
      expect(err.code).toBe(status.INTERNAL);
      expect(err.details).toMatch(/cannot take this one/);
    });
  }

  it('fails the stream with INTERNAL when answer returns something that is not messages', async () => {
    const dir = tempSocketDir();
    await started(createBatchMapServer({ answer: () => ['not a message'] as never }, testOptions(dir)));
    const client = await connect(dir, 'batch-map');
    const err = (await client.batchMap([{ value: 'a' }]).catch((e: unknown) => e)) as ServiceError;
    expect(err.code).toBe(status.INTERNAL);
    expect(err.details).toMatch(/InvalidResultError: batch map handler returned a non-Message at index 0/);
  });

  it('refuses a handler that is neither a function nor an object with answer', () => {
    expect(() => createBatchMapServer({ accept: () => 1 } as never)).toThrow(/an answer function/);
  });
});

describe('stream map', () => {
  it('sends 0..n results per id as they are yielded, then an EOT for that id', async () => {
    const dir = tempSocketDir();
    await started(
      createMapStreamServer(async function* (datum) {
        const n = Number(datum.value.toString());
        for (let i = 0; i < n; i++) {
          await sleep(1);
          yield new Message(`${n}.${i}`, { keys: datum.keys });
        }
      }, testOptions(dir)),
    );
    const client = await connect(dir, 'stream-map');
    const live: string[] = [];
    const three = await client.mapStream({ value: '3', keys: ['k'] }, (result) => live.push(result.value.toString()));
    expect(live).toEqual(['3.0', '3.1', '3.2']);
    expect(three.map((r) => r.keys)).toEqual([['k'], ['k'], ['k']]);
    const many = await client.mapAll(Array.from({ length: 60 }, (_, i) => ({ value: `${i % 4}` })));
    many.forEach((results, i) => expect(results.map((r) => r.value.toString())).toEqual(Array.from({ length: i % 4 }, (_, j) => `${i % 4}.${j}`)));
  });
});
