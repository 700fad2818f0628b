// Echo UDF: answers each datum with its own keys and value.
// Run: node packages/numaflow/dist/examples/echo.js --mode unary|batch|stream
import { parseArgs } from 'node:util';
import { createBatchMapServer, createMapServer, createMapStreamServer, Message, type Datum, type UdfServer } from '../src/index.js';

const echo = (datum: Datum): Message => new Message(datum.value, { keys: datum.keys });

export function createEchoServer(mode: string): UdfServer {
  switch (mode) {
    case 'unary':
      return createMapServer((datum) => [echo(datum)]);
    case 'batch':
      return createBatchMapServer((datums) => datums.map((datum) => [echo(datum)]));
    case 'stream':
      return createMapStreamServer((datum) => [echo(datum)]);
    default:
      throw new Error(`unknown mode ${JSON.stringify(mode)} (use unary, batch or stream)`);
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const { values } = parseArgs({ options: { mode: { type: 'string', default: 'unary' } } });
  try {
    await createEchoServer(values.mode ?? 'unary').start();
  } catch (err) {
    process.stderr.write(`echo: ${(err as Error).message}\n`);
    process.exit(2);
  }
}
