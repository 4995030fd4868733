import { describe, expect, it } from 'vitest';
import { createRandom } from '../jurisdiction/random.js';
import { pickWeighted, poisson, randomFor, sampleIndices, weightedSampler } from './sampling.js';

describe('weightedSampler', () => {
  it('never returns an index of weight 0', () => {
    const sample = weightedSampler([0, 3, 0, 1, 0]);
    const random = createRandom('zeros');
    for (let index = 0; index < 1000; index += 1) expect([1, 3]).toContain(sample(random));
  });

  it('returns indices in proportion to their weights', () => {
    const sample = weightedSampler([1, 2, 7]);
    const random = createRandom('proportion');
    const counts = [0, 0, 0];
    for (let index = 0; index < 10_000; index += 1) {
      const drawn = sample(random);
      counts[drawn] = (counts[drawn] ?? 0) + 1;
    }
    expect(Math.abs((counts[2] ?? 0) / 10_000 - 0.7)).toBeLessThan(0.02);
    expect(Math.abs((counts[0] ?? 0) / 10_000 - 0.1)).toBeLessThan(0.02);
  });

  it.each([
    ['an empty list', []],
    ['all zeros', [0, 0]],
    ['a negative weight', [1, -1]],
    ['NaN', [1, Number.NaN]],
  ])('rejects %s', (_, weights) => {
    expect(() => weightedSampler(weights)).toThrow();
  });
});

describe('pickWeighted', () => {
  it('returns the value of the only weighted entry', () => {
    expect(
      pickWeighted(
        [
          ['a', 0],
          ['b', 5],
        ],
        createRandom('one'),
      ),
    ).toBe('b');
  });
});

describe('sampleIndices', () => {
  it('picks distinct, sorted indices in range', () => {
    const random = createRandom('indices');
    for (const [count, total] of [
      [0, 10],
      [5, 10],
      [10, 10],
      [140, 930],
    ] as const) {
      const picked = sampleIndices(count, total, random);
      expect(picked).toHaveLength(count);
      expect(new Set(picked).size).toBe(count);
      expect(picked).toEqual([...picked].sort((a, b) => a - b));
      for (const index of picked) {
        expect(index).toBeGreaterThanOrEqual(0);
        expect(index).toBeLessThan(total);
      }
    }
  });

  it('rejects more indices than exist', () => {
    expect(() => sampleIndices(4, 3, createRandom('too many'))).toThrow('Cannot pick 4 distinct indices out of 3');
  });
});

describe('poisson', () => {
  it.each([0.5, 4, 25, 80])('has mean %d', (mean) => {
    const random = createRandom(`poisson:${mean}`);
    let sum = 0;
    for (let index = 0; index < 20_000; index += 1) sum += poisson(mean, random);
    expect(Math.abs(sum / 20_000 - mean)).toBeLessThan(Math.max(0.05, mean * 0.02));
  });

  it('returns 0 for a mean of 0', () => {
    expect(poisson(0, createRandom('zero'))).toBe(0);
  });
});

describe('randomFor', () => {
  it('derives the same sequence from the same parts', () => {
    expect(randomFor('seed', 'a', 1).next()).toBe(randomFor('seed', 'a', 1).next());
    expect(randomFor('seed', 'a', 1).next()).not.toBe(randomFor('seed', 'a', 2).next());
  });
});
