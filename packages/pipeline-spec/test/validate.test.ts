import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadManifests, ManifestError, pipelineGraph, validateManifest } from '../src/index.js';

const evenOdd = `
apiVersion: numaflow.numaproj.io/v1alpha1
kind: Pipeline
metadata: { name: even-odd }
spec:
  vertices:
    - name: in
      source: { http: {} }
    - name: map
      udf:
        container: { image: "example/map:1", env: [{ name: A, value: "1" }] }
    - name: agg
      udf:
        container: { image: "example/reduce:1" }
        groupBy: { keyed: true, window: { sliding: { length: 1m30s, slide: 10s } } }
    - name: out
      sink: { log: {} }
  edges:
    - { from: in, to: map }
    - { from: map, to: agg, conditions: { tags: { operator: and, values: [a, b] } } }
    - { from: agg, to: out }
`;

function first(text: string) {
  const [manifest] = loadManifests(text, 'test.yaml');
  if (!manifest) throw new Error('no manifest');
  return manifest;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ManifestError) return err.problems;
    throw err;
  }
  return [];
}

describe('validateManifest against Numaflow schema', () => {
  it('accepts a valid pipeline and reads its graph', () => {
    const manifest = first(evenOdd);
    expect(problemsOf(() => validateManifest(manifest))).toEqual([]);
    const graph = pipelineGraph(manifest);
    expect(graph.vertices.map((v) => `${v.name}:${v.role}`)).toEqual(['in:source', 'map:map', 'agg:reduce', 'out:sink']);
    const agg = graph.vertices[2];
    expect(agg?.role === 'reduce' && agg.window).toEqual({ kind: 'sliding', lengthMs: 90_000, slideMs: 10_000 });
    expect(graph.vertices[1]?.role === 'map' && graph.vertices[1].container.env).toEqual({ A: '1' });
    expect(graph.edges[1]?.conditions).toEqual({ operator: 'and', values: ['a', 'b'] });
  });

  it('names a misspelt field (strict) and lets it through when not strict', () => {
    const manifest = first(evenOdd.replace('conditions:', 'condition:'));
    expect(problemsOf(() => validateManifest(manifest))).toContain('spec.edges.1: unknown field "condition"');
    expect(problemsOf(() => validateManifest(manifest, { strict: false }))).toEqual([]);
  });

  it('names a field of the wrong type', () => {
    const manifest = first(evenOdd.replace('keyed: true', 'keyed: "yes"'));
    expect(problemsOf(() => validateManifest(manifest))).toContain('spec.vertices.2.udf.groupBy.keyed: must be boolean');
  });

  it('rejects another kind or apiVersion with a clear message', () => {
    expect(problemsOf(() => validateManifest(first('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}')))[0]).toMatch(/^kind: expected one of Pipeline, InterStepBufferService/);
    expect(problemsOf(() => validateManifest(first(evenOdd.replace('v1alpha1', 'v2')))) [0]).toMatch(/^apiVersion: expected/);
  });

  it('reports YAML syntax errors with the document', () => {
    expect(() => loadManifests('a: [1, 2', 'bad.yaml')).toThrow(/bad.yaml#0/);
  });

  it('finds structural problems the schema cannot: dangling edges, dead ends, bad durations', () => {
    const broken = evenOdd.replace('{ from: agg, to: out }', '{ from: agg, to: nowhere }').replace('slide: 10s', 'slide: ten');
    const problems = problemsOf(() => pipelineGraph(first(broken)));
    expect(problems).toContain('spec.edges[2].to: no vertex named "nowhere"');
    expect(problems).toContain('vertex "out": has no incoming edge');
    expect(problems.some((p) => p.startsWith('spec.vertices[2].udf.groupBy.window.sliding.slide:'))).toBe(true);
  });

  it('loads every document of a multi-document file', () => {
    const text = readFileSync(new URL('../../../pipelines/isbsvc.yaml', import.meta.url), 'utf8');
    const all = loadManifests(`${text}\n---\n${evenOdd}`);
    expect(all.map((m) => m.kind)).toEqual(['InterStepBufferService', 'Pipeline']);
  });
});
