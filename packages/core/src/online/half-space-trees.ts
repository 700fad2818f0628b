import { SeededRandom } from '../synthetic/random.js';
import type { OnlineDetector, SerializedOnlineDetector } from './detector.js';

interface TreeStructure {
  splitFeature: Int32Array;
  splitValue: Float64Array;
}

/** Same options and seed, same trees: the structure is built once and shared by every key's detector. */
const structures = new Map<string, TreeStructure>();

function treeStructure(features: number, trees: number, depth: number, seed: number): TreeStructure {
  const id = `${features}:${trees}:${depth}:${seed}`;
  const cached = structures.get(id);
  if (cached) return cached;
  const internal = 2 ** depth - 1;
  const splitFeature = new Int32Array(trees * internal);
  const splitValue = new Float64Array(trees * internal);
  const random = new SeededRandom(seed);
  const lo = new Float64Array(features);
  const hi = new Float64Array(features).fill(1);
  const build = (tree: number, node: number): void => {
    if (node >= internal) return;
    const f = random.int(0, features - 1);
    const split = lo[f]! + (hi[f]! - lo[f]!) * random.uniform(0.35, 0.65);
    splitFeature[tree * internal + node] = f;
    splitValue[tree * internal + node] = split;
    const savedHi = hi[f]!;
    hi[f] = split;
    build(tree, 2 * node + 1);
    hi[f] = savedHi;
    const savedLo = lo[f]!;
    lo[f] = split;
    build(tree, 2 * node + 2);
    lo[f] = savedLo;
  };
  for (let t = 0; t < trees; t++) build(t, 0);
  const structure = { splitFeature, splitValue };
  structures.set(id, structure);
  return structure;
}

export interface HalfSpaceTreesOptions {
  trees?: number;
  depth?: number;
  /** Points per mass window: the latest window's masses become the reference when it fills. */
  windowSize?: number;
  /** A node with less reference mass than sizeLimit * windowSize ends the descent. */
  sizeLimit?: number;
  /** Ratio 1 = log density k running standard deviations below its running mean. */
  k?: number;
  warmup?: number;
  seed?: number;
}

/**
 * Streaming Half-Space Trees (Tan, Ting & Liu 2011), seeded. Each feature is first mapped into (0, 1) by
 * 0.5 * (1 + tanh(z / 3)) with z from its running mean and std, so no value range has to be known. Trees are
 * complete binary trees of random splits stored in flat typed arrays; a point's density is sum over trees of
 * mass * 2^depth at the node where the descent stops. The score of a point is how far its log density lies
 * below the running mean of the log densities of learned points, in k running stds (so 1 ≈ "unusually empty").
 * Before the first window is complete the masses of the partial window stand in for the reference.
 * One overall score: per-feature scores all equal it.
 */
export class HalfSpaceTrees implements OnlineDetector {
  readonly name = 'half-space-trees';
  readonly features: number;
  readonly trees: number;
  readonly depth: number;
  readonly windowSize: number;
  readonly sizeLimit: number;
  readonly k: number;
  readonly warmup: number;
  readonly seed: number;
  private readonly nodes: number;
  private readonly internal: number;
  private readonly splitFeature: Int32Array;
  private readonly splitValue: Float64Array;
  /** Mass counters (at most windowSize, so 16 bits): a key costs 2 * trees * (2^(depth+1) - 1) * 2 bytes. */
  referenceMass: Uint16Array;
  latestMass: Uint16Array;
  hasReference = false;
  inWindow = 0;
  seen = 0;
  /** Running mean/std of each feature (for the (0, 1) mapping) and of log density (for calibration). */
  featureMean: Float64Array;
  featureStd: Float64Array;
  densityMean = 0;
  densityVar = 0;
  private readonly unit: Float64Array;

  constructor(features: number, options: HalfSpaceTreesOptions = {}) {
    this.features = features;
    this.trees = options.trees ?? 16;
    this.depth = options.depth ?? 6;
    this.windowSize = options.windowSize ?? 64;
    this.sizeLimit = options.sizeLimit ?? 0.1;
    this.k = options.k ?? 3;
    this.warmup = options.warmup ?? 16;
    this.seed = options.seed ?? 7;
    this.nodes = 2 ** (this.depth + 1) - 1;
    if (this.windowSize > 65_535) throw new RangeError(`windowSize must be at most 65535, got ${this.windowSize}`);
    this.internal = 2 ** this.depth - 1;
    const structure = treeStructure(features, this.trees, this.depth, this.seed);
    this.splitFeature = structure.splitFeature;
    this.splitValue = structure.splitValue;
    this.referenceMass = new Uint16Array(this.trees * this.nodes);
    this.latestMass = new Uint16Array(this.trees * this.nodes);
    this.featureMean = new Float64Array(features);
    this.featureStd = new Float64Array(features);
    this.unit = new Float64Array(features);
  }

  private toUnit(x: ArrayLike<number>): boolean {
    for (let f = 0; f < this.features; f++) {
      const v = x[f]!;
      if (!Number.isFinite(v)) return false;
      const sd = Math.max(this.featureStd[f]!, 1e-9 * Math.abs(this.featureMean[f]!), Number.MIN_VALUE);
      const z = this.seen === 0 ? 0 : (v - this.featureMean[f]!) / sd;
      this.unit[f] = 0.5 * (1 + Math.tanh(z / 3));
    }
    return true;
  }

  /** Log density of the point in this.unit; with learn, also adds it to the latest masses. */
  private descend(learn: boolean): number {
    const internal = this.internal;
    const reference = this.hasReference ? this.referenceMass : this.latestMass;
    const scale = this.hasReference || this.inWindow === 0 ? 1 : this.windowSize / this.inWindow;
    const limit = this.sizeLimit * this.windowSize;
    let total = 0;
    for (let t = 0; t < this.trees; t++) {
      const base = t * this.nodes;
      let node = 0;
      let depth = 0;
      let scored = false;
      for (;;) {
        const mass = reference[base + node]! * scale;
        if (!scored && (mass < limit || depth === this.depth)) {
          total += mass * 2 ** depth;
          scored = true;
          if (!learn) break;
        }
        if (learn) this.latestMass[base + node] = this.latestMass[base + node]! + 1;
        if (depth === this.depth) break;
        const i = t * internal + node;
        node = this.unit[this.splitFeature[i]!]! < this.splitValue[i]! ? 2 * node + 1 : 2 * node + 2;
        depth++;
      }
    }
    return Math.log1p(total / this.trees);
  }

  learnOne(x: ArrayLike<number>): void {
    if (!this.toUnit(x)) return;
    const logDensity = this.descend(true);
    this.seen++;
    // Exact running mean early on, exponential later, for both the feature mapping and the calibration.
    const alpha = Math.max(1 / this.seen, 0.02);
    for (let f = 0; f < this.features; f++) {
      const diff = x[f]! - this.featureMean[f]!;
      this.featureMean[f] = this.featureMean[f]! + alpha * diff;
      this.featureStd[f] = Math.sqrt(1 - alpha) * Math.hypot(this.featureStd[f]!, Math.sqrt(alpha) * diff);
    }
    const diff = logDensity - this.densityMean;
    this.densityMean += alpha * diff;
    this.densityVar = (1 - alpha) * (this.densityVar + alpha * diff * diff);
    if (++this.inWindow >= this.windowSize) {
      // Swap instead of copying: the filled window becomes the reference, the old reference is reset.
      const old = this.referenceMass;
      this.referenceMass = this.latestMass;
      this.latestMass = old;
      this.latestMass.fill(0);
      this.hasReference = true;
      this.inWindow = 0;
    }
  }

  scoreOne(x: ArrayLike<number>, perFeature?: Float64Array): number {
    let ratio = 0;
    if (this.seen >= this.warmup && this.toUnit(x)) {
      const logDensity = this.descend(false);
      const sd = Math.max(Math.sqrt(this.densityVar), 1e-3);
      ratio = Math.max(0, this.densityMean - logDensity) / (this.k * sd);
    }
    if (perFeature) perFeature.fill(ratio, 0, this.features);
    return ratio;
  }

  toJSON(): SerializedOnlineDetector {
    return {
      name: this.name,
      features: this.features,
      options: {
        trees: this.trees,
        depth: this.depth,
        windowSize: this.windowSize,
        sizeLimit: this.sizeLimit,
        k: this.k,
        warmup: this.warmup,
        seed: this.seed,
      },
      state: {
        referenceMass: Array.from(this.referenceMass),
        latestMass: Array.from(this.latestMass),
        hasReference: this.hasReference,
        inWindow: this.inWindow,
        seen: this.seen,
        featureMean: Array.from(this.featureMean),
        featureStd: Array.from(this.featureStd),
        densityMean: this.densityMean,
        densityVar: this.densityVar,
      },
    };
  }

  restoreState(s: {
    referenceMass: number[];
    latestMass: number[];
    hasReference: boolean;
    inWindow: number;
    seen: number;
    featureMean: number[];
    featureStd: number[];
    densityMean: number;
    densityVar: number;
  }): this {
    if (s.referenceMass.length !== this.referenceMass.length) throw new Error('half-space-trees state does not match its options');
    this.referenceMass = Uint16Array.from(s.referenceMass);
    this.latestMass = Uint16Array.from(s.latestMass);
    this.hasReference = s.hasReference;
    this.inWindow = s.inWindow;
    this.seen = s.seen;
    this.featureMean = Float64Array.from(s.featureMean);
    this.featureStd = Float64Array.from(s.featureStd);
    this.densityMean = s.densityMean;
    this.densityVar = s.densityVar;
    return this;
  }
}
