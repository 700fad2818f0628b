// A seam for the crash test: with this variable set to a file path, a save writes that file once the version's
// files are complete and then waits forever, right before writing `latest`, so a test can SIGKILL the process
// at exactly that point. Never set in production.
import { rename, writeFile } from 'node:fs/promises';

export const PAUSE_BEFORE_LATEST_ENV = 'NUMALOGIC_REGISTRY_TEST_PAUSE_BEFORE_LATEST';

export async function pauseBeforeLatestIfAsked(version: string): Promise<void> {
  const signalFile = process.env[PAUSE_BEFORE_LATEST_ENV];
  if (signalFile === undefined || signalFile === '') return;
  // Written aside and renamed: the test polls for the file, and must never read it created but still empty.
  await writeFile(`${signalFile}.tmp`, version);
  await rename(`${signalFile}.tmp`, signalFile);
  await new Promise<never>(() => {
    setInterval(() => undefined, 60_000);
  });
}
