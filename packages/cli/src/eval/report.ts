import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EventResult, LabelledEvent, Metrics } from './metrics.js';

/** One plotted series: its values per feature, its scores, and its labelled events. */
export interface ReportSeries {
  title: string;
  /** Per labelled event: detected or not, and the delay (listed in the events table when given). */
  eventResults?: EventResult[];
  features: string[];
  timestamps: ArrayLike<number>;
  /** One array per feature, aligned with timestamps (NaN = no value). */
  values: ArrayLike<number>[];
  scores: ArrayLike<number>;
  events: LabelledEvent[];
}

export interface ReportRow {
  name: string;
  metrics: Metrics;
}

export interface ReportInput {
  title: string;
  alertLevel: number;
  series: ReportSeries[];
  /** Per-file rows, then the overall row last. */
  table: ReportRow[];
  generatedAt: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a <script> element: no `</script>`, no HTML comment openers. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const fixed = (v: number | null, digits: number) => (v === null ? '–' : v.toFixed(digits));

function delayText(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 120_000) return `${(ms / 1000).toFixed(0)} s`;
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

function tableHtml(rows: ReportRow[]): string {
  const head = ['series', 'events', 'detected', 'false positives', 'precision', 'recall', 'F1', 'mean delay', 'mean delay (rows)'];
  const body = rows
    .map(({ name, metrics: m }) =>
      `<tr><td>${escapeHtml(name)}</td><td>${m.events}</td><td>${m.detected}</td><td>${m.falsePositives}</td>` +
      `<td>${fixed(m.precision, 3)}</td><td>${fixed(m.recall, 3)}</td><td>${fixed(m.f1, 3)}</td>` +
      `<td>${delayText(m.meanDelayMs)}</td><td>${fixed(m.meanDelayRows, 1)}</td></tr>`,
    )
    .join('\n');
  return `<table class="metrics"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function eventsHtml(series: ReportSeries[]): string {
  const rows = series.flatMap((s) =>
    (s.eventResults ?? []).map(
      (e) =>
        `<tr><td>${escapeHtml(s.title)}</td><td>${new Date(e.start).toISOString()}</td><td>${new Date(e.end).toISOString()}</td>` +
        `<td>${e.detected ? 'yes' : 'no'}</td><td>${delayText(e.delayMs)}</td><td>${e.delayRows ?? '–'}</td></tr>`,
    ),
  );
  if (rows.length === 0) return '';
  const head = ['series', 'event start', 'event end', 'detected', 'delay', 'delay (rows)'];
  return `<h2>Events</h2>\n<table class="events"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** The data the page's script plots: plain arrays, NaN as null (JSON has no NaN). */
function plotData(series: ReportSeries[]) {
  const clean = (v: number) => (Number.isFinite(v) ? v : null);
  return series.map((s) => ({
    title: s.title,
    features: s.features,
    t: Array.from(s.timestamps),
    values: s.values.map((column) => Array.from(column, clean)),
    scores: Array.from(s.scores, clean),
    events: s.events.map((e) => [e.start, e.end]),
  }));
}

// Runs in the page: one echarts line chart per series (values on the left axis, the score 0..10 on the right,
// the alert level as a line, labelled events as shaded areas). No animation, so a chart is complete at once.
const PAGE_SCRIPT = `
const data = JSON.parse(document.getElementById('report-data').textContent);
const alertLevel = data.alertLevel;
let rendered = 0;
data.series.forEach((s, i) => {
  const el = document.getElementById('chart-' + i);
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  const pairs = (ys) => s.t.map((t, k) => [t, ys[k]]);
  const areas = s.events.map(([a, b]) => [{ xAxis: a }, { xAxis: b }]);
  const valueSeries = s.features.map((f, j) => ({
    name: f, type: 'line', yAxisIndex: 0, showSymbol: false, sampling: 'lttb', lineStyle: { width: 1 },
    data: pairs(s.values[j]),
    markArea: j === 0 ? { silent: true, itemStyle: { color: 'rgba(220, 40, 40, 0.15)' }, data: areas } : undefined,
  }));
  chart.setOption({
    animation: false,
    title: { text: s.title, left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 24 },
    grid: { left: 60, right: 60, top: 60, bottom: 60 },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 10 }],
    xAxis: { type: 'time' },
    yAxis: [{ type: 'value', name: 'value', scale: true }, { type: 'value', name: 'score', min: 0, max: 10 }],
    series: [
      ...valueSeries,
      { name: 'anomaly score', type: 'line', yAxisIndex: 1, showSymbol: false, sampling: 'max', step: 'end',
        lineStyle: { width: 1, color: '#d97706' }, itemStyle: { color: '#d97706' }, data: pairs(s.scores),
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#dc2626', type: 'dashed' },
                    label: { formatter: 'alert ' + alertLevel }, data: [{ yAxis: alertLevel }] } },
    ],
  });
  rendered++;
  window.addEventListener('resize', () => chart.resize());
});
window.__reportRendered = rendered;
`;

/** One self-contained HTML page (echarts inlined, no network) with a chart per series and the metrics table. */
export function renderReport(input: ReportInput): string {
  const require = createRequire(import.meta.url);
  const echartsSource = readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  const charts = input.series.map((s, i) => `<div class="chart" id="chart-${i}" data-title="${escapeHtml(s.title)}"></div>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #111; }
table { border-collapse: collapse; margin: 16px 0 32px; }
th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
table.metrics tbody tr:last-child { font-weight: 600; }
.chart { width: 100%; height: 360px; margin-bottom: 24px; }
.note { color: #555; }
</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p class="note">Generated ${escapeHtml(input.generatedAt)}. Alert level ${input.alertLevel}: a row scoring at or above it is an alarm.
An event (shaded) is detected when an alarm falls inside it; delay runs from its start to the first alarm;
each run of alarms outside every event is one false positive.</p>
${tableHtml(input.table)}
${charts}
${eventsHtml(input.series)}
<script>${echartsSource.replace(/<\/script/gi, '<\\/script')}</script>
<script type="application/json" id="report-data">${scriptJson({ alertLevel: input.alertLevel, series: plotData(input.series) })}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
