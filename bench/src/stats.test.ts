import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from './stats.js';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
  });

  it('returns the only value of a single sample', () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it('returns NaN for no samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('sorts before ranking', () => {
    const summary = summarize([30, 10, 20, 40]);
    expect(summary.count).toBe(4);
    expect(summary.p50).toBe(20);
    expect(summary.p95).toBe(40);
    expect(summary.max).toBe(40);
    expect(summary.mean).toBe(25);
  });
});

describe('median', () => {
  it('averages the middle pair of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });
});
