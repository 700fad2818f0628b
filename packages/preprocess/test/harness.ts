// This package's entrypoint under the shared UDF test harness (@numalogic/udf-testing).
import { fileURLToPath } from 'node:url';
import { startUdf as startEntrypoint, type RunningUdf } from '@numalogic/udf-testing';

export * from '@numalogic/udf-testing';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Starts this package's dist/main.js and waits until it serves. */
export function startUdf(args: string[], env: Record<string, string>): Promise<RunningUdf> {
  return startEntrypoint(main, args, env);
}
