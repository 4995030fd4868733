import { describe, expect, it } from 'vitest';
import { DEMO_USAGE, parseDemoArguments } from './command-line.js';

describe('parseDemoArguments', () => {
  it('accepts every option', () => {
    const parsed = parseDemoArguments([
      '--seed',
      'demo 2',
      '--districts',
      '320509,330421',
      '--incidents-per-year',
      '1000000',
      '--addresses-per-community',
      '9999',
      '--now',
      '2025-06-15',
    ]);
    expect(parsed).toEqual({
      help: false,
      options: {
        seed: 'demo 2',
        districts: ['320509', '330421'],
        incidentsPerYear: 1_000_000,
        addressesPerCommunity: 9999,
        now: new Date('2025-06-15T00:00:00+08:00'),
      },
    });
  });

  it('leaves unset options to the defaults', () => {
    expect(parseDemoArguments([])).toEqual({
      help: false,
      options: {
        seed: undefined,
        districts: undefined,
        incidentsPerYear: undefined,
        addressesPerCommunity: undefined,
        now: undefined,
      },
    });
  });

  it('accepts zero incidents', () => {
    const parsed = parseDemoArguments(['--incidents-per-year', '0']);
    expect(parsed).toMatchObject({ options: { incidentsPerYear: 0 } });
  });

  it.each([['--help'], ['-h']])('recognises %s', (flag) => {
    expect(parseDemoArguments([flag])).toEqual({ help: true });
  });

  it.each([
    [
      'a word as a count',
      ['--incidents-per-year', 'many'],
      'Invalid --incidents-per-year "many": expected a whole number.',
    ],
    ['a fractional count', ['--incidents-per-year', '1.5'], 'expected a whole number'],
    ['an exponent', ['--incidents-per-year', '1e5'], 'expected a whole number'],
    ['an empty count', ['--incidents-per-year', ''], 'expected a whole number'],
    ['a count above the maximum', ['--incidents-per-year', '1000001'], 'expected at most 1000000'],
    ['a negative count', ['--addresses-per-community=-3'], 'expected a whole number'],
    ['zero addresses', ['--addresses-per-community', '0'], 'expected at least 1'],
    ['too many addresses', ['--addresses-per-community', '10000'], 'expected at most 9999'],
    ['a short district code', ['--districts', '32050'], 'Invalid --districts "32050"'],
    ['a trailing comma', ['--districts', '320509,'], 'separated by commas'],
    ['an empty seed', ['--seed', ''], 'expected a non-empty seed'],
    ['a day that does not exist', ['--now', '2025-02-30'], 'Invalid --now "2025-02-30": not a calendar date.'],
    ['a date with a time', ['--now', '2025-06-15T08:00'], 'expected a date as YYYY-MM-DD'],
    ['an unknown option', ['--incidents', '5'], "Unknown option '--incidents'"],
    ['a missing value', ['--seed'], "Option '--seed <value>' argument missing"],
    ['a positional argument', ['320509'], "Unexpected argument '320509'"],
  ])('rejects %s', (_, args, message) => {
    const parsed = parseDemoArguments(args);
    expect(parsed).toHaveProperty('error');
    expect((parsed as { error: string }).error).toContain(message);
  });
});

describe('DEMO_USAGE', () => {
  it('states each option with its unit or range', () => {
    expect(DEMO_USAGE).toContain('--incidents-per-year       police incidents per district over the 365 days');
    expect(DEMO_USAGE).toContain('(default 20000, 0 to 1000000)');
    expect(DEMO_USAGE).toContain('(default 25, 1 to 9999)');
    expect(DEMO_USAGE).toContain('YYYY-MM-DD');
  });
});
