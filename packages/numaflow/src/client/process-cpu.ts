// Benchmarks and the local runner drive UDFs in child processes; a server's own CPU time is the figure that
// load elsewhere on the machine does not distort (the client is usually the bottleneck of a throughput run).
import { readFileSync } from 'node:fs';

const MS_PER_TICK = 10; // USER_HZ is 100 on Linux

/** User + system CPU time (ms) in a /proc stat file; NaN where it cannot be read. */
function statCpuMs(path: string): number {
  try {
    const stat = readFileSync(path, 'utf8');
    // Fields after the parenthesised command name (which may hold spaces): utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system, ms) a process has used so far, all its threads, from /proc; NaN where /proc is unavailable. */
export function processCpuMs(pid: number | undefined): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

/**
 * CPU time (ms) of a process's main thread alone (its event loop, where a Node server's gRPC runs), without its
 * worker threads, V8's helper threads (garbage collection, compilation) and libuv's pool; NaN where /proc is
 * unavailable. On Linux the main thread's id is the process id.
 */
export function mainThreadCpuMs(pid: number | undefined): number {
  return statCpuMs(`/proc/${pid}/task/${pid}/stat`);
}
