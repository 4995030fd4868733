import { describe, expect, it } from 'vitest';
import { boundsOf, contains, type MultiPolygon } from '../jurisdiction/partition.js';
import { createRandom } from '../jurisdiction/random.js';
import {
  distanceMetres,
  offsetPoint,
  pointWithin,
  roundPoint,
  samplePointIn,
  type Unit,
  UnitLocator,
} from './geography.js';

function square(code: string, west: number, south: number, size: number): Unit {
  const region: MultiPolygon = [
    [
      [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
      ],
    ],
  ];
  return { code, name: code, region, bounds: boundsOf(region) };
}

describe('UnitLocator', () => {
  const units = [
    square('a', 120.0, 31.0, 0.01),
    square('b', 120.01, 31.0, 0.01),
    square('c', 120.0, 31.01, 0.01),
    // A small unit far away, so most buckets are empty.
    square('d', 120.5, 31.5, 0.001),
  ];
  const locator = new UnitLocator(units, 16);

  it.each([
    [[120.005, 31.005], 'a'],
    [[120.015, 31.005], 'b'],
    [[120.005, 31.015], 'c'],
    [[120.5005, 31.5005], 'd'],
  ])('finds the unit of %j', (point, code) => {
    expect(locator.locate(point as [number, number])?.code).toBe(code);
  });

  it('gives a point on a shared edge to the lower code', () => {
    expect(locator.locate([120.01, 31.005])?.code).toBe('a');
  });

  it.each([[[120.015, 31.015]], [[119.0, 31.0]], [[120.3, 31.3]]])('finds no unit at %j', (point) => {
    expect(locator.locate(point as [number, number])).toBeUndefined();
  });
});

describe('offsetPoint and distanceMetres', () => {
  it.each([0, 45, 90, 200, 315])('moves 500 m towards %d°', (degrees) => {
    const origin: [number, number] = [120.65, 31.0];
    const moved = offsetPoint(origin, 500, (degrees * Math.PI) / 180);
    expect(distanceMetres(origin, moved)).toBeCloseTo(500, 1);
  });

  it('keeps points within the radius', () => {
    const random = createRandom('within');
    for (let index = 0; index < 500; index += 1) {
      expect(distanceMetres([120.65, 31.0], pointWithin([120.65, 31.0], 80, random))).toBeLessThanOrEqual(80.0001);
    }
  });
});

describe('samplePointIn', () => {
  it('returns rounded points inside the region', () => {
    const { region } = square('a', 120.0, 31.0, 0.000002);
    const random = createRandom('tiny');
    for (let index = 0; index < 50; index += 1) {
      const point = samplePointIn(region, random);
      expect(point).toEqual(roundPoint(point));
      expect(contains(region, point)).toBe(true);
    }
  });
});
