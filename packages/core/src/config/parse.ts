import { configSchema, type Config } from './schema.js';
import { ConfigError, issuesFromZod, type ConfigIssue } from './errors.js';
import { hasTransform, transformNames } from '../transforms/registry.js';
import { hasThreshold, thresholdNames } from '../thresholds/registry.js';
import { hasOnlineDetector, onlineDetectorNames } from '../online/registry.js';

/** Checks that need several fields at once; every problem is reported with its path. */
function crossFieldIssues(c: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const duplicates = (list: string[], path: string) => {
    list.forEach((v, i) => {
      if (list.indexOf(v) !== i) issues.push({ path: `${path}[${i}]`, problem: `duplicate name '${v}'` });
    });
  };
  duplicates(c.keys, 'keys');
  duplicates(c.features, 'features');
  c.features.forEach((f, i) => {
    if (c.keys.includes(f)) issues.push({ path: `features[${i}]`, problem: `'${f}' is also a key field` });
    if (f === c.timestampField) issues.push({ path: `features[${i}]`, problem: `'${f}' is the timestamp field` });
  });
  c.keys.forEach((k, i) => {
    if (k === c.timestampField) issues.push({ path: `keys[${i}]`, problem: `'${k}' is the timestamp field` });
  });

  const classes = c.densityClasses;
  duplicates(classes.map((d) => d.name), 'densityClasses');
  classes.forEach((d, i) => {
    const previous = classes[i - 1];
    if (previous && d.minDensity >= previous.minDensity) {
      issues.push({ path: `densityClasses[${i}].minDensity`, problem: `must be below the previous class's ${previous.minDensity} (densest first)` });
    }
  });
  const last = classes[classes.length - 1];
  if (last && last.minDensity !== 0) {
    issues.push({ path: `densityClasses[${classes.length - 1}].minDensity`, problem: 'the last class must have minDensity 0, so every window has a class' });
  }
  for (const cls of Object.keys(c.models)) {
    if (!classes.some((d) => d.name === cls)) {
      issues.push({ path: `models.${cls}`, problem: `no density class named '${cls}' (classes: ${classes.map((d) => d.name).join(', ')})` });
    }
  }

  c.trainer.transforms.forEach((t, i) => {
    if (!hasTransform(t.name)) issues.push({ path: `trainer.transforms[${i}].name`, problem: `unknown transform '${t.name}' (known: ${transformNames().join(', ')})` });
  });
  if (!hasThreshold(c.trainer.threshold.name)) {
    issues.push({ path: 'trainer.threshold.name', problem: `unknown threshold '${c.trainer.threshold.name}' (known: ${thresholdNames().join(', ')})` });
  }
  if (!hasOnlineDetector(c.online.name)) {
    issues.push({ path: 'online.name', problem: `unknown online detector '${c.online.name}' (known: ${onlineDetectorNames().join(', ')})` });
  }
  if (c.trainer.minPoints > c.trainer.maxHistory) {
    issues.push({ path: 'trainer.minPoints', problem: `must not exceed trainer.maxHistory (${c.trainer.maxHistory})` });
  }
  if (c.trainer.minPoints < c.window.points) {
    issues.push({ path: 'trainer.minPoints', problem: `must be at least window.points (${c.window.points})` });
  }
  for (const f of Object.keys(c.limits)) {
    if (!c.features.includes(f)) issues.push({ path: `limits.${f}`, problem: `'${f}' is not one of the features (${c.features.join(', ')})` });
  }
  for (const f of Object.keys(c.postprocess.featureAggregation.weights)) {
    if (!c.features.includes(f)) {
      issues.push({ path: `postprocess.featureAggregation.weights.${f}`, problem: `'${f}' is not one of the features (${c.features.join(', ')})` });
    }
  }
  return issues;
}

/**
 * Validates an already-parsed YAML/JSON document and fills defaults. Throws ConfigError listing every
 * mistake as `path: problem`. parseConfig({}) is a working configuration (one key field, one feature).
 */
export function parseConfig(obj: unknown): Config {
  const result = configSchema.safeParse(obj ?? {});
  if (!result.success) throw new ConfigError(issuesFromZod(result.error.issues));
  const issues = crossFieldIssues(result.data);
  if (issues.length > 0) throw new ConfigError(issues);
  return result.data;
}

/** The density class of a window: the first (densest) class whose minDensity the density reaches. */
export function classifyDensity(config: Pick<Config, 'densityClasses'>, density: number): string {
  for (const cls of config.densityClasses) if (density >= cls.minDensity) return cls.name;
  return config.densityClasses[config.densityClasses.length - 1]!.name;
}

/** Whether training may run at this time, by the trainer's allowed UTC hours (none listed = always). */
export function isTrainingAllowed(config: Pick<Config, 'trainer'>, at: Date | number): boolean {
  const spans = config.trainer.allowedHours;
  if (spans.length === 0) return true;
  const hour = new Date(at).getUTCHours();
  return spans.some(({ from, to }) => (from <= to ? hour >= from && hour < to : hour >= from || hour < to));
}
