import { pino, type Logger } from 'pino';
import type { Env } from './config.js';

export type { Logger } from 'pino';

/**
 * JSON logs on stdout, one line per event, tagged with the vertex and replica Numaflow gives the container.
 * Anything that looks like a credential is redacted, whatever logs it.
 */
export function createLogger(component: string, env: Env = process.env, destination?: NodeJS.WritableStream): Logger {
  const base: Record<string, string> = { component };
  if (env['NUMAFLOW_PIPELINE_NAME']) base['pipeline'] = env['NUMAFLOW_PIPELINE_NAME'];
  if (env['NUMAFLOW_VERTEX_NAME']) base['vertex'] = env['NUMAFLOW_VERTEX_NAME'];
  if (env['NUMAFLOW_REPLICA']) base['replica'] = env['NUMAFLOW_REPLICA'];
  const options = {
    base,
    level: env['NUMALOGIC_LOG_LEVEL'] ?? 'info',
    redact: {
      paths: ['*.accessKey', '*.secretKey', '*.password', '*.*.accessKey', '*.*.secretKey', 'accessKey', 'secretKey', 'password'],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
