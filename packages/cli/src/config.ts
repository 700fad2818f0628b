import type { Config } from '@numalogic/core';
import { loadConfig } from '@numalogic/runtime';

/**
 * The configuration of a command: FILE (YAML or JSON) when given, else NUMALOGIC_CONFIG, else the defaults;
 * NUMALOGIC_OVERRIDES applies on top as for every UDF. Throws ConfigError naming every bad field.
 */
export function commandConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(file === undefined ? env : { ...env, NUMALOGIC_CONFIG: file });
}
