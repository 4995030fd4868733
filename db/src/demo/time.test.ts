import { describe, expect, it } from 'vitest';
import { compactDate, daysBefore, monthsBefore, shanghaiDate, startOfShanghaiDay } from './time.js';

describe('startOfShanghaiDay', () => {
  it.each([
    ['2025-06-15T10:30:00+08:00', '2025-06-15T00:00:00+08:00'],
    // 23:30 UTC is already the next morning in Shanghai.
    ['2025-06-14T23:30:00Z', '2025-06-15T00:00:00+08:00'],
    ['2025-06-15T00:00:00+08:00', '2025-06-15T00:00:00+08:00'],
    ['2024-12-31T23:59:59+08:00', '2024-12-31T00:00:00+08:00'],
  ])('truncates %s', (instant, midnight) => {
    expect(startOfShanghaiDay(new Date(instant)).toISOString()).toBe(new Date(midnight).toISOString());
  });
});

describe('shanghaiDate', () => {
  it('uses the Shanghai calendar day', () => {
    expect(shanghaiDate(new Date('2025-06-14T16:00:00Z'))).toBe('2025-06-15');
    expect(shanghaiDate(new Date('2025-06-14T15:59:59Z'))).toBe('2025-06-14');
  });
});

describe('monthsBefore', () => {
  it('lists the whole months before now, oldest first', () => {
    expect(monthsBefore(new Date('2025-06-15T00:00:00+08:00'), 3)).toEqual(['2025-03-01', '2025-04-01', '2025-05-01']);
  });

  it('crosses a year boundary', () => {
    const months = monthsBefore(new Date('2025-02-01T00:00:00+08:00'), 12);
    expect(months[0]).toBe('2024-02-01');
    expect(months.at(-1)).toBe('2025-01-01');
    expect(months).toHaveLength(12);
  });

  it('takes the month of the Shanghai date', () => {
    // 1 March 00:30 in Shanghai is still February in UTC.
    expect(monthsBefore(new Date('2025-02-28T16:30:00Z'), 1)).toEqual(['2025-02-01']);
  });
});

describe('daysBefore and compactDate', () => {
  it('counts calendar days in Shanghai', () => {
    expect(daysBefore(new Date('2025-03-01T00:00:00+08:00'), 1)).toBe('2025-02-28');
    expect(compactDate('2025-02-28')).toBe('20250228');
  });
});
