import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { mainThreadCpuMs, processCpuMs } from '../src/client/index.js';

describe('processCpuMs', () => {
  it("reads this process's user + system CPU time from /proc, in ms, as the kernel reports it to Node", () => {
    // By now the test process has used hundreds of ms (start-up, compiling), so a wrong field (a child's time,
    // a start time) or a wrong unit falls outside these bounds.
    const before = process.cpuUsage();
    const fromProc = processCpuMs(process.pid);
    const after = process.cpuUsage();
    const ms = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
    // /proc counts whole clock ticks (10 ms), rounded down: up to a tick behind per field (user, system).
    expect(fromProc).toBeGreaterThan(ms(before) - 25);
    expect(fromProc).toBeLessThanOrEqual(ms(after) + 1);
  });

  it('answers NaN for a process that does not exist', () => {
    expect(processCpuMs(undefined)).toBeNaN();
    expect(processCpuMs(2 ** 31 - 1)).toBeNaN();
  });
});

describe('mainThreadCpuMs', () => {
  it("counts the main thread alone: a worker thread's CPU shows in the process's time, not in it", async () => {
    const process0 = processCpuMs(process.pid);
    const main0 = mainThreadCpuMs(process.pid);
    // The worker burns 400 ms of its own thread's CPU (not of the clock, which a busy machine would stretch)
    // while this thread waits for it, idle in the event loop.
    const burn = `
      const { readFileSync } = require('node:fs');
      const ms = () => { const t = readFileSync('/proc/thread-self/stat', 'utf8'); const f = t.slice(t.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
      const start = ms();
      while (ms() - start < 400);`;
    const worker = new Worker(burn, { eval: true });
    await new Promise((resolve) => worker.once('exit', resolve));
    const processMs = processCpuMs(process.pid) - process0;
    const mainMs = mainThreadCpuMs(process.pid) - main0;
    expect(processMs).toBeGreaterThanOrEqual(350);
    // The main thread only started the worker and waited; well under the worker's 400 ms.
    expect(mainMs).toBeLessThan(200);
    expect(mainThreadCpuMs(process.pid)).toBeLessThanOrEqual(processCpuMs(process.pid));
  });

  it('answers NaN for a process that does not exist', () => {
    expect(mainThreadCpuMs(undefined)).toBeNaN();
    expect(mainThreadCpuMs(2 ** 31 - 1)).toBeNaN();
  });
});
