import { createServer, type Server } from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Env } from './config.js';

/** The counters every UDF keeps; label values are bounded (tags, reasons by kind, sources), never keys. */
export interface UdfMetrics {
  registry: Registry;
  datumsIn: Counter<'vertex'>;
  datumsOut: Counter<'vertex' | 'tag'>;
  invalid: Counter<'vertex' | 'reason'>;
  dropped: Counter<'vertex' | 'reason'>;
  latency: Histogram<'vertex'>;
  modelSource: Counter<'vertex' | 'source'>;
  trainings: Counter<'vertex' | 'status'>;
}

export function createMetrics(): UdfMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'numalogic_' });
  const opts = { registers: [registry] };
  return {
    registry,
    datumsIn: new Counter({ name: 'numalogic_datums_in_total', help: 'Datums received', labelNames: ['vertex'], ...opts }),
    datumsOut: new Counter({ name: 'numalogic_datums_out_total', help: 'Datums sent, by tag', labelNames: ['vertex', 'tag'], ...opts }),
    invalid: new Counter({ name: 'numalogic_datums_invalid_total', help: 'Datums marked invalid, by kind of reason', labelNames: ['vertex', 'reason'], ...opts }),
    dropped: new Counter({ name: 'numalogic_datums_dropped_total', help: 'Datums dropped on purpose, by reason', labelNames: ['vertex', 'reason'], ...opts }),
    latency: new Histogram({
      name: 'numalogic_datum_seconds',
      help: 'Time to process one datum (one window for reduce vertices)',
      labelNames: ['vertex'],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      ...opts,
    }),
    modelSource: new Counter({ name: 'numalogic_model_loads_total', help: 'Where each model lookup was served from', labelNames: ['vertex', 'source'], ...opts }),
    trainings: new Counter({ name: 'numalogic_trainings_total', help: 'Trainings by outcome', labelNames: ['vertex', 'status'], ...opts }),
  };
}

/**
 * Serves /metrics on NUMALOGIC_METRICS_PORT (default 9464; "0" picks a free port, "off" disables it).
 * Resolves to the server, or null when disabled.
 */
export async function serveMetrics(metrics: UdfMetrics, env: Env = process.env): Promise<Server | null> {
  const setting = env['NUMALOGIC_METRICS_PORT'] ?? '9464';
  if (setting === 'off') return null;
  const port = Number(setting);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`NUMALOGIC_METRICS_PORT: expected a port number or "off", got "${setting}"`);
  }
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  server.unref();
  return server;
}
