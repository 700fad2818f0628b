import type { z } from 'zod';

export interface ConfigIssue {
  /** Dotted path of the bad field, with [i] for array items; '(root)' for the whole document. */
  path: string;
  problem: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

/** One issue per bad field; an unknown key is reported at its own path (usually a typo). */
export function issuesFromZod(issues: ReadonlyArray<z.core.$ZodIssue>): ConfigIssue[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), problem: 'unknown field (misspelt?)' }))
      : [{ path: formatPath(issue.path), problem: issue.message }],
  );
}

export function formatZodIssues(issues: ReadonlyArray<z.core.$ZodIssue>): string {
  return issuesFromZod(issues)
    .map((i) => `  ${i.path}: ${i.problem}`)
    .join('\n');
}

/** A configuration that failed validation. The message has one `path: problem` line per mistake. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(`invalid configuration:\n${issues.map((i) => `  ${i.path}: ${i.problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
