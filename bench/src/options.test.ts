import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from './options.js';

describe('parseBenchArgs', () => {
  it('defaults to the full run', () => {
    expect(parseBenchArgs([])).toEqual({
      sections: ['map', 'gateway', 'live'],
      quick: false,
      reset: false,
      updateDocs: false,
      targetIncidents: 1_000_000,
      pathRounds: 3,
      concurrentClients: 8,
      renderRuns: 5,
      gateway: { loadSeconds: 10, warmupSeconds: 3, connections: [1, 10, 50], floorRounds: 20, statementRequests: 3 },
      liveReports: 200,
    });
  });

  it('shrinks the run with --quick', () => {
    const options = parseBenchArgs(['--quick', '--reset']);
    expect(options?.targetIncidents).toBe(100_000);
    expect(options?.pathRounds).toBe(1);
    expect(options?.renderRuns).toBe(2);
    expect(options?.reset).toBe(true);
    expect(options?.gateway.loadSeconds).toBe(3);
    expect(options?.gateway.warmupSeconds).toBe(1);
    expect(options?.liveReports).toBe(30);
  });

  it('runs one section with --only', () => {
    expect(parseBenchArgs(['--only', 'gateway'])?.sections).toEqual(['gateway']);
    expect(parseBenchArgs(['--only=map', '--quick'])?.sections).toEqual(['map']);
    expect(parseBenchArgs(['--only', 'live'])?.sections).toEqual(['live']);
  });

  it('rejects an unknown or empty --only', () => {
    expect(() => parseBenchArgs(['--only', 'render'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--only', ''])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--only'])).toThrow(UsageError);
  });

  it('returns undefined for --help', () => {
    expect(parseBenchArgs(['--help'])).toBeUndefined();
  });

  it('rejects --update-docs with --quick', () => {
    expect(() => parseBenchArgs(['--quick', '--update-docs'])).toThrow(UsageError);
  });

  it('rejects unknown options and positionals', () => {
    expect(() => parseBenchArgs(['--incidents', '5'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['full'])).toThrow(UsageError);
  });
});
