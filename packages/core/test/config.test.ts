import { describe, expect, it } from 'vitest';
import { ConfigError, classifyDensity, isTrainingAllowed, parseConfig, parseDuration } from '../src/config/index.js';

function issuesOf(input: unknown): string[] {
  try {
    parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((i) => `${i.path}: ${i.problem}`);
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('fills working defaults from an empty document', () => {
    const c = parseConfig({});
    expect(c.keys).toEqual(['key']);
    expect(c.features).toEqual(['value']);
    expect(c.window).toEqual({ points: 12, intervalMs: 'auto', fill: { method: 'hold', limit: 3 }, coarseBlock: 24 });
    expect(c.ensemble).toBe('max');
    expect(c.maxKeys).toBe(100_000);
    expect(c.models['dense']!.map((m) => m.name)).toEqual(['knn-window', 'knn-coarse', 'ar-window']);
    expect(c.store).toMatchObject({ kind: 'fs', folder: './models', keepVersions: 5 });
    expect(c.trainer.threshold.name).toBe('std-dev');
    expect(c.models.dense?.[0]?.name).toBe('knn-window');
    expect(c.models.sparse?.[0]?.name).toBe('knn-window');
    expect(c.calibration).toMatchObject({ method: 'likelihood', short: 5, long: 500, minLong: 288, alarmSurprise: 5 });
    expect(c.postprocess).toMatchObject({ normalise: { method: 'rational' }, suppression: { windows: 576, soft: true } });
    expect(parseConfig(undefined).features).toEqual(['value']);
  });

  it('keeps the given keys and features and reads durations', () => {
    const c = parseConfig({
      keys: ['service', 'region'],
      features: ['latency', 'errors'],
      window: { intervalMs: '30s' },
      trainer: { retrainAfter: '1h30m' },
      store: { kind: 's3', endpoint: 'minio:9000', bucket: 'models', accessKeyEnv: 'MY_KEY' },
    });
    expect(c.keys).toEqual(['service', 'region']);
    expect(c.window.intervalMs).toBe(30_000);
    expect(c.trainer.retrainAfter).toBe(5_400_000);
    expect(c.store).toMatchObject({ kind: 's3', useSSL: true, accessKeyEnv: 'MY_KEY', secretKeyEnv: 'NUMALOGIC_S3_SECRET_KEY' });
  });

  it('names the path of every bad field', () => {
    const issues = issuesOf({
      window: { points: 0, fill: { method: 'cubic' } },
      windw: 3,
      models: { dense: [{ weight: 1 }] },
      store: { kind: 's3', bucket: 'b', accessKeyEnv: 'AKIA/not a name' },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^window\.points: .*>=1/),
        expect.stringMatching(/^window\.fill\.method: .*"hold"\|"linear"/),
        'windw: unknown field (misspelt?)',
        expect.stringMatching(/^models\.dense\[0\]\.name: /),
        expect.stringMatching(/^store\.endpoint: /),
        expect.stringMatching(/^store\.accessKeyEnv: must be an environment variable name/),
      ]),
    );
  });

  it('reports cross-field mistakes with paths', () => {
    const issues = issuesOf({
      keys: ['service'],
      features: ['a', 'a', 'service'],
      densityClasses: [
        { name: 'dense', minDensity: 0.5 },
        { name: 'sparse', minDensity: 0.7 },
      ],
      models: { medium: [{ name: 'x' }] },
      limits: { b: { upper: 1 } },
      trainer: { transforms: [{ name: 'fourier' }], threshold: { name: 'nope' } },
      online: { name: 'isolation' },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        "features[1]: duplicate name 'a'",
        "features[2]: 'service' is also a key field",
        expect.stringMatching(/^densityClasses\[1\]\.minDensity: must be below/),
        expect.stringMatching(/^densityClasses\[1\]\.minDensity: the last class must have minDensity 0/),
        expect.stringMatching(/^models\.medium: no density class named 'medium'/),
        expect.stringMatching(/^limits\.b: 'b' is not one of the features/),
        expect.stringMatching(/^trainer\.transforms\[0\]\.name: unknown transform 'fourier'/),
        expect.stringMatching(/^trainer\.threshold\.name: unknown threshold 'nope'/),
        expect.stringMatching(/^online\.name: unknown online detector 'isolation'/),
      ]),
    );
  });

  it('puts every issue on its own line of the message', () => {
    try {
      parseConfig({ window: { points: -1 }, trainer: { retrainAfter: 'soon' } });
      expect.unreachable();
    } catch (error) {
      const lines = (error as Error).message.split('\n');
      expect(lines[0]).toBe('invalid configuration:');
      expect(lines.slice(1).map((l) => l.trim().split(':')[0])).toEqual(['window.points', 'trainer.retrainAfter']);
    }
  });

  it('refuses credentials written in the file', () => {
    const issues = issuesOf({ store: { kind: 's3', endpoint: 'e', bucket: 'b', secretKey: 'hunter2' } });
    expect(issues).toEqual([expect.stringMatching(/^store\.secretKey: credentials never go in the configuration file/)]);
  });

  it('rejects a static limit with neither bound or crossed bounds', () => {
    const issues = issuesOf({ features: ['a', 'b'], limits: { a: { weight: 2 }, b: { lower: 5, upper: 1 } } });
    expect(issues).toEqual(['limits.a: give upper, lower or both', 'limits.b: lower must be below upper']);
  });
});

describe('config helpers', () => {
  it('classifies density by the first class reached', () => {
    const c = parseConfig({});
    expect(classifyDensity(c, 1)).toBe('dense');
    expect(classifyDensity(c, 0.8)).toBe('dense');
    expect(classifyDensity(c, 0.79)).toBe('sparse');
    expect(classifyDensity(c, 0)).toBe('sparse');
  });

  it('allows training in UTC hour spans, wrapping midnight', () => {
    const c = parseConfig({ trainer: { allowedHours: [{ from: 22, to: 6 }] } });
    expect(isTrainingAllowed(c, Date.UTC(2026, 0, 1, 23))).toBe(true);
    expect(isTrainingAllowed(c, Date.UTC(2026, 0, 1, 5, 59))).toBe(true);
    expect(isTrainingAllowed(c, Date.UTC(2026, 0, 1, 6))).toBe(false);
    expect(isTrainingAllowed(c, Date.UTC(2026, 0, 1, 12))).toBe(false);
    expect(isTrainingAllowed(parseConfig({}), Date.UTC(2026, 0, 1, 12))).toBe(true);
  });

  it('parses durations', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('10')).toBeNull();
    expect(parseDuration('h')).toBeNull();
    expect(parseDuration('')).toBeNull();
  });
});
