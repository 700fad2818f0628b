// Benchmark: pipelines/anomaly-detection.yaml through the local runner with 100 keys, beside a trivial
// pipeline (echo transformer -> echo map -> sink) on the same datums in the same run.
// Run: npm run bench -w packages/runner   (BENCH_KEYS, BENCH_POINTS, BENCH_MIN_POINTS to change the load)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPipeline } from '../run.js';
import type { RunSummary } from '../options.js';
import { ECHO_PIPELINE } from './echo-pipeline.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const keys = Number(process.env['BENCH_KEYS'] ?? 100);
const points = Number(process.env['BENCH_POINTS'] ?? 120);
const minPoints = Number(process.env['BENCH_MIN_POINTS'] ?? 60);
const work = mkdtempSync(join(tmpdir(), 'runner-bench-'));

interface Measured {
  name: string;
  summary: RunSummary;
  /** Over the whole run, start-up included. */
  datumsPerSec: number;
  /** From the moment every UDF served to the end of input at every sink. */
  steadyPerSec: number;
}

async function timed(name: string, run: () => Promise<RunSummary>): Promise<Measured> {
  const summary = await run();
  const datumsPerSec = summary.datumsIn / (summary.elapsedMs / 1000);
  const steadyPerSec = summary.datumsIn / ((summary.elapsedMs - summary.startupMs) / 1000);
  return { name, summary, datumsPerSec, steadyPerSec };
}

try {
  const generator = { keys, points };
  const echoYaml = join(work, 'echo.yaml');
  writeFileSync(echoYaml, ECHO_PIPELINE);
  const baseline = await timed('echo baseline', () =>
    runPipeline({
      pipelinePath: echoYaml,
      source: 'generator',
      generator,
      runDir: join(work, 'echo-run'),
      store: join(work, 'echo-models'),
      repoRoot,
      images: {
        'bench/echo-transformer:0': [process.execPath, join(repoRoot, 'packages/runner/dist/bench/echo-transformer.js')],
        'bench/echo:0': [process.execPath, join(repoRoot, 'packages/numaflow/dist/examples/echo.js'), '--mode', 'unary'],
      },
    }),
  );
  const full = await timed('anomaly-detection', () =>
    runPipeline({
      pipelinePath: join(repoRoot, 'pipelines/anomaly-detection.yaml'),
      source: 'generator',
      generator,
      runDir: join(work, 'full-run'),
      store: join(work, 'models'),
      repoRoot,
      env: { NUMALOGIC_OVERRIDES: JSON.stringify({ trainer: { minPoints, minSpan: 0 } }) },
    }),
  );
  console.log(`runner benchmark: ${keys} keys x ${points} points = ${keys * points} datums, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`);
  for (const r of [baseline, full]) {
    const s = r.summary;
    console.log(
      `  ${r.name.padEnd(18)} ${r.steadyPerSec.toFixed(0).padStart(7)} datums/s after start-up, ${r.datumsPerSec.toFixed(0).padStart(6)} datums/s overall ` +
        `(${(s.elapsedMs / 1000).toFixed(1)} s, start-up ${(s.startupMs / 1000).toFixed(1)} s; windows ${s.windows}, trained ${s.modelsTrained}, anomalies ${s.anomalies})`,
    );
  }
  console.log(
    `  ratio baseline / anomaly-detection: ${(baseline.steadyPerSec / full.steadyPerSec).toFixed(1)}x after start-up, ${(baseline.datumsPerSec / full.datumsPerSec).toFixed(1)}x overall`,
  );
  for (const r of [baseline, full]) {
    console.log(`  ${r.name}: runner CPU ${(r.summary.runnerCpuMs / 1000).toFixed(1)} s; per vertex (in, CPU s):`);
    for (const v of r.summary.vertices) {
      console.log(`    ${v.name.padEnd(18)} ${String(v.in).padStart(7)}  ${v.cpuMs === undefined ? '' : (v.cpuMs / 1000).toFixed(1).padStart(6)}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
