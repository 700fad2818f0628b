import { readFileSync } from 'node:fs';
import { status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { SourceTransformClient } from '../src/client/index.js';
import { createSourceTransformServer, DROP_TAG, TransformMessage, type UdfServer } from '../src/index.js';
import { cleanedAfterEach, tempSocketDir, testOptions } from './helpers.js';

const { servers, clients } = cleanedAfterEach<SourceTransformClient>();

async function setup(handler: Parameters<typeof createSourceTransformServer>[0]): Promise<{ server: UdfServer; client: SourceTransformClient }> {
  const dir = tempSocketDir();
  const server = createSourceTransformServer(handler, testOptions(dir));
  servers.push(server);
  await server.start();
  const client = await SourceTransformClient.connect({ socketDir: dir, timeoutMs: 5_000 });
  clients.push(client);
  return { server, client };
}

describe('source transformer', () => {
  it('uses sourcetransform.sock and sourcetransformer-server-info', async () => {
    const { server } = await setup(() => []);
    expect(server.socketPath).toMatch(/\/sourcetransform\.sock$/);
    expect(server.serverInfoPath).toMatch(/\/sourcetransformer-server-info$/);
    expect(readFileSync(server.serverInfoPath, 'utf8')).toMatch(/^\{"protocol":"uds","language":"typescript",.*"metadata":\{\}\}U\+005C__END__$/);
  });

  it('sets event time, keys and tags from the payload, answering by the id inside the request', async () => {
    const { client } = await setup((datum) => {
      const payload = JSON.parse(datum.value.toString()) as { ts: number; service: string; metric: string };
      return [new TransformMessage(datum.value, new Date(payload.ts), { keys: [payload.service, payload.metric], tags: ['parsed'] })];
    });
    const answers = await client.transformAll(
      Array.from({ length: 50 }, (_, i) => ({
        id: `offset-${i}`,
        value: JSON.stringify({ ts: 1_700_000_000_000 + i * 1000, service: `svc${i % 2}`, metric: 'latency' }),
        eventTime: 5,
      })),
    );
    answers.forEach((results, i) => {
      expect(results).toHaveLength(1);
      expect(results[0]?.eventTime.getTime()).toBe(1_700_000_000_000 + i * 1000);
      expect(results[0]?.keys).toEqual([`svc${i % 2}`, 'latency']);
      expect(results[0]?.tags).toEqual(['parsed']);
    });
  });

  it('drops with the drop tag and keeps the given event time', async () => {
    const { client } = await setup((datum) => [TransformMessage.drop(datum.eventTime)]);
    const results = await client.transform({ value: 'junk', eventTime: 1_650_000_000_000 });
    expect(results[0]?.tags).toEqual([DROP_TAG]);
    expect(results[0]?.eventTime.getTime()).toBe(1_650_000_000_000);
  });

  it('rejects an invalid event time as a handler error (INTERNAL, UDF_EXECUTION_ERROR)', async () => {
    const { client } = await setup(() => [new TransformMessage('x', new Date(Number.NaN))]);
    const err = (await client.transform({ value: 'x' }).catch((e: unknown) => e)) as ServiceError;
    expect(err.code).toBe(status.INTERNAL);
    expect(err.details).toBe('UDF_EXECUTION_ERROR(udf): InvalidResultError: TransformMessage eventTime must be a valid Date');
  });
});
