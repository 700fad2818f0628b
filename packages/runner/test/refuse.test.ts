import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PipelineRefusedError, planPipeline, runPipeline } from '../src/index.js';
import { tempDir, writeLines } from './helpers.js';

const REPO = join(import.meta.dirname, '..', '..', '..');

function pipeline(vertices: string, edges: string): string {
  return `apiVersion: numaflow.numaproj.io/v1alpha1
kind: Pipeline
metadata:
  name: bad
spec:
  vertices:
${vertices}
  edges:
${edges}
`;
}

const SOURCE = `    - name: in
      source:
        generator: {}`;
const SINK = `    - name: out
      sink:
        log: {}`;

/** A pipeline in -> `name` -> out, where `body` is the middle vertex's YAML below its name. */
function inThroughOut(name: string, body: string): string {
  return pipeline(`${SOURCE}\n    - name: ${name}\n${body}\n${SINK}`, `    - from: in\n      to: ${name}\n    - from: ${name}\n      to: out`);
}

function refusal(text: string): string {
  const file = writeLines(tempDir(), 'pipeline.yaml', [text]);
  try {
    planPipeline(file, { repoRoot: REPO });
  } catch (err) {
    expect(err).toBeInstanceOf(PipelineRefusedError);
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('pipelines the runner refuses', () => {
  it('an image that maps to no package, naming the field', () => {
    const message = refusal(
      inThroughOut(
        'mystery',
        `      udf:
        container:
          image: example.com/team/mystery-udf:2.0`,
      ),
    );
    expect(message).toContain('spec.vertices[1].udf.container.image');
    expect(message).toContain('packages/mystery-udf/dist/main.js');
  });

  it('a session window', () => {
    const message = refusal(
      inThroughOut(
        'sessions',
        `      udf:
        container:
          image: numalogic/preprocess:0.1.0
        groupBy:
          keyed: true
          window:
            session:
              timeout: 1m`,
      ),
    );
    expect(message).toContain('spec.vertices[1].udf.groupBy.window');
    expect(message).toContain('session');
  });

  it('a user-defined source, naming the source kind', () => {
    const message = refusal(
      pipeline(
        `    - name: in
      source:
        udsource:
          container:
            image: me/my-source:1
${SINK}`,
        `    - from: in
      to: out`,
      ),
    );
    expect(message).toContain('spec.vertices[0].source.udsource');
  });

  it('a cycle, an edge to a missing vertex and a misspelt field', () => {
    expect(
      refusal(
        pipeline(
          `${SOURCE}
    - name: loop
      udf:
        container:
          image: numalogic/preprocess:0.1.0
${SINK}`,
          `    - from: in
      to: loop
    - from: loop
      to: loop
    - from: loop
      to: out`,
        ),
      ),
    ).toContain('cycle through loop');
    expect(refusal(pipeline(`${SOURCE}\n${SINK}`, `    - from: in\n      to: nowhere`))).toContain('spec.edges[0].to');
    expect(refusal(pipeline(`${SOURCE}\n${SINK}`, `    - from: in\n      to: out\n      condition: {}`))).toContain('condition');
  });

  it('a file that is not YAML, and a missing file', () => {
    expect(refusal('kind: [unclosed')).toContain('YAML');
    expect(() => planPipeline('/nonexistent/pipeline.yaml', { repoRoot: REPO })).toThrow('cannot read the file');
  });

  it('the shipped pipeline plans, with every UDF mapped to its package entrypoint', () => {
    const plan = planPipeline(join(REPO, 'pipelines', 'anomaly-detection.yaml'), {
      repoRoot: REPO,
      // Packages not built yet in this checkout are mapped by hand so the plan itself is checked.
      images: Object.fromEntries(['preprocess', 'inference', 'threshold', 'postprocess', 'trainer'].map((n) => [`numalogic/${n}:0.1.0`, ['node', `packages/${n}/dist/main.js`]])),
    });
    expect(plan.vertices.map((v) => v.name).sort()).toEqual(
      ['alerts', 'in', 'inference-dense', 'inference-sparse', 'out', 'postprocess', 'preprocess', 'threshold', 'trainer', 'training-log'],
    );
    // Topological: every edge goes forward in the order, so end of input closes windows upstream first.
    const order = plan.vertices.map((v) => v.name);
    for (const edge of plan.edges) expect(order.indexOf(edge.from)).toBeLessThan(order.indexOf(edge.to));
    const preprocess = plan.vertices.find((v) => v.name === 'preprocess');
    expect(preprocess).toMatchObject({ role: 'reduce', window: { kind: 'sliding', lengthMs: 12 * 60_000, slideMs: 60_000 }, keyed: true });
    const source = plan.vertices.find((v) => v.name === 'in');
    expect(source).toMatchObject({ role: 'source', kind: 'kafka', transformer: { containerType: 'transformer', env: { NUMALOGIC_CONFIG: '/etc/numalogic/config.yaml' } } });
  });

  it('runPipeline refuses a source it cannot read before starting anything', async () => {
    const dir = tempDir();
    const parquet = writeLines(dir, 'data.parquet', ['PAR1']);
    const base = { pipelinePath: join(import.meta.dirname, 'fixtures', 'one-map.yaml'), handleSignals: false, runDir: join(dir, 'run'), images: { 'test/work:1': ['node', 'x.mjs'] } };
    await expect(runPipeline({ ...base, source: parquet })).rejects.toThrow("expected 'generator', a .csv file or a .jsonl file");
    await expect(runPipeline({ ...base, source: join(dir, 'missing.csv') })).rejects.toThrow('does not exist');
  });
});
