// RESEARCH CODE, NOT PART OF THE PRODUCT. A prototype streaming detector kept so the research behind
// docs/quality.md is not lost (it was developed outside the repository, in a scratch folder that is not
// kept). Nothing in numalogic imports it; the figures for it in docs/quality.md are the prototype's, not
// the product's. Plain JavaScript, no dependencies; run it through prototype/det.mjs (see the README).
//
// detector.mjs: a streaming anomaly detector for one key (numalogic-for-TypeScript research prototype).
// ES module, no dependencies, deterministic. Fresh state per key: `const d = createDetector(opts)`,
// then `d.update(timestampMs, value)` once per point, in order; it returns a score in [0, 1] for that
// point computed from the points seen so far only (no look-ahead).
//
// `value` may be a number (univariate) or an array of numbers (one per feature, fixed order): every
// feature runs its own pipeline up to a calibrated tail probability, and the key's score is the max
// over features (see "multivariate" below).
//
// PIPELINE (per feature), all windows are of the latest points of the key:
//   1. Scale: mean and standard deviation of the feature over its history (the newest `memory` points),
//      refitted every `rescale` points, like the "fitted transforms" of a model bundle.
//   2. Raw scores, each from a model trained on the key's own recent history:
//      - kNN window novelty at several time scales (`scales`): the current window of W values (scale 1),
//        or of W block means of B points (scale B), is compared with every window of the history
//        (`memory` points) that does not overlap it (exclusion zone `exclude` = W); the raw score is the
//        RMS distance to the nearest one, in units of the feature's standard deviation. This is the
//        reconstruction error of a nearest-neighbour "autoencoder" whose codebook is the history.
//      - AR predictor ("ar"): a ridge least-squares linear model predicting the newest value from the
//        W-1 before it, retrained every `retrain` points on the history; the raw score is the absolute
//        prediction error in standard deviations. It stands for the periodically trained model of
//        the product (an ONNX autoencoder/predictor would take its place).
//      - online detectors that need no training ("ewma": EWMA z-score), optional.
//   3. Calibration into an anomaly likelihood (HTM-style): u = log(raw + eps); a short mean over
//      `short` points of u is compared with the distribution (mean, std; std floored at `sigmaFloor`)
//      of that short mean over the last `long` points; lp = -log10(Gaussian upper tail) is the
//      surprise of the current point in the key's own terms, comparable across keys.
//   4. Combination: lp = max over components (and over features).
//   5. Output: score = lp / (lp + cap), monotone, in [0, 1). Alarm when score >= `alarm` (lp >= 5,
//      p <= 1e-5); after an alarm the next `suppress` points are capped at alarm/2 (one alarm per event),
//      except that with `softSuppress` a point k steps into the suppression may raise a new alarm if
//      lp * k / suppress still reaches the alarm level (a clearly stronger event is not swallowed).
//   With several features, lp is the max over features minus log10(F) (Bonferroni); suppression is per key.
//   Timestamps are accepted for the interface but not used: points are assumed regular (the preprocess
//   vertex fills gaps), so every length above is in points.
//   Cold start: until the trained components produce their first calibrated value (warm + minLong
//   points), a fallback EWMA z-score gives the score (two-sided Gaussian tail), as the product's static
//   rules would.

const LN10 = Math.log(10);

/** log10 of the standard normal upper tail probability Q(z) = P(Z > z), accurate far into the tail. */
export function log10Q(z) {
  if (z < 5) return Math.log10(Math.max(0.5 * erfc(z / Math.SQRT2), 1e-300));
  const lphi = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI); // asymptotic expansion of the Mills ratio
  return (lphi - Math.log(z) + Math.log(1 - 1 / (z * z) + 3 / z ** 4)) / LN10;
}
function erfc(x) { // Numerical Recipes erfcc, fractional error < 1.2e-7
  const z = Math.abs(x), t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Mean and standard deviation of the last L values pushed (ring buffer, O(1) per push). */
class Rolling {
  constructor(L) { this.L = L; this.buf = new Float64Array(L); this.n = 0; this.i = 0; this.s = 0; this.s2 = 0; }
  push(x) {
    if (this.n === this.L) { const o = this.buf[this.i]; this.s -= o; this.s2 -= o * o; } else this.n++;
    this.buf[this.i] = x; this.s += x; this.s2 += x * x; this.i = (this.i + 1) % this.L;
  }
  /** k = 0 is the newest value */
  back(k) { return this.buf[(this.i - 1 - k + 4 * this.L) % this.L]; }
  mean() { return this.s / this.n; }
  std() { const m = this.s / this.n; return Math.sqrt(Math.max(0, this.s2 / this.n - m * m)); }
}

/** Solve A x = b for symmetric positive definite A (Cholesky). */
function cholSolve(A, b) {
  const n = b.length, L = A.map((r) => Float64Array.from(r));
  for (let j = 0; j < n; j++) {
    let d = L[j][j]; for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
    d = Math.sqrt(Math.max(d, 1e-12)); L[j][j] = d;
    for (let i = j + 1; i < n; i++) { let s = L[i][j]; for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k]; L[i][j] = s / d; }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = b[i]; for (let k = 0; k < i; k++) s -= L[i][k] * y[k]; y[i] = s / L[i][i]; }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) { let s = y[i]; for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k]; x[i] = s / L[i][i]; }
  return x;
}

/**
 * Default options. Times are in points (rows) of the key. The one time scale that matters is the
 * longest context C = W * max(scales) (288 points = one day at 5-minute data): warm-up, the size of
 * the calibration's first sample and the alarm suppression are tied to it.
 */
export const DEFAULTS = Object.freeze({
  W: 12,               // window length (points), the product's window
  scales: [1, 24],     // kNN time scales: raw window, and W block-means of 24 points (C = 288)
  memory: 2000,        // history kept per key (points): kNN codebook, AR training set, value scale
  exclude: null,       // kNN exclusion zone, null = W: history windows overlapping the current one are skipped
  ar: true,            // the trained predictor component
  retrain: 250,        // retrain the AR model every `retrain` points (first fit at 200 points)
  ridge: 1e-3,         // AR ridge penalty (relative to the number of training rows)
  ewma: false,         // add the EWMA z-score to the ensemble (it is always the cold-start fallback)
  ewmaAlpha: 0.01,
  rescale: 250,        // refit the value scale every `rescale` points
  eps: 0.1,            // raw-score floor in standard deviations: log(raw + eps)
  short: 5,            // short-term mean of log raw scores (points)
  long: 500,           // calibration distribution: the last `long` short-term means (>= minLong)
  sigmaFloor: 0.2,     // floor of that distribution's std (log units: a 20% change is never surprising by itself)
  warm: 288,           // points before raw scores enter calibration (= C)
  minLong: 288,        // calibration values needed before a component scores (= C)
  cap: 10,             // score = lp / (lp + cap): lp = 10 (p = 1e-10) maps to 0.5
  alarm: 1 / 3,        // alarm level on the score: lp >= 5, i.e. tail probability <= 1e-5
  suppress: 576,       // after an alarm, cap the next `suppress` points below the alarm level (= 2C)
  coldStart: true,     // fallback EWMA score until the trained components are calibrated
  calibrate: true,     // false = ablation: use the raw score (std units) as lp, no likelihood
  softSuppress: true,  // after an alarm, a new alarm needs lp * (elapsed/suppress) to reach the alarm level
  ewCalib: false,      // experimental (worse): exponentially weighted calibration instead of the box window
});

/** One feature's pipeline up to the calibrated surprise lp (no suppression, no output mapping). */
function createChannel(o) {
  const W = o.W, maxB = Math.max(1, ...o.scales), HV = W * maxB + 1;
  const vals = new Float64Array(HV); let n = 0;
  const at = (k) => vals[(n - 1 - k + 4 * HV) % HV]; // k = 0: newest value
  const hist = new Rolling(o.memory); // value history: scale, AR training
  let mu = 0, sd = 1, sinceScale = 0;
  const memN = o.memory;
  const comps = o.scales.map((B) => ({ kind: 'knn', B, mem: new Float64Array(memN * W), mn: 0, mi: 0, pending: [] }));
  if (o.ar) comps.push({ kind: 'ar' });
  if (o.ewma) comps.push({ kind: 'ewma' });
  for (const c of comps) Object.assign(c, { sbuf: new Float64Array(o.short), si: 0, sn: 0, ssum: 0, long: new Rolling(o.long), raw: NaN, lp: 0 });
  let ar = null, sinceTrain = 0;
  let em = 0, ev = 0; // EWMA mean and variance (online, no training)

  function feature(B) { // W block means of B points, oldest first, standardised
    const f = new Float64Array(W);
    for (let j = 0; j < W; j++) {
      let s = 0; const b0 = (W - 1 - j) * B;
      for (let k = 0; k < B; k++) s += at(b0 + k);
      f[j] = (s / B - mu) / sd;
    }
    return f;
  }
  function nearest(c, f) { // RMS distance to the nearest stored window (early abandoning)
    let best = Infinity;
    for (let m = 0; m < c.mn; m++) {
      let d = 0; const off = m * W;
      for (let j = 0; j < W; j++) { const e = f[j] - c.mem[off + j]; d += e * e; if (d >= best) break; }
      if (d < best) best = d;
    }
    return Math.sqrt(best / W);
  }
  function trainAR() { // x_t from x_{t-p..t-1}, standardised with the current scale, on the history
    const p = W - 1, N = hist.n;
    const A = Array.from({ length: p + 1 }, () => new Float64Array(p + 1)), b = new Float64Array(p + 1), f = new Float64Array(p + 1);
    const z = (k) => (hist.back(k) - mu) / sd;
    let cnt = 0;
    for (let t = 0; t + p < N; t++) {
      for (let j = 0; j < p; j++) f[j] = z(t + p - j);
      f[p] = 1;
      const y = z(t);
      for (let i = 0; i <= p; i++) { b[i] += f[i] * y; for (let j = 0; j <= p; j++) A[i][j] += f[i] * f[j]; }
      cnt++;
    }
    for (let i = 0; i < p; i++) A[i][i] += o.ridge * cnt;
    ar = { w: cholSolve(A, b), mu, sd };
  }

  /** Feed one value; returns { lp, fallbackLp, ready } for this point. */
  function update(x) {
    vals[n % HV] = x; n++;
    hist.push(x); sinceScale++;
    if (n === 1 || sinceScale >= o.rescale) { mu = hist.mean(); sd = hist.std() || Math.abs(mu) * 1e-3 || 1; sinceScale = 0; }
    // online EWMA z-score (scored against the state before x)
    const ewmaZ = n > 1 ? Math.abs(x - em) / Math.sqrt(ev + 1e-12) : 0;
    if (n === 1) em = x; else { const a = o.ewmaAlpha, q = x - em; em += a * q; ev = (1 - a) * (ev + a * q * q); }
    // raw scores
    for (const c of comps) {
      c.raw = NaN;
      if (c.kind === 'knn') {
        if (n < W * c.B) continue;
        const f = feature(c.B);
        if (c.mn > 0) c.raw = nearest(c, f);
        c.pending.push(f); // a window enters the codebook once it no longer overlaps the current one
        if (c.pending.length > (o.exclude ?? W)) { c.mem.set(c.pending.shift(), c.mi * W); c.mi = (c.mi + 1) % memN; if (c.mn < memN) c.mn++; }
      } else if (c.kind === 'ar') {
        if (ar) { const p = W - 1; let y = ar.w[p]; for (let j = 0; j < p; j++) y += ar.w[j] * (at(p - j) - ar.mu) / ar.sd; c.raw = Math.abs((x - ar.mu) / ar.sd - y); }
      } else if (c.kind === 'ewma') c.raw = ewmaZ;
    }
    if (o.ar && n >= 200 && (!ar || ++sinceTrain >= o.retrain)) { trainAR(); sinceTrain = 0; }
    // calibration: anomaly likelihood of the short-term mean of log raw scores
    let lp = 0, ready = false;
    for (const c of comps) {
      c.lp = 0;
      if (!Number.isFinite(c.raw) || n < o.warm) continue;
      const u = Math.log(c.raw + o.eps);
      if (c.sn === o.short) c.ssum -= c.sbuf[c.si]; else c.sn++;
      c.sbuf[c.si] = u; c.ssum += u; c.si = (c.si + 1) % o.short;
      const a = c.ssum / c.sn;
      if (!o.calibrate) { ready = true; c.lp = c.raw; if (c.lp > lp) lp = c.lp; continue; } // ablation only
      if (c.long.n >= o.minLong) {
        ready = true;
        const m = o.ewCalib ? c.em : c.long.mean(), v = o.ewCalib ? Math.sqrt(c.ev) : c.long.std();
        c.lp = -log10Q((a - m) / Math.max(v, o.sigmaFloor));
        if (c.lp > lp) lp = c.lp;
      }
      c.long.push(a);
      if (o.ewCalib) { if (c.em === undefined) { c.em = a; c.ev = 0; } else { const al = 2 / (o.long + 1), q = a - c.em; c.em += al * q; c.ev = (1 - al) * (c.ev + al * q * q); } }
    }
    const fallbackLp = n > 2 ? Math.max(0, -(log10Q(ewmaZ) + Math.log10(2))) : 0; // two-sided tail
    return { lp, fallbackLp, ready };
  }
  return { update, comps };
}

/**
 * Create a detector for one key.
 * @param {object} options  see DEFAULTS; unknown keys are ignored (e.g. `env` from a harness).
 * @returns {{update(timestampMs:number, value:number|number[]):number, last:object}}
 */
export function createDetector(options = {}) {
  const o = { ...DEFAULTS, ...options };
  const channels = [];
  let supLeft = 0;
  const last = { lp: 0, perFeature: [], ready: false }; // introspection of the latest point

  function update(timestampMs, value) {
    const xs = Array.isArray(value) ? value : [value];
    while (channels.length < xs.length) channels.push(createChannel(o));
    // per-feature surprise, combined by max (one alarm per key, whichever feature raised it)
    let lp = 0, allReady = true;
    const per = [];
    for (let k = 0; k < xs.length; k++) {
      const x = Number(xs[k]);
      if (!Number.isFinite(x)) { per.push(0); continue; } // a missing value scores 0 and teaches nothing
      const r = channels[k].update(x);
      const l = r.ready ? r.lp : (o.coldStart ? r.fallbackLp : 0);
      if (!r.ready) allReady = false;
      per.push(l);
      if (l > lp) lp = l;
    }
    // Bonferroni: the max of F tail probabilities is F times likelier to be small by chance
    if (xs.length > 1) lp = Math.max(0, lp - Math.log10(xs.length));
    if (!(lp < 1e9)) lp = 1e9; // guard: an infinite surprise stays an alarm, not NaN
    let score = lp / (lp + o.cap);
    // one alarm per event: after an alarm, cap the score below the alarm level for `suppress` points
    if (supLeft > 0 && o.softSuppress) { // soft: within the event a new alarm needs lp / (elapsed fraction)
      supLeft--;
      const f = 1 - supLeft / o.suppress; const le = lp * f; const se = le / (le + o.cap);
      if (se >= o.alarm) { score = se; supLeft = o.suppress; } else score = Math.min(score, o.alarm) * 0.5;
    } else if (supLeft > 0) { supLeft--; score = Math.min(score, o.alarm) * 0.5; }
    else if (score >= o.alarm) supLeft = o.suppress;
    last.lp = lp; last.perFeature = per; last.ready = allReady;
    return score;
  }
  return { update, last, options: o, channels };
}
