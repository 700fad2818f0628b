import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'runner-test-'));
}

/** The images option for the fixtures, each child tagged with a marker to find it in /proc. */
export function fixtureImages(marker: string, names: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(names).map(([image, file]) => [image, [process.execPath, join(FIXTURES, file), `--marker=${marker}`]]));
}

/** Pids of living processes whose command line holds the marker. */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // A zombie is dead already (waiting for its parent to reap it).
      if (cmdline.includes(marker) && !/\) Z /.test(stat)) pids.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return pids;
}

export function writeLines(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export function readJsonl(path: string): Array<{ sink: string; keys: string[]; eventTime: string; tags: string[]; value: unknown }> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}
