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

async function timed(name: string, run: () => Promise<RunSummary>): Promise<{ name: string; summary: RunSummary; datumsPerSec: number }> {
  const summary = await run();
  const datumsPerSec = summary.datumsIn / (summary.elapsedMs / 1000);
  return { name, summary, datumsPerSec };
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
      env: { NUMALOGIC_OVERRIDES: JSON.stringify({ trainer: { minPoints } }) },
    }),
  );
  console.log(`runner benchmark: ${keys} keys x ${points} points = ${keys * points} datums, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`);
  for (const r of [baseline, full]) {
    const s = r.summary;
    console.log(
      `  ${r.name.padEnd(18)} ${r.datumsPerSec.toFixed(0).padStart(7)} datums/s  (${(s.elapsedMs / 1000).toFixed(1)} s incl. start-up; windows ${s.windows}, trained ${s.modelsTrained}, anomalies ${s.anomalies})`,
    );
  }
  console.log(`  ratio baseline / anomaly-detection: ${(baseline.datumsPerSec / full.datumsPerSec).toFixed(1)}x`);
  for (const v of full.summary.vertices) console.log(`    ${v.name.padEnd(18)} in ${String(v.in).padStart(7)}  ${v.ratePerSec.toFixed(0).padStart(6)} msgs/s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
