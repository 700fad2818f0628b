import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ManifestError, type Manifest } from './load.js';

const SCHEMA_URL = new URL('../schema/numaflow-v1alpha1.json', import.meta.url);
const API_VERSION = 'numaflow.numaproj.io/v1alpha1';

/** The kinds we validate, and their definition in Numaflow's schema. */
export const NUMAFLOW_KINDS = {
  Pipeline: 'io.numaproj.numaflow.v1alpha1.Pipeline',
  InterStepBufferService: 'io.numaproj.numaflow.v1alpha1.InterStepBufferService',
} as const;
export type NumaflowKind = keyof typeof NUMAFLOW_KINDS;

export interface ValidateOptions {
  /**
   * Reject fields the schema does not list (default true). Numaflow's CRDs keep unknown fields, so a cluster
   * would accept a misspelt `condition:` and silently ignore it; we would rather fail at once.
   */
  strict?: boolean;
}

interface SchemaFile {
  definitions: Record<string, Record<string, unknown>>;
}

const validators = new Map<string, ValidateFunction>();

function closeObjects(schema: SchemaFile): SchemaFile {
  const copy = structuredClone(schema);
  for (const definition of Object.values(copy.definitions)) closeObject(definition);
  return copy;
}

function closeObject(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach(closeObject);
    return;
  }
  const record = node as Record<string, unknown>;
  if (record['properties'] && typeof record['properties'] === 'object' && !('additionalProperties' in record)) {
    record['additionalProperties'] = false;
  }
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'enum' && key !== 'const') closeObject(value);
  }
}

function validatorFor(kind: NumaflowKind, strict: boolean): ValidateFunction {
  const id = `${kind}:${strict}`;
  let validate = validators.get(id);
  if (!validate) {
    const raw = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as SchemaFile;
    const schema = strict ? closeObjects(raw) : raw;
    // The schema carries Kubernetes extensions (x-kubernetes-*) and formats like int32: not errors.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ ...schema, $id: 'numaflow' });
    validate = ajv.getSchema(`numaflow#/definitions/${NUMAFLOW_KINDS[kind]}`);
    if (!validate) throw new Error(`definition ${NUMAFLOW_KINDS[kind]} missing from ${SCHEMA_URL.pathname}`);
    validators.set(id, validate);
  }
  return validate;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath.slice(1).replaceAll('/', '.');
  if (error.keyword === 'additionalProperties') {
    return `${where}: unknown field "${String(error.params['additionalProperty'])}"`;
  }
  return `${where}: ${error.message ?? 'invalid'}`;
}

/** Validates one manifest against Numaflow's schema; throws a ManifestError naming every bad field. */
export function validateManifest(manifest: Manifest, options: ValidateOptions = {}): void {
  if (!(manifest.kind in NUMAFLOW_KINDS)) {
    throw new ManifestError(manifest.origin, [
      `kind: expected one of ${Object.keys(NUMAFLOW_KINDS).join(', ')}, got "${manifest.kind}"`,
    ]);
  }
  if (manifest.apiVersion !== API_VERSION) {
    throw new ManifestError(manifest.origin, [`apiVersion: expected "${API_VERSION}", got "${manifest.apiVersion}"`]);
  }
  const validate = validatorFor(manifest.kind as NumaflowKind, options.strict ?? true);
  if (!validate(manifest.object)) {
    // With allErrors, a `oneOf`/`anyOf` miss repeats the same field; keep each message once.
    const problems = [...new Set((validate.errors ?? []).map(describe))];
    throw new ManifestError(manifest.origin, problems);
  }
}
