import { describe, expect, it } from 'vitest';
import { createRandom } from '../jurisdiction/random.js';
import {
  CATEGORY_PROFILES,
  INCIDENT_CATEGORIES,
  type IncidentCategory,
  sampleCategory,
  sampleHour,
} from './categories.js';

const SAMPLES = 20_000;

function hourShares(category: IncidentCategory): number[] {
  const random = createRandom(`hours:${category}`);
  const counts = new Array<number>(24).fill(0);
  for (let index = 0; index < SAMPLES; index += 1) {
    const hour = sampleHour(category, random);
    counts[hour] = (counts[hour] ?? 0) + 1;
  }
  return counts.map((count) => count / SAMPLES);
}

function shareOf(shares: number[], hours: number[]): number {
  return hours.reduce((sum, hour) => sum + (shares[hour] ?? 0), 0);
}

describe('sampleHour', () => {
  it('returns whole hours 0 to 23', () => {
    const random = createRandom('range');
    for (const category of INCIDENT_CATEGORIES) {
      for (let index = 0; index < 500; index += 1) {
        const hour = sampleHour(category, random);
        expect(Number.isInteger(hour)).toBe(true);
        expect(hour).toBeGreaterThanOrEqual(0);
        expect(hour).toBeLessThanOrEqual(23);
      }
    }
  });

  it('follows each curve within 1 percentage point per hour', () => {
    for (const category of INCIDENT_CATEGORIES) {
      const weights = CATEGORY_PROFILES[category].hours;
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      const shares = hourShares(category);
      for (const [hour, weight] of weights.entries()) {
        expect(Math.abs((shares[hour] ?? 0) - weight / total), `${category} ${hour}h`).toBeLessThan(0.01);
      }
    }
  });

  it('peaks thefts at night', () => {
    const shares = hourShares('THEFT');
    expect(shareOf(shares, [0, 1, 2, 3, 4, 5])).toBeGreaterThan(shareOf(shares, [8, 9, 10, 11, 12, 13]) * 2);
  });

  it('peaks disputes in the evening', () => {
    const shares = hourShares('DISPUTE');
    const peak = shares.indexOf(Math.max(...shares));
    expect(peak).toBeGreaterThanOrEqual(18);
    expect(peak).toBeLessThanOrEqual(21);
  });

  it('peaks traffic accidents at both rush hours', () => {
    const shares = hourShares('TRAFFIC');
    expect(shareOf(shares, [7, 8])).toBeGreaterThan(shareOf(shares, [12, 13]) * 1.8);
    expect(shareOf(shares, [17, 18])).toBeGreaterThan(shareOf(shares, [12, 13]) * 1.8);
    expect(shareOf(shares, [2, 3])).toBeLessThan(0.02);
  });
});

describe('sampleCategory', () => {
  it('draws categories in proportion to their shares', () => {
    const random = createRandom('categories');
    const counts = new Map<IncidentCategory, number>();
    for (let index = 0; index < SAMPLES; index += 1) {
      const category = sampleCategory(random);
      counts.set(category, (counts.get(category) ?? 0) + 1);
    }
    const total = INCIDENT_CATEGORIES.reduce((sum, category) => sum + CATEGORY_PROFILES[category].share, 0);
    for (const category of INCIDENT_CATEGORIES) {
      const expected = CATEGORY_PROFILES[category].share / total;
      expect(Math.abs((counts.get(category) ?? 0) / SAMPLES - expected), category).toBeLessThan(0.01);
    }
  });
});
