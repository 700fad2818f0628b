import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifests, pipelineGraph, validateManifest } from '../src/index.js';

// Every manifest the project ships must be one a stock Numaflow accepts.
const root = fileURLToPath(new URL('../../../', import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'templates' ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const files = [...yamlFiles(join(root, 'pipelines')), ...yamlFiles(join(root, 'charts')).filter((f) => /files[\\/]/.test(f))];

describe('shipped manifests', () => {
  it('includes the main pipeline and the ISB service', () => {
    const names = files.map((f) => f.slice(root.length));
    expect(names).toContain('pipelines/anomaly-detection.yaml');
    expect(names).toContain('pipelines/isbsvc.yaml');
  });
  for (const file of files) {
    it(`${file.slice(root.length)} is valid against Numaflow's schema`, () => {
      const manifests = loadManifests(readFileSync(file, 'utf8'), file).filter((m) => m.kind === 'Pipeline' || m.kind === 'InterStepBufferService');
      expect(manifests.length).toBeGreaterThan(0);
      for (const manifest of manifests) {
        validateManifest(manifest);
        if (manifest.kind === 'Pipeline') expect(pipelineGraph(manifest).vertices.length).toBeGreaterThan(1);
      }
    });
  }
});
