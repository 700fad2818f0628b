import { readFileSync } from 'node:fs';

function readVersion(): string {
  // package.json is two levels above src/shared (source tree) and three above dist/src/shared (built).
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@numalogic/numaflow' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

/** Version of this SDK, reported in the server-info file. */
export const SDK_VERSION = readVersion();
