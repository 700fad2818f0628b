import { parseAllDocuments } from 'yaml';

/** One Kubernetes object read from a YAML file, with where it came from for error messages. */
export interface Manifest {
  kind: string;
  apiVersion: string;
  name: string;
  /** The whole object as parsed. */
  object: Record<string, unknown>;
  /** `file#index` of the document, to name it in messages. */
  origin: string;
}

export class ManifestError extends Error {
  constructor(
    readonly origin: string,
    readonly problems: string[],
  ) {
    super(`${origin}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ManifestError';
  }
}

/** Parses every YAML document of a file into manifests; empty documents are skipped. */
export function loadManifests(text: string, file = '<input>'): Manifest[] {
  const manifests: Manifest[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    const origin = `${file}#${index}`;
    if (doc.errors.length > 0) {
      throw new ManifestError(origin, doc.errors.map((e) => `YAML: ${e.message}`));
    }
    const object: unknown = doc.toJS();
    if (object === null || object === undefined) return;
    if (typeof object !== 'object' || Array.isArray(object)) {
      throw new ManifestError(origin, ['a manifest must be a mapping (kind, apiVersion, metadata, spec)']);
    }
    const record = object as Record<string, unknown>;
    const metadata = record['metadata'] as Record<string, unknown> | undefined;
    manifests.push({
      kind: typeof record['kind'] === 'string' ? record['kind'] : '',
      apiVersion: typeof record['apiVersion'] === 'string' ? record['apiVersion'] : '',
      name: typeof metadata?.['name'] === 'string' ? metadata['name'] : '',
      object: record,
      origin,
    });
  });
  return manifests;
}
