import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadManifests,
  ManifestError,
  pipelineGraph,
  validateManifest,
  type ContainerSpec,
  type EdgeSpec,
  type WindowSpec,
} from '@numalogic/pipeline-spec';
import { PipelineRefusedError } from './errors.js';

/** How to start one UDF container on this machine. */
export interface ProcessSpec {
  image: string;
  command: string;
  args: string[];
  /** The container's literal env from the YAML. */
  env: Record<string, string>;
  containerType: 'transformer' | 'udf';
}

export type PlannedVertex =
  | { name: string; index: number; role: 'source'; kind: string; transformer?: ProcessSpec }
  | { name: string; index: number; role: 'map'; process: ProcessSpec }
  | { name: string; index: number; role: 'reduce'; process: ProcessSpec; window: WindowSpec; keyed: boolean }
  | { name: string; index: number; role: 'sink'; kind: string };

export interface Plan {
  pipeline: string;
  file: string;
  /** Topological order: every vertex after all its upstream vertices. */
  vertices: PlannedVertex[];
  edges: EdgeSpec[];
}

export interface PlanOptions {
  repoRoot: string;
  /** Image -> argv, for UDFs that are not packages of this repository (tests, benchmarks). */
  images?: Record<string, string[]> | undefined;
}

/** Sources whose data the runner replaces with its own (generator, CSV, JSONL); a UDSource runs user code. */
const REPLACEABLE_SOURCES = new Set(['kafka', 'http', 'generator', 'nats', 'jetstream', 'redisStreams', 'pulsar', 'serving']);

/** `registry/org/preprocess:0.1.0` -> `preprocess`. */
export function imageName(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? '';
  const last = withoutDigest.split('/').pop() ?? '';
  const name = last.split(':')[0] ?? '';
  return /^[a-z0-9][a-z0-9._-]*$/.test(name) ? name : undefined;
}

function processFor(
  container: ContainerSpec,
  path: string,
  containerType: ProcessSpec['containerType'],
  options: PlanOptions,
  problems: string[],
): ProcessSpec | undefined {
  const base = { image: container.image, env: container.env, containerType };
  const mapped = options.images?.[container.image];
  if (mapped) {
    const [command, ...args] = mapped;
    if (!command) {
      problems.push(`${path}.image: the images option maps "${container.image}" to an empty command`);
      return undefined;
    }
    return { ...base, command, args: [...args, ...container.args] };
  }
  const name = imageName(container.image);
  if (!name) {
    problems.push(`${path}.image: "${container.image}" is not an image name the runner can map to a package`);
    return undefined;
  }
  const script = join(options.repoRoot, 'packages', name, 'dist', 'main.js');
  if (!existsSync(script)) {
    problems.push(
      `${path}.image: "${container.image}" maps to packages/${name}/dist/main.js, which does not exist under ${options.repoRoot} ` +
        `(unknown image, or build it: npm run build -w packages/${name})`,
    );
    return undefined;
  }
  return { ...base, command: process.execPath, args: [script, ...container.args] };
}

function topologicalOrder(vertices: PlannedVertex[], edges: EdgeSpec[], problems: string[]): PlannedVertex[] {
  const indegree = new Map(vertices.map((v) => [v.name, 0]));
  for (const e of edges) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  const ready = vertices.filter((v) => indegree.get(v.name) === 0);
  const ordered: PlannedVertex[] = [];
  while (ready.length > 0) {
    const vertex = ready.shift()!;
    ordered.push(vertex);
    for (const e of edges.filter((edge) => edge.from === vertex.name)) {
      const left = (indegree.get(e.to) ?? 0) - 1;
      indegree.set(e.to, left);
      if (left === 0) ready.push(vertices.find((v) => v.name === e.to)!);
    }
  }
  if (ordered.length < vertices.length) {
    const cyclic = vertices.filter((v) => !ordered.includes(v)).map((v) => v.name);
    problems.push(`spec.edges: a cycle through ${cyclic.join(', ')}; the local runner plays acyclic pipelines only`);
  }
  return ordered;
}

/** Reads, validates and plans a Pipeline YAML; every reason it cannot be played is named at once. */
export function planPipeline(file: string, options: PlanOptions): Plan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PipelineRefusedError(file, [`cannot read the file: ${(err as Error).message}`]);
  }
  try {
    const pipelines = loadManifests(text, file).filter((m) => m.kind === 'Pipeline');
    if (pipelines.length !== 1) throw new PipelineRefusedError(file, [`expected exactly one kind: Pipeline document, found ${pipelines.length}`]);
    const manifest = pipelines[0]!;
    validateManifest(manifest);
    const graph = pipelineGraph(manifest);
    const problems: string[] = [];
    const planned: PlannedVertex[] = [];
    graph.vertices.forEach((v, index) => {
      const path = `spec.vertices[${index}]`;
      switch (v.role) {
        case 'source': {
          if (!REPLACEABLE_SOURCES.has(v.source.kind)) {
            problems.push(`${path}.source.${v.source.kind}: a ${v.source.kind} source runs code the runner cannot replace; use kafka, http or generator`);
          }
          const transformer = v.transformer ? processFor(v.transformer, `${path}.source.transformer.container`, 'transformer', options, problems) : undefined;
          planned.push({ name: v.name, index, role: 'source', kind: v.source.kind, ...(transformer ? { transformer } : {}) });
          break;
        }
        case 'map': {
          const process = processFor(v.container, `${path}.udf.container`, 'udf', options, problems);
          if (process) planned.push({ name: v.name, index, role: 'map', process });
          break;
        }
        case 'reduce': {
          const process = processFor(v.container, `${path}.udf.container`, 'udf', options, problems);
          const { window } = v;
          if (!(window.lengthMs > 0)) problems.push(`${path}.udf.groupBy.window: the window length must be > 0`);
          if (window.kind === 'sliding' && !(window.slideMs > 0 && window.slideMs <= window.lengthMs)) {
            problems.push(`${path}.udf.groupBy.window.sliding.slide: must be > 0 and at most the length`);
          }
          if (process) planned.push({ name: v.name, index, role: 'reduce', process, window, keyed: v.keyed });
          break;
        }
        case 'sink':
          planned.push({ name: v.name, index, role: 'sink', kind: v.sink.kind });
          break;
      }
    });
    const sources = planned.filter((v) => v.role === 'source');
    if (sources.length !== 1) problems.push(`spec.vertices: the local runner plays exactly one source vertex, found ${sources.length}`);
    const ordered = problems.length === 0 ? topologicalOrder(planned, graph.edges, problems) : planned;
    if (problems.length > 0) throw new PipelineRefusedError(file, problems);
    return { pipeline: graph.name, file, vertices: ordered, edges: graph.edges };
  } catch (err) {
    if (err instanceof ManifestError) throw new PipelineRefusedError(file, err.problems.map((p) => `${err.origin}: ${p}`));
    throw err;
  }
}
