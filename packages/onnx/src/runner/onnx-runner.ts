import ort from 'onnxruntime-node';
import { MODEL_INPUT, MODEL_OUTPUTS } from '../contract.js';
import { ModelContractError, ModelInputError } from './errors.js';
import { checkWindows } from './input-check.js';
import { reconstructionError } from './reconstruction-error.js';
import { SessionCache } from './session-cache.js';
import { sessionKey, type ServableBundle } from './servable.js';

export interface OnnxRunnerOptions {
  /** ONNX Runtime intra-op threads per session (default 1). */
  intraOpNumThreads?: number;
  /** Sessions kept before the least recently used is released (default 256). */
  maxSessions?: number;
  /**
   * Windows per ORT run; longer inputs are split into runs of this size (default 256). Not larger: a
   * nearest-neighbour model's intermediates are [batch, codebook] (4,096 x 2,000 floats = 32 MB per run), which
   * leave the caches; `numalogic score` ran 2.7x faster with 256 than with 4,096 (docs/benchmarks.md, from
   * `npm run bench` in packages/cli).
   */
  maxBatch?: number;
}

/** Per-feature errors of `count` windows, row-major [count, features]. */
export interface ScoredWindows {
  errors: Float32Array;
  count: number;
  features: number;
}

/**
 * Serves every model through onnxruntime-node: one cached session per bundle version, many windows per
 * run, and one output form whatever the model: per-feature errors [count, features].
 */
export class OnnxRunner {
  private readonly cache: SessionCache;
  private readonly maxBatch: number;

  constructor(options: OnnxRunnerOptions = {}) {
    const threads = options.intraOpNumThreads ?? 1;
    if (!Number.isSafeInteger(threads) || threads < 1) throw new Error(`intraOpNumThreads must be a positive integer, got ${threads}`);
    this.maxBatch = options.maxBatch ?? 256;
    if (!Number.isSafeInteger(this.maxBatch) || this.maxBatch < 1) throw new Error(`maxBatch must be a positive integer, got ${this.maxBatch}`);
    this.cache = new SessionCache(options.maxSessions ?? 256, { intraOpNumThreads: threads });
  }

  /**
   * Scores windows laid out [count, window, features] (count taken from the length). Throws
   * ModelInputError for a wrong length or a non-finite value, ModelContractError for a model whose
   * inputs/outputs do not keep the contract.
   */
  async score(bundle: ServableBundle, windows: Float32Array | Float64Array | readonly number[]): Promise<ScoredWindows> {
    const { window, features, model } = bundle.manifest;
    const featureCount = features.length;
    const label = `model ${model.name} for key [${bundle.manifest.key.join(', ')}]`;
    checkManifest(bundle, label);
    const { data, count } = checkWindows(windows, window, featureCount, label);
    const session = await this.session(bundle, label);
    const errors = new Float32Array(count * featureCount);
    const perWindow = window * featureCount;
    for (let start = 0; start < count; start += this.maxBatch) {
      const size = Math.min(this.maxBatch, count - start);
      const x = data.subarray(start * perWindow, (start + size) * perWindow);
      const output = await this.runOnce(session, bundle, x, size, label);
      errors.set(
        model.output === 'reconstruction' ? reconstructionError(x, output, size, window, featureCount) : output,
        start * featureCount,
      );
    }
    return { errors, count, features: featureCount };
  }

  /**
   * The model's raw output for windows [count, window, features]: the reconstruction [count, window,
   * features] or the score [count, features], unreduced (parity checks, diagnostics).
   */
  async output(bundle: ServableBundle, windows: Float32Array | Float64Array | readonly number[]): Promise<Float32Array> {
    const { window, features, model } = bundle.manifest;
    const label = `model ${model.name} for key [${bundle.manifest.key.join(', ')}]`;
    checkManifest(bundle, label);
    const { data, count } = checkWindows(windows, window, features.length, label);
    const session = await this.session(bundle, label);
    return (await this.runOnce(session, bundle, data, count, label)).slice();
  }

  /** Releases a bundle's session (say, after the store pruned that version). */
  evict(bundle: ServableBundle): Promise<void> {
    return this.cache.evict(sessionKey(bundle));
  }

  /** Releases every session. */
  close(): Promise<void> {
    return this.cache.clear();
  }

  /** Cache figures: sessions held, sessions created, requests served from the cache. */
  get stats(): { size: number; created: number; hits: number } {
    return this.cache.stats;
  }

  private async session(bundle: ServableBundle, label: string): Promise<ort.InferenceSession> {
    let session: ort.InferenceSession;
    try {
      session = await this.cache.get(sessionKey(bundle), bundle.model);
    } catch (error) {
      throw new ModelContractError(`${label}: ONNX Runtime cannot load the model: ${(error as Error).message}`);
    }
    const output = bundle.manifest.model.output;
    if (!session.inputNames.includes(MODEL_INPUT) || session.inputNames.length !== 1) {
      throw new ModelContractError(`${label}: the model must have exactly one input named "${MODEL_INPUT}", it has [${session.inputNames.join(', ')}]`);
    }
    if (!session.outputNames.includes(output)) {
      throw new ModelContractError(`${label}: the manifest says output "${output}" but the model outputs [${session.outputNames.join(', ')}]`);
    }
    return session;
  }

  private async runOnce(session: ort.InferenceSession, bundle: ServableBundle, x: Float32Array, count: number, label: string): Promise<Float32Array> {
    const { window, features, model } = bundle.manifest;
    const input = new ort.Tensor('float32', x, [count, window, features.length]);
    let result: ort.InferenceSession.OnnxValueMapType;
    try {
      result = await session.run({ [MODEL_INPUT]: input }, [model.output]);
    } catch (error) {
      throw new ModelContractError(`${label}: ONNX Runtime failed to run the model: ${(error as Error).message}`);
    }
    const tensor = result[model.output] as ort.Tensor;
    const expected = model.output === 'reconstruction' ? [count, window, features.length] : [count, features.length];
    if (tensor.type !== 'float32' || tensor.dims.length !== expected.length || tensor.dims.some((d, i) => d !== expected[i])) {
      throw new ModelContractError(
        `${label}: output "${model.output}" must be float32 [${expected.join(', ')}], got ${tensor.type} [${tensor.dims.join(', ')}]`,
      );
    }
    return tensor.data as Float32Array;
  }
}

function checkManifest(bundle: ServableBundle, label: string): void {
  const { window, features, model } = bundle.manifest;
  if (!Number.isSafeInteger(window) || window < 1) throw new ModelInputError(`${label}: manifest window must be a positive integer, got ${window}`);
  if (features.length < 1) throw new ModelInputError(`${label}: manifest lists no features`);
  if (!MODEL_OUTPUTS.includes(model.output)) {
    throw new ModelContractError(`${label}: manifest model.output must be one of ${MODEL_OUTPUTS.join(', ')}, got ${String(model.output)}`);
  }
  if (!(bundle.model instanceof Uint8Array) || bundle.model.length === 0) throw new ModelInputError(`${label}: the bundle has no model bytes`);
}
