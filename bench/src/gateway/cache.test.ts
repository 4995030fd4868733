import { describe, expect, it } from 'vitest';
import { cacheHitRate, countCacheHeader, emptyCacheCounts, readCacheHeader } from './cache.js';

describe('readCacheHeader', () => {
  it('finds the header whatever the case of its name', () => {
    expect(readCacheHeader({ 'x-lianfang-cache': 'hit' })).toBe('hit');
    expect(readCacheHeader({ 'X-Lianfang-Cache': 'miss' })).toBe('miss');
  });

  it('joins a repeated header', () => {
    expect(readCacheHeader({ 'x-lianfang-cache': ['hit', 'miss'] })).toBe('hit, miss');
  });

  it('returns undefined without the header', () => {
    expect(readCacheHeader({ 'content-type': 'application/json' })).toBeUndefined();
    expect(readCacheHeader({ 'x-lianfang-cache': undefined })).toBeUndefined();
    expect(readCacheHeader(undefined)).toBeUndefined();
  });
});

describe('countCacheHeader', () => {
  it('counts each known value, other values and absence', () => {
    const counts = emptyCacheCounts();
    for (const value of ['hit', 'hit', 'miss', 'bypass', 'HIT', 'stale', undefined]) countCacheHeader(counts, value);
    expect(counts).toEqual({ hit: 2, miss: 1, bypass: 1, other: 2, absent: 1 });
  });
});

describe('cacheHitRate', () => {
  it('divides hits by all responses', () => {
    expect(cacheHitRate({ hit: 3, miss: 1, bypass: 0, other: 0, absent: 0 })).toBe(0.75);
    expect(cacheHitRate({ hit: 1, miss: 0, bypass: 1, other: 1, absent: 1 })).toBe(0.25);
  });

  it('is 0 for a run of misses', () => {
    expect(cacheHitRate({ hit: 0, miss: 5, bypass: 0, other: 0, absent: 0 })).toBe(0);
  });

  it('is NaN when no response carried the header', () => {
    expect(cacheHitRate({ hit: 0, miss: 0, bypass: 0, other: 0, absent: 9 })).toBeNaN();
    expect(cacheHitRate(emptyCacheCounts())).toBeNaN();
  });
});
