import { createReadStream, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Session } from 'node:inspector/promises';
import { scoreCsv } from './dist/commands/score.js';
class Discard extends Writable { _write(c, e, d) { d(); } }
const s = new Session(); s.connect();
await s.post('HeapProfiler.enable');
await s.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const t = await scoreCsv({}, createReadStream('/tmp/s1/one-30000.csv'), new Discard());
const { profile } = await s.post('HeapProfiler.stopSampling');
// per (function, line) of the sample's allocation site: samples carry nodeId; node has callFrame and line? use samples
const byId = new Map(); const walk = (n, parent) => { byId.set(n.id, { n, parent }); for (const c of n.children) walk(c, n); }; walk(profile.head, null);
const agg = new Map();
for (const smp of profile.samples) { const { n, parent } = byId.get(smp.nodeId); const f = n.callFrame; const p = parent?.callFrame; const k = `${f.functionName || '(anon)'}:${f.url.replace(/.*\/packages\//, '')}:${f.lineNumber} <- ${p ? (p.functionName || '(anon)') + ':' + p.url.replace(/.*\/packages\//, '') + ':' + p.lineNumber : ''}`; agg.set(k, (agg.get(k) ?? 0) + smp.size); }
console.log([...agg].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1e6).toFixed(1).padStart(7)} MB ${k}`).join('\n'));
