import { existsSync } from 'node:fs';
import { status, type ServiceError } from '@grpc/grpc-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MapClient } from '../src/client/index.js';
import { removeTempDirs, runChild, tempSocketDir } from './helpers.js';

// The machine is shared with other work: waiting longer is not a failure, never answering is.
const WAIT = { timeout: 10_000, interval: 20 };

afterEach(() => removeTempDirs());

describe('UDF processes (built SDK in a child process)', () => {
  it('on a handler error ends the stream with INTERNAL UDF_EXECUTION_ERROR, logs the stack and exits non-zero', async () => {
    const dir = tempSocketDir();
    const child = runChild('./fixtures/failing-map.mjs', [], dir, { NUMAFLOW_UD_CONTAINER_TYPE: 'udf' });
    const client = await MapClient.connect({ socketDir: dir, timeoutMs: 10_000 });
    expect((await client.map({ value: 'fine' }))[0]?.value.toString()).toBe('fine');
    const err = (await client.map({ value: 'boom' }).catch((e: unknown) => e)) as ServiceError;
    expect(err.code).toBe(status.INTERNAL);
    expect(err.details).toBe('UDF_EXECUTION_ERROR(udf): Error: boom from the handler');
    expect(err.metadata.get('grpc-status-details-bin')).toHaveLength(1);
    client.close();
    expect(await child.exit).toBe(1);
    expect(child.stderr()).toMatch(/boom from the handler\n\s+at /);
  });

  it('names the container type from NUMAFLOW_UD_CONTAINER_TYPE', async () => {
    const dir = tempSocketDir();
    const child = runChild('./fixtures/failing-map.mjs', [], dir, { NUMAFLOW_UD_CONTAINER_TYPE: 'transformer' });
    const client = await MapClient.connect({ socketDir: dir, timeoutMs: 10_000 });
    const err = (await client.map({ value: 'boom' }).catch((e: unknown) => e)) as ServiceError;
    expect(err.details).toBe('UDF_EXECUTION_ERROR(transformer): Error: boom from the handler');
    client.close();
    expect(await child.exit).not.toBe(0);
  });

  it('on SIGTERM answers every request in flight, removes socket and server-info file, exits 0', async () => {
    const dir = tempSocketDir();
    const child = runChild('./fixtures/slow-map.mjs', [], dir);
    const client = await MapClient.connect({ socketDir: dir, timeoutMs: 10_000 });
    const answers = Promise.all(Array.from({ length: 50 }, (_, i) => client.map({ id: `m${i}`, value: `v${i}` })));
    await vi.waitFor(() => expect(child.stdout.filter((line) => line.startsWith('received'))).toHaveLength(50), WAIT);
    child.process.kill('SIGTERM');
    const results = await answers;
    expect(results.map((r) => r[0]?.value.toString())).toEqual(Array.from({ length: 50 }, (_, i) => `v${i}`));
    expect(await child.exit).toBe(0);
    expect(existsSync(`${dir}/map.sock`)).toBe(false);
    expect(existsSync(`${dir}/mapper-server-info`)).toBe(false);
    client.close();
  });

  it('runs the try-echo example: every mode echoes and every server stops cleanly', async () => {
    const child = runChild('../dist/examples/try-echo.js', [], tempSocketDir());
    expect(await child.exit).toBe(0);
    expect(child.stdout).toContain('9/9 datums echoed over unary, batch and stream map; servers stopped cleanly');
  });
});
