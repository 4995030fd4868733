import { describe, expect, it } from 'vitest';
import { checkFeatureCollection, MAX_FEATURES } from './validate.js';

const ring = [
  [120.6, 31.15],
  [120.601, 31.15],
  [120.601, 31.151],
  [120.6, 31.151],
  [120.6, 31.15],
];

function withGeometry(
  geometry: unknown,
  properties: Record<string, unknown> = { code: '320509001001', name: '西塘社区' },
) {
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry }] };
}

describe('checkFeatureCollection', () => {
  it('accepts a Polygon and returns it as a MultiPolygon', () => {
    const result = checkFeatureCollection(withGeometry({ type: 'Polygon', coordinates: [ring] }));
    expect(result.problems).toEqual([]);
    expect(result.features).toEqual([
      {
        feature: 1,
        code: '320509001001',
        name: '西塘社区',
        level: 'COMMUNITY',
        geometry: { type: 'MultiPolygon', coordinates: [[ring]] },
      },
    ]);
  });

  it('drops a third coordinate', () => {
    const withHeight = ring.map(([lon, lat]) => [lon, lat, 12.5]);
    const result = checkFeatureCollection(withGeometry({ type: 'Polygon', coordinates: [withHeight] }));
    expect(result.features[0]?.geometry.coordinates[0]?.[0]?.[0]).toEqual([120.6, 31.15]);
  });

  it.each([
    [
      'a ring of three points',
      { type: 'Polygon', coordinates: [ring.slice(0, 2).concat([ring[0] as number[]])] },
      'RING_TOO_SHORT',
    ],
    [
      'a string coordinate',
      { type: 'Polygon', coordinates: [[['120.6', 31.15], ...ring.slice(1)]] },
      'INVALID_COORDINATES',
    ],
    ['NaN', { type: 'Polygon', coordinates: [[[Number.NaN, 31.15], ...ring.slice(1)]] }, 'INVALID_COORDINATES'],
    ['a latitude of 91', { type: 'Polygon', coordinates: [ring.map(([lon]) => [lon, 91])] }, 'COORDINATE_OUT_OF_RANGE'],
    ['a null geometry', null, 'INVALID_GEOMETRY_TYPE'],
    ['a LineString', { type: 'LineString', coordinates: ring }, 'INVALID_GEOMETRY_TYPE'],
  ])('rejects %s', (_, geometry, problem) => {
    const result = checkFeatureCollection(withGeometry(geometry));
    expect(result.features).toEqual([]);
    expect(result.problems.map((finding) => finding.problem)).toEqual([problem]);
  });

  it('rejects a duplicate code and names the first feature', () => {
    const feature = {
      type: 'Feature',
      properties: { code: '320509001001', name: '西塘社区' },
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
    const result = checkFeatureCollection({ type: 'FeatureCollection', features: [feature, feature] });
    expect(result.problems).toEqual([
      { feature: 2, code: '320509001001', problem: 'DUPLICATE_CODE', params: { value: '320509001001', other: 1 } },
    ]);
  });

  it('rejects a file over the feature limit before looking at features', () => {
    const result = checkFeatureCollection({
      type: 'FeatureCollection',
      features: new Array(MAX_FEATURES + 1).fill(null),
    });
    expect(result.problems).toEqual([
      { feature: 0, problem: 'TOO_MANY_FEATURES', params: { count: MAX_FEATURES + 1, max: MAX_FEATURES } },
    ]);
  });

  it('accepts a numeric code as its digits', () => {
    const result = checkFeatureCollection(
      withGeometry({ type: 'Polygon', coordinates: [ring] }, { code: 320509001, name: '松陵街道' }),
    );
    expect(result.features[0]?.code).toBe('320509001');
    expect(result.features[0]?.level).toBe('STREET');
  });
});
