import type { RunProgress, RunSummary } from './options.js';

const number = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The summary as a person reads it at the end of `numalogic run`. */
export function formatSummary(summary: RunSummary): string {
  const lines = [
    `pipeline ${summary.pipeline} (${summary.pipelinePath}) on ${summary.source}: ${seconds(summary.elapsedMs)} (start-up ${seconds(summary.startupMs)})`,
    `  datums in        ${number(summary.datumsIn)} (${number(summary.datumsIn / Math.max((summary.elapsedMs - summary.startupMs) / 1000, 1e-3))}/s after start-up)`,
    `  keys             ${number(summary.keys)}`,
    `  windows closed   ${number(summary.windows)}`,
    `  models trained   ${number(summary.modelsTrained)}` +
      (Object.keys(summary.trainingEvents).length > 0
        ? ` (training events: ${Object.entries(summary.trainingEvents).map(([s, n]) => `${s} ${n}`).join(', ')})`
        : ''),
    `  anomalies found  ${number(summary.anomalies)} (score >= ${summary.alertLevel} or tagged anomaly)`,
    `  invalid          ${number(summary.invalid)}`,
    `  late datums      ${number(summary.late)}`,
  ];
  if (summary.generated) {
    const g = summary.generated;
    lines.push(`  injected         ${g.events.length} anomaly events over ${g.keys.length} keys (${g.anomalousRows} rows); truth: ${summary.generatedTruthPath ?? '-'}`);
  }
  lines.push(`  runner CPU       ${seconds(summary.runnerCpuMs)}`);
  lines.push('  vertex              role      in         out        msgs/s     cpu s    errors  warnings');
  for (const v of summary.vertices) {
    lines.push(
      `  ${v.name.padEnd(19)} ${v.role.padEnd(9)} ${String(v.in).padEnd(10)} ${(v.role === 'sink' ? '-' : String(v.out)).padEnd(10)} ${number(v.ratePerSec).padEnd(10)} ${(v.cpuMs === undefined ? '-' : (v.cpuMs / 1000).toFixed(1)).padEnd(8)} ${String(v.errors).padEnd(7)} ${v.warnings}` +
        (v.role === 'reduce' ? `  (windows ${v.windows}, late ${v.late})` : ''),
    );
  }
  lines.push(`  run folder       ${summary.runDir}`);
  lines.push(`  model store      ${summary.storeDir}`);
  for (const [sink, file] of Object.entries(summary.sinkFiles)) lines.push(`  sink ${sink.padEnd(11)} ${file}`);
  if (summary.outPath) lines.push(`  output           ${summary.outPath}`);
  return lines.join('\n');
}

/** One line of progress, for stderr. */
export function formatProgress(progress: RunProgress): string {
  const vertices = progress.vertices.map((v) => `${v.name} ${v.in}/${v.out}${v.errors > 0 ? ` !${v.errors}` : ''}`).join('  ');
  return `[${seconds(progress.elapsedMs)}] read ${progress.datumsRead}  ${vertices}`;
}
