import type { Config } from '@numalogic/core';
import { loadConfig, type Env } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, serveMetrics, type UdfMetrics } from './metrics.js';

export interface UdfRuntime<T> {
  config: Config;
  log: Logger;
  metrics: UdfMetrics;
  /** Port of /metrics, or null when NUMALOGIC_METRICS_PORT=off. */
  metricsPort: number | null;
  /** The vertex name for metrics and logs: NUMAFLOW_VERTEX_NAME, else the component. */
  vertex: string;
  /** What the entrypoint's own `setup` built from the configuration and the environment. */
  setup: T;
}

/**
 * The start of every UDF entrypoint, written once: the logger, the configuration read and validated once, and
 * whatever else the entrypoint derives from it or from the environment (`setup`, sync or async: its mode, its
 * store, a worker thread...). Any mistake there is logged as `bad configuration` and the process exits 1 before
 * a socket exists, which is how a container that cannot start tells the platform. Then /metrics is served.
 */
export async function startUdfRuntime<T>(component: string, setup: (config: Config, env: Env, log: Logger) => T | Promise<T>, env: Env = process.env): Promise<UdfRuntime<T>> {
  const log = createLogger(component, env);
  let config: Config;
  let built: T;
  try {
    config = loadConfig(env);
    built = await setup(config, env, log);
  } catch (err) {
    log.error({ err: err instanceof Error ? err.message : String(err) }, 'bad configuration');
    process.exit(1);
  }
  const metrics = createMetrics();
  const server = await serveMetrics(metrics, env);
  const address = server?.address();
  return {
    config,
    log,
    metrics,
    metricsPort: typeof address === 'object' && address !== null ? address.port : null,
    vertex: env['NUMAFLOW_VERTEX_NAME'] ?? component,
    setup: built,
  };
}
