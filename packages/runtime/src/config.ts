import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError, parseConfig, type Config } from '@numalogic/core';

export type Env = Record<string, string | undefined>;

/**
 * Environment variables that override the configuration file, for what differs between a laptop and a
 * cluster (where the store is) without editing the ConfigMap. Documented in the README.
 */
export const ENV_OVERRIDES = {
  NUMALOGIC_CONFIG: 'path of the YAML or JSON configuration file (none: the defaults)',
  NUMALOGIC_OVERRIDES: 'YAML or JSON object deep-merged over the file, e.g. {"trainer":{"minPoints":100}}',
  NUMALOGIC_STORE_FOLDER: 'use the fs store in this folder',
  NUMALOGIC_S3_ENDPOINT: 'use the s3 store at this endpoint (host or host:port)',
  NUMALOGIC_S3_BUCKET: 'bucket of the s3 store',
  NUMALOGIC_S3_PREFIX: 'key prefix inside the bucket',
  NUMALOGIC_S3_REGION: 'region of the s3 store',
  NUMALOGIC_S3_USE_SSL: '"true" or "false"',
  NUMALOGIC_S3_CREATE_BUCKET: '"true": create the bucket when it is missing',
} as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `over` merged into `base`: objects key by key, anything else replaced. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObj(base) || !isObj(over)) return over;
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

function readDocument(text: string, where: string): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    throw new ConfigError([{ path: '(file)', problem: `${where} is not valid YAML/JSON: ${(err as Error).message}` }]);
  }
}

function storeOverrides(env: Env): Obj | undefined {
  if (env['NUMALOGIC_S3_ENDPOINT']) {
    const s3: Obj = { kind: 's3', endpoint: env['NUMALOGIC_S3_ENDPOINT'] };
    if (env['NUMALOGIC_S3_BUCKET']) s3['bucket'] = env['NUMALOGIC_S3_BUCKET'];
    if (env['NUMALOGIC_S3_PREFIX']) s3['prefix'] = env['NUMALOGIC_S3_PREFIX'];
    if (env['NUMALOGIC_S3_REGION']) s3['region'] = env['NUMALOGIC_S3_REGION'];
    if (env['NUMALOGIC_S3_USE_SSL']) s3['useSSL'] = env['NUMALOGIC_S3_USE_SSL'] === 'true';
    return s3;
  }
  if (env['NUMALOGIC_STORE_FOLDER']) return { kind: 'fs', folder: env['NUMALOGIC_STORE_FOLDER'] };
  return undefined;
}

/** The raw (unvalidated) document: the file, then NUMALOGIC_OVERRIDES, then the store variables. */
export function configDocument(env: Env = process.env): unknown {
  const path = env['NUMALOGIC_CONFIG'];
  let doc: unknown = {};
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError([{ path: '(file)', problem: `cannot read NUMALOGIC_CONFIG=${path}: ${(err as Error).message}` }]);
    }
    doc = readDocument(text, path) ?? {};
  }
  if (env['NUMALOGIC_OVERRIDES']) doc = deepMerge(doc, readDocument(env['NUMALOGIC_OVERRIDES'], 'NUMALOGIC_OVERRIDES'));
  const store = storeOverrides(env);
  if (store) {
    // A store variable replaces the kind; keep the document's other store settings when they are for that kind
    // or for no kind in particular (say NUMALOGIC_OVERRIDES='{"store":{"cacheTtl":50}}').
    const fileStore = isObj(doc) && isObj(doc['store']) ? doc['store'] : {};
    const merged = fileStore['kind'] === undefined || fileStore['kind'] === store['kind'] ? { ...fileStore, ...store } : store;
    doc = { ...(isObj(doc) ? doc : {}), store: merged };
  }
  return doc;
}

/** Reads and validates the configuration once, at start-up; a ConfigError names every bad field. */
export function loadConfig(env: Env = process.env): Config {
  return parseConfig(configDocument(env));
}
