import { ManifestError, type Manifest } from './load.js';
import { parseDuration } from './duration.js';
import type { TagConditions } from './conditions.js';

export interface ContainerSpec {
  image: string;
  command: string[];
  args: string[];
  /** Literal env values only; values from secrets or config maps exist only in a cluster. */
  env: Record<string, string>;
}

export type WindowSpec = { kind: 'fixed'; lengthMs: number } | { kind: 'sliding'; lengthMs: number; slideMs: number };

export type VertexSpec =
  | { name: string; role: 'source'; source: { kind: string; spec: unknown }; transformer?: ContainerSpec }
  | { name: string; role: 'map'; container: ContainerSpec }
  | { name: string; role: 'reduce'; container: ContainerSpec; window: WindowSpec; keyed: boolean }
  | { name: string; role: 'sink'; sink: { kind: string; spec: unknown } };

export interface EdgeSpec {
  from: string;
  to: string;
  conditions?: TagConditions;
}

export interface PipelineGraph {
  name: string;
  vertices: VertexSpec[];
  edges: EdgeSpec[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function container(raw: unknown, path: string, problems: string[]): ContainerSpec {
  const c = isObj(raw) ? raw : {};
  const env: Record<string, string> = {};
  for (const [i, entry] of (Array.isArray(c['env']) ? c['env'] : []).entries()) {
    if (isObj(entry) && typeof entry['name'] === 'string' && typeof entry['value'] === 'string') env[entry['name']] = entry['value'];
    else if (!isObj(entry) || !('valueFrom' in entry)) problems.push(`${path}.env[${i}]: expected {name, value}`);
  }
  if (typeof c['image'] !== 'string') problems.push(`${path}.image: expected the container image`);
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return { image: String(c['image'] ?? ''), command: strings(c['command']), args: strings(c['args']), env };
}

function windowOf(groupBy: Obj, path: string, problems: string[]): WindowSpec {
  const window = isObj(groupBy['window']) ? groupBy['window'] : {};
  const duration = (v: unknown, at: string): number => {
    try {
      return parseDuration(v as string);
    } catch (err) {
      problems.push(`${at}: ${(err as Error).message}`);
      return 0;
    }
  };
  if (isObj(window['fixed'])) return { kind: 'fixed', lengthMs: duration(window['fixed']['length'], `${path}.window.fixed.length`) };
  if (isObj(window['sliding'])) {
    const s = window['sliding'];
    return { kind: 'sliding', lengthMs: duration(s['length'], `${path}.window.sliding.length`), slideMs: duration(s['slide'], `${path}.window.sliding.slide`) };
  }
  problems.push(`${path}.window: expected a fixed or sliding window (session and accumulator windows are not supported)`);
  return { kind: 'fixed', lengthMs: 0 };
}

function onlyKind(raw: Obj, path: string, problems: string[]): { kind: string; spec: unknown } {
  const kinds = Object.keys(raw).filter((k) => k !== 'transformer');
  if (kinds.length !== 1) problems.push(`${path}: expected exactly one kind, got ${kinds.join(', ') || 'none'}`);
  const kind = kinds[0] ?? '';
  return { kind, spec: raw[kind] };
}

/** The vertex graph of a validated Pipeline manifest, with every structural problem named at once. */
export function pipelineGraph(manifest: Manifest): PipelineGraph {
  const problems: string[] = [];
  const spec = isObj(manifest.object['spec']) ? manifest.object['spec'] : {};
  const vertices: VertexSpec[] = [];
  const rawVertices = Array.isArray(spec['vertices']) ? spec['vertices'] : [];
  rawVertices.forEach((raw, i) => {
    const path = `spec.vertices[${i}]`;
    const v = isObj(raw) ? raw : {};
    const name = String(v['name'] ?? '');
    if (isObj(v['source'])) {
      const source = v['source'];
      const transformer = isObj(source['transformer']) ? container(source['transformer']['container'], `${path}.source.transformer.container`, problems) : undefined;
      vertices.push({ name, role: 'source', source: onlyKind(source, `${path}.source`, problems), ...(transformer ? { transformer } : {}) });
    } else if (isObj(v['sink'])) {
      vertices.push({ name, role: 'sink', sink: onlyKind(v['sink'], `${path}.sink`, problems) });
    } else if (isObj(v['udf'])) {
      const udf = v['udf'];
      const c = container(udf['container'], `${path}.udf.container`, problems);
      if (isObj(udf['groupBy'])) {
        const groupBy = udf['groupBy'];
        vertices.push({ name, role: 'reduce', container: c, window: windowOf(groupBy, `${path}.udf.groupBy`, problems), keyed: groupBy['keyed'] === true });
      } else {
        vertices.push({ name, role: 'map', container: c });
      }
    } else {
      problems.push(`${path} (${name}): expected source, udf or sink`);
    }
  });
  const names = new Set(vertices.map((v) => v.name));
  if (names.size !== vertices.length) problems.push('spec.vertices: vertex names must be unique');
  const edges: EdgeSpec[] = [];
  (Array.isArray(spec['edges']) ? spec['edges'] : []).forEach((raw, i) => {
    const e = isObj(raw) ? raw : {};
    const from = String(e['from'] ?? '');
    const to = String(e['to'] ?? '');
    if (!names.has(from)) problems.push(`spec.edges[${i}].from: no vertex named "${from}"`);
    if (!names.has(to)) problems.push(`spec.edges[${i}].to: no vertex named "${to}"`);
    const edge: EdgeSpec = { from, to };
    const tags = isObj(e['conditions']) && isObj(e['conditions']['tags']) ? e['conditions']['tags'] : undefined;
    if (tags) {
      const operator = (tags['operator'] ?? 'or') as string;
      if (operator !== 'and' && operator !== 'or' && operator !== 'not') {
        problems.push(`spec.edges[${i}].conditions.tags.operator: expected and, or or not, got "${operator}"`);
      }
      edge.conditions = { operator: operator as TagConditions['operator'], values: Array.isArray(tags['values']) ? tags['values'].map(String) : [] };
    }
    edges.push(edge);
  });
  for (const v of vertices) {
    const outgoing = edges.some((e) => e.from === v.name);
    const incoming = edges.some((e) => e.to === v.name);
    if (v.role !== 'sink' && !outgoing) problems.push(`vertex "${v.name}": has no outgoing edge`);
    if (v.role !== 'source' && !incoming) problems.push(`vertex "${v.name}": has no incoming edge`);
  }
  if (problems.length > 0) throw new ManifestError(manifest.origin, problems);
  return { name: manifest.name, vertices, edges };
}
