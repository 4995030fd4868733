import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from './options.js';

describe('parseBenchArgs', () => {
  it('defaults to the full run', () => {
    expect(parseBenchArgs([])).toEqual({
      quick: false,
      reset: false,
      updateDocs: false,
      targetIncidents: 1_000_000,
      pathRounds: 3,
      concurrentClients: 8,
      renderRuns: 5,
    });
  });

  it('shrinks the run with --quick', () => {
    const options = parseBenchArgs(['--quick', '--reset']);
    expect(options?.targetIncidents).toBe(100_000);
    expect(options?.pathRounds).toBe(1);
    expect(options?.renderRuns).toBe(2);
    expect(options?.reset).toBe(true);
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
