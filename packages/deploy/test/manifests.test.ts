import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadManifests, pipelineGraph, validateManifest } from '@numalogic/pipeline-spec';

// Every manifest under pipelines/ must be one a stock Numaflow accepts (the chart's are checked in chart.test.ts).
const dir = new URL('../../../pipelines/', import.meta.url);
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

describe('pipelines/', () => {
  it('holds the main pipeline and the ISB service', () => {
    expect(files).toContain('anomaly-detection.yaml');
    expect(files).toContain('isbsvc.yaml');
  });
  for (const file of files) {
    it(`${file} is valid against Numaflow's schema`, () => {
      const manifests = loadManifests(readFileSync(new URL(file, dir), 'utf8'), file);
      expect(manifests.length).toBeGreaterThan(0);
      for (const manifest of manifests) {
        validateManifest(manifest);
        if (manifest.kind === 'Pipeline') expect(pipelineGraph(manifest).vertices.length).toBeGreaterThan(1);
      }
    });
  }
});

describe('pipelines/ and the UDFs agree', () => {
  it('every UDF image is a package of ours with a Dockerfile, and every edge tag is one a vertex emits', async () => {
    const emitted = new Map<string, readonly string[]>();
    for (const udf of ['preprocess', 'inference', 'threshold', 'postprocess', 'trainer']) {
      const mod = (await import(`@numalogic/${udf}`)) as { EMITTED_TAGS: readonly string[] };
      emitted.set(udf, mod.EMITTED_TAGS);
    }
    for (const file of files) {
      for (const manifest of loadManifests(readFileSync(new URL(file, dir), 'utf8'), file)) {
        if (manifest.kind !== 'Pipeline') continue;
        const graph = pipelineGraph(manifest);
        const packageOf = new Map<string, string>();
        for (const vertex of graph.vertices) {
          const image = vertex.role === 'source' ? vertex.transformer?.image : vertex.role === 'map' || vertex.role === 'reduce' ? vertex.container.image : undefined;
          if (image === undefined) continue;
          const name = /^[^:]*\/([^/:]+)(:[^/]+)?$/.exec(image)?.[1] ?? '';
          expect(emitted.has(name), `${file}: vertex ${vertex.name} image ${image}`).toBe(true);
          expect(existsSync(new URL(`../../${name}/Dockerfile`, import.meta.url)), `${name}/Dockerfile`).toBe(true);
          packageOf.set(vertex.name, name);
        }
        for (const edge of graph.edges) {
          const from = packageOf.get(edge.from);
          for (const tag of edge.conditions?.values ?? []) {
            expect(from, `${file}: edge ${edge.from} -> ${edge.to} has tag conditions but ${edge.from} runs no UDF of ours`).toBeDefined();
            expect(emitted.get(from!), `${file}: edge ${edge.from} -> ${edge.to}: tag "${tag}"`).toContain(tag);
          }
        }
      }
    }
  });
});
