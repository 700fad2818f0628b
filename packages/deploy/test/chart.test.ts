import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { parseConfig } from '@numalogic/core';
import { loadManifests, pipelineGraph, validateManifest } from '@numalogic/pipeline-spec';

// There is no helm binary here: the chart keeps its Numaflow manifests in files/ with `{{ .Values.x }}`
// placeholders (rendered by Helm's `tpl`), which this test renders with values.yaml's defaults.
const chart = new URL('../../../charts/numalogic/', import.meta.url);
const pipelines = new URL('../../../pipelines/', import.meta.url);
const read = (url: URL) => readFileSync(url, 'utf8');
const values = parse(read(new URL('values.yaml', chart))) as Record<string, unknown>;

function lookup(path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], values);
}

/** Renders `{{ .Values.a.b }}` placeholders; any other template construct is a test failure. */
function renderValues(text: string): string {
  return text.replace(/\{\{-?\s*([^}]*?)\s*-?\}\}/g, (_all, expr: string) => {
    const match = /^\.Values\.([A-Za-z0-9_.]+)$/.exec(expr);
    if (!match?.[1]) throw new Error(`files/ may only use {{ .Values.x }} placeholders, found {{ ${expr} }}`);
    const value = lookup(match[1]);
    if (value === undefined || typeof value === 'object') throw new Error(`.Values.${match[1]} is not a scalar in values.yaml`);
    return String(value);
  });
}

describe('charts/numalogic', () => {
  for (const [file, twin] of [['pipeline.yaml', 'anomaly-detection.yaml'], ['isbsvc.yaml', 'isbsvc.yaml']] as const) {
    it(`files/${file} renders to a valid manifest equal to pipelines/${twin}`, () => {
      const rendered = renderValues(read(new URL(`files/${file}`, chart)));
      const manifests = loadManifests(rendered, `files/${file}`);
      expect(manifests).toHaveLength(1);
      const manifest = manifests[0]!;
      validateManifest(manifest);
      if (manifest.kind === 'Pipeline') pipelineGraph(manifest);
      expect(manifest.object).toEqual(parseDocument(read(new URL(twin, pipelines))).toJS());
    });
  }

  it('refuses a placeholder that values.yaml does not define', () => {
    expect(() => renderValues('image: "{{ .Values.images.nope }}"')).toThrow(/not a scalar/);
    expect(() => renderValues('{{ include "x" . }}')).toThrow(/only use/);
  });

  it('every .Values path used by a template exists in values.yaml', () => {
    const templates = new URL('templates/', chart);
    const used = new Set<string>();
    for (const name of readdirSync(templates)) {
      for (const m of read(new URL(name, templates)).matchAll(/\.Values\.([A-Za-z0-9_.]+)/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(5);
    for (const path of used) expect(lookup(path), `.Values.${path}`).not.toBeUndefined();
  });

  it("values.config is a valid numalogic configuration", () => {
    const config = parseConfig(values['config']);
    expect(config.keys).toEqual(['service', 'metric', 'region']);
    expect(config.window.points * config.window.intervalMs).toBe(12 * 60_000);
  });
});
