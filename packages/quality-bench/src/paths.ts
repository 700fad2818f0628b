import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Raised when something the benchmark needs is not where it should be; the message says what to do. */
export class SetupError extends Error {
  override name = 'SetupError';
}

/** The repository root: this file is packages/quality-bench/{src,dist}/paths.*, three levels below. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The built `numalogic` command the adapter pipes each series into. */
export const CLI_MAIN = path.join(REPO_ROOT, 'packages', 'cli', 'dist', 'main.js');

export interface SharedTools {
  dir: string;
  nabRun: string;
  nabScore: string;
  nabData: string;
}

/**
 * The shared folder (NAB subset and scoring tools) that sits beside the repository, `<repo>/../shared`, or
 * NUMALOGIC_SHARED_DIR when set. It is not part of the repository, so its absence is a setup problem, not a bug.
 */
export function resolveSharedTools(env: NodeJS.ProcessEnv = process.env, repoRoot: string = REPO_ROOT): SharedTools {
  const fromEnv = env['NUMALOGIC_SHARED_DIR'];
  const dir = fromEnv !== undefined && fromEnv !== '' ? path.resolve(fromEnv) : path.resolve(repoRoot, '..', 'shared');
  const where = fromEnv ? `NUMALOGIC_SHARED_DIR=${fromEnv}` : `${dir} (beside the repository; set NUMALOGIC_SHARED_DIR to use another folder)`;
  const tools: SharedTools = {
    dir,
    nabRun: path.join(dir, 'tools', 'nab-run.mjs'),
    nabScore: path.join(dir, 'tools', 'nab-score.mjs'),
    nabData: path.join(dir, 'data', 'nab-subset'),
  };
  const needed = [tools.nabRun, tools.nabScore, path.join(tools.nabData, 'labels', 'combined_windows.json')];
  const missing = needed.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new SetupError(`the shared NAB folder is missing or incomplete: ${where}\n  not found: ${missing.join('\n  not found: ')}`);
  }
  return tools;
}

export function requireBuiltCli(cliMain: string = CLI_MAIN): string {
  if (!existsSync(cliMain)) throw new SetupError(`${cliMain} not found: build the CLI first (npm run build at the repository root)`);
  return cliMain;
}
