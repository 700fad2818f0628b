import { describe, expect, it } from 'vitest';
import { processCpuMs } from '../src/client/index.js';

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
