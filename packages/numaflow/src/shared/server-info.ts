import { readFile, rename, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { SDK_VERSION } from './version.js';

/** Written right after the JSON; a reader treats the file as complete only once it ends with this. */
export const SERVER_INFO_END_MARKER = 'U+005C__END__';

export type MapMode = 'unary-map' | 'batch-map' | 'stream-map';

export interface ServerInfo {
  protocol: string;
  language: string;
  minimum_numaflow_version: string;
  version: string;
  metadata: Record<string, string>;
}

export function serverInfo(metadata: Record<string, string> = {}): ServerInfo {
  return { protocol: 'uds', language: 'typescript', minimum_numaflow_version: '1.4.0-z', version: SDK_VERSION, metadata };
}

export function formatServerInfo(info: ServerInfo): string {
  return `${JSON.stringify(info)}${SERVER_INFO_END_MARKER}`;
}

/** Writes atomically (temp file + rename) so a reader never sees half a file. */
export async function writeServerInfo(path: string, info: ServerInfo): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, formatServerInfo(info));
  await rename(temp, path);
}

export function parseServerInfo(text: string): ServerInfo {
  const end = text.indexOf(SERVER_INFO_END_MARKER);
  if (end < 0) throw new Error('server-info file has no end marker');
  const parsed = JSON.parse(text.slice(0, end)) as Partial<ServerInfo>;
  if (typeof parsed.protocol !== 'string' || typeof parsed.language !== 'string') {
    throw new Error('server-info file lacks protocol or language');
  }
  return {
    protocol: parsed.protocol,
    language: parsed.language,
    minimum_numaflow_version: parsed.minimum_numaflow_version ?? '',
    version: parsed.version ?? '',
    metadata: parsed.metadata ?? {},
  };
}

/** Waits until the server-info file exists and is complete, as the platform does before connecting. */
export async function readServerInfo(path: string, timeoutMs = 30_000, pollMs = 25): Promise<ServerInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const text = await readFile(path, 'utf8');
      if (text.includes(SERVER_INFO_END_MARKER)) return parseServerInfo(text);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (Date.now() > deadline) throw new Error(`server-info file ${path} not ready after ${timeoutMs} ms`);
    await sleep(pollMs);
  }
}
