import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, processesWith, tempDir } from './helpers.js';

describe('Ctrl-C', () => {
  it('SIGINT to the runner stops its children and ends the run with a clear message', async () => {
    const marker = randomUUID();
    const runner = spawn(process.execPath, [join(FIXTURES, 'run-until-sigint.mjs'), join(tempDir(), 'run'), marker], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    await new Promise<void>((resolve) => {
      runner.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('running')) resolve();
      });
    });
    // The runner's own command line holds the marker too; its one child is the slow map.
    expect(processesWith(marker).filter((pid) => pid !== runner.pid)).toHaveLength(1);
    runner.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => runner.on('close', resolve));
    expect(output).toContain('RunAbortedError: run aborted: SIGINT');
    expect(code).toBe(130);
    expect(processesWith(marker)).toEqual([]);
  });
});
