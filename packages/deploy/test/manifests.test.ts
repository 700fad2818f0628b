import { readdirSync, readFileSync } from 'node:fs';
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
