/**
 * CPU time and memory of a child process, read from Linux's /proc. Node's process.cpuUsage() covers only the
 * calling process, so the bench reads the children's counters from outside.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/PID/stat on Linux (USER_HZ); it is 100 on every mainstream kernel build. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Returns user + system CPU seconds from the text of /proc/PID/stat. The command name in brackets may contain spaces
 * and brackets, so the fields are counted from the last `)`.
 *
 * @throws when the text does not have the fields of /proc/PID/stat.
 */
export function parseCpuSeconds(statText: string): number {
  const fields = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, utime field 14 and stime field 15 (man 5 proc).
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (statText.lastIndexOf(')') < 0 || !Number.isFinite(user) || !Number.isFinite(system)) {
    throw new Error(`Invalid /proc/PID/stat text: ${statText.slice(0, 80)}`);
  }
  return (user + system) / CLOCK_TICKS_PER_SECOND;
}

/**
 * Returns the value of a `kB` field of /proc/PID/status (such as `VmHWM`, the peak resident set size) in MiB.
 *
 * @throws when the field is missing.
 */
export function parseStatusMiB(statusText: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(statusText);
  if (!match) throw new Error(`/proc/PID/status has no ${field} field`);
  return Number(match[1]) / 1024;
}

export interface ProcessUsage {
  cpuSeconds: number;
  /** Peak resident set size since the process started (VmHWM), in MiB. */
  peakRssMiB: number;
}

/** Reads the CPU seconds and peak RSS of process `pid` so far. */
export function readProcessUsage(pid: number): ProcessUsage {
  return {
    cpuSeconds: parseCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8')),
    peakRssMiB: parseStatusMiB(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmHWM'),
  };
}

const IDLE_POLL_MS = 250;
/** CPU seconds per poll below which the processes count as idle: 10 % of one core. */
const IDLE_CPU_SECONDS = 0.025;

/**
 * Waits until the processes `pids` together use less than 10 % of a core over a 250 ms poll and `databaseIdle`
 * resolves to true, or `timeoutMs` passes. A gateway keeps executing the requests that a load run left in flight
 * after the load generator closed its connections, so the next run waits for that work to end. Returns the
 * milliseconds waited.
 */
export async function waitUntilIdle(
  pids: number[],
  databaseIdle: () => Promise<boolean>,
  timeoutMs: number,
): Promise<number> {
  const started = performance.now();
  const total = () => pids.reduce((sum, pid) => sum + readProcessUsage(pid).cpuSeconds, 0);
  let previous = total();
  while (performance.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    const current = total();
    if (current - previous < IDLE_CPU_SECONDS && (await databaseIdle())) break;
    previous = current;
  }
  return Math.round(performance.now() - started);
}
