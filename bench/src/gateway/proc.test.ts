import { describe, expect, it } from 'vitest';
import { parseCpuSeconds, parseStatusMiB } from './proc.js';

const STAT =
  '4242 (node (tsx) x) S 1 4242 4242 0 -1 4194560 12000 0 3 0 1234 567 0 0 20 0 11 0 900 1200000000 40000 ' +
  '18446744073709551615 1 1 0 0 0 0 0 4096 134234626 0 0 0 17 1 0 0 0 0 0';

describe('parseCpuSeconds', () => {
  it('adds utime and stime in seconds', () => {
    expect(parseCpuSeconds(STAT)).toBeCloseTo(18.01, 5);
  });

  it('counts fields after a command name with spaces', () => {
    expect(parseCpuSeconds(STAT.replace('(node (tsx) x)', '(a b c d)'))).toBeCloseTo(18.01, 5);
  });

  it('rejects text that is not a stat line', () => {
    expect(() => parseCpuSeconds('')).toThrow(/Invalid/);
    expect(() => parseCpuSeconds('4242 (node) S 1')).toThrow(/Invalid/);
  });
});

describe('parseStatusMiB', () => {
  const status = 'Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';

  it('reads a kB field in MiB', () => {
    expect(parseStatusMiB(status, 'VmHWM')).toBe(200);
    expect(parseStatusMiB(status, 'VmRSS')).toBe(100);
  });

  it('rejects a missing field', () => {
    expect(() => parseStatusMiB(status, 'VmSwap')).toThrow(/no VmSwap/);
  });
});
