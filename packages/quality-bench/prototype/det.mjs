#!/usr/bin/env node
// RESEARCH CODE, NOT PART OF THE PRODUCT: the command-line wrapper of prototype/detector.mjs for
// nab-run.mjs, kept with it (see the header of detector.mjs and docs/quality.md).
//
// det.mjs: CLI wrapper for nab-run.mjs. Reads `timestamp,value` CSV (header line first) on stdin,
// prints `anomaly_score` then one score in [0,1] per data row. Options: DET_OPTIONS='{"alarm":0.3}'
// (JSON, merged over the defaults). NAB_* environment variables are not used by the detector.
import { createDetector } from './detector.mjs';
const opts = process.env.DET_OPTIONS ? JSON.parse(process.env.DET_OPTIONS) : {};
const det = createDetector(opts);
let text = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { text += d; });
process.stdin.on('end', () => {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const out = ['anomaly_score'];
  for (const line of lines.slice(1)) {
    const c = line.indexOf(',');
    const t = Date.parse(line.slice(0, c).trim().replace(' ', 'T') + 'Z');
    const vals = line.slice(c + 1).split(',').map(Number); // extra columns = extra features
    out.push(String(det.update(t, vals.length === 1 ? vals[0] : vals)));
  }
  process.stdout.write(out.join('\n') + '\n');
});
