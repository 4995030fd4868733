/**
 * Sampling helpers over the seeded generator of the jurisdiction loader, so that every demo row follows from the
 * seed alone.
 */
import { createRandom, type Random } from '../jurisdiction/random.js';

export type { Random };

/** Creates an independent generator for one concern, e.g. `randomFor(seed, 'address', id)`. */
export function randomFor(seed: string, ...parts: (string | number)[]): Random {
  return createRandom([seed, ...parts].join(':'));
}

export function pickOne<T>(items: readonly T[], random: Random): T {
  if (items.length === 0) throw new Error('Cannot pick from an empty list');
  return items[Math.floor(random.next() * items.length)] as T;
}

export function chance(probability: number, random: Random): boolean {
  return random.next() < probability;
}

/** A float in [min, max). */
export function uniform(min: number, max: number, random: Random): number {
  return min + random.next() * (max - min);
}

/**
 * Builds a sampler that returns index `i` with probability `weights[i] / sum(weights)`, by binary search over the
 * cumulative weights (O(log n) per draw, for long lists such as community weights).
 */
export function weightedSampler(weights: readonly number[]): (random: Random) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) {
    if (!(weight >= 0)) throw new Error(`Invalid weight ${weight}: weights must be 0 or more`);
    total += weight;
    cumulative.push(total);
  }
  if (total <= 0) throw new Error('Cannot sample from weights that sum to 0');
  return (random) => {
    const target = random.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] as number) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}

/** Picks one value of a `[value, weight]` table. */
export function pickWeighted<T>(table: readonly (readonly [T, number])[], random: Random): T {
  const index = weightedSampler(table.map(([, weight]) => weight))(random);
  return (table[index] as readonly [T, number])[0];
}

/**
 * Draws from a Poisson distribution: Knuth's product method up to a mean of 30, a rounded normal approximation
 * above it (where the product method gets slow and the two differ little).
 */
export function poisson(mean: number, random: Random): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    // Box–Muller transform; 1 - next() keeps the logarithm's argument above 0.
    const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
  }
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random.next();
  while (product > limit) {
    count += 1;
    product *= random.next();
  }
  return count;
}

/** Picks `count` distinct indices of `0..total-1` (Floyd's algorithm), in ascending order. */
export function sampleIndices(count: number, total: number, random: Random): number[] {
  if (count > total) throw new Error(`Cannot pick ${count} distinct indices out of ${total}`);
  const picked = new Set<number>();
  for (let candidate = total - count; candidate < total; candidate += 1) {
    const index = random.integer(0, candidate);
    picked.add(picked.has(index) ? candidate : index);
  }
  return [...picked].sort((a, b) => a - b);
}
