import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkSearchAreaShape, describeValidityReason } from './polygon.js';

const square: [number, number][] = [
  [120.6, 31.1],
  [120.7, 31.1],
  [120.7, 31.2],
  [120.6, 31.2],
  [120.6, 31.1],
];

function rejection(value: unknown): GraphQLError {
  try {
    checkSearchAreaShape(value);
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error(`Expected ${JSON.stringify(value).slice(0, 200)} to be rejected`);
}

describe('checkSearchAreaShape', () => {
  it('returns canonical GeoJSON without altitude or extra members', () => {
    const withAltitude = square.map(([lon, lat]) => [lon, lat, 12]);
    const area = checkSearchAreaShape({ type: 'Polygon', coordinates: [withAltitude], bbox: [0, 0, 1, 1] });
    expect(area).toEqual({ type: 'Polygon', coordinates: [square] });
  });

  it('keeps every part of a MultiPolygon', () => {
    const shifted = square.map(([lon, lat]) => [lon + 1, lat] as [number, number]);
    const area = checkSearchAreaShape({ type: 'MultiPolygon', coordinates: [[square], [shifted]] });
    expect(area).toEqual({ type: 'MultiPolygon', coordinates: [[square], [shifted]] });
  });

  it('counts closing positions as vertices', () => {
    const ring = (count: number) => {
      const open = Array.from({ length: count - 1 }, (_, i) => [120 + i * 1e-5, 31 + (i % 2) * 1e-5]);
      return [...open, open[0]];
    };
    expect(() => checkSearchAreaShape({ type: 'Polygon', coordinates: [ring(5000)] })).not.toThrow();
    const error = rejection({ type: 'Polygon', coordinates: [ring(5001)] });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'within', reason: 'TOO_MANY_VERTICES' });
  });

  it('names the ring that is not closed', () => {
    const open = square.slice(0, 4).concat([[120.65, 31.15]]);
    const error = rejection({ type: 'MultiPolygon', coordinates: [[square], [square, open]] });
    expect(error.extensions?.reason).toBe('RING_NOT_CLOSED');
    expect(error.message).toContain('第 2 个多边形的第 1 个内环未闭合');
  });

  it('names swapped coordinates only when swapping fixes all', () => {
    const swapped = square.map(([lon, lat]) => [lat, lon]);
    expect(rejection({ type: 'Polygon', coordinates: [swapped] }).extensions?.reason).toBe('COORDINATES_SWAPPED');
    const mixed = [...swapped.slice(0, 2), [200, 100], ...swapped.slice(2)];
    expect(rejection({ type: 'Polygon', coordinates: [mixed] }).extensions?.reason).toBe('COORDINATE_OUT_OF_RANGE');
  });

  it('uses the argument name it is given', () => {
    const error = (() => {
      try {
        checkSearchAreaShape({ type: 'Point', coordinates: [120, 31] }, 'area');
      } catch (caught) {
        return caught as GraphQLError;
      }
      throw new Error('Expected a rejection');
    })();
    expect(error.extensions).toMatchObject({ argument: 'area', reason: 'INVALID_GEOMETRY_TYPE' });
    expect(error.message.startsWith('area ')).toBe(true);
  });
});

describe('describeValidityReason', () => {
  it('translates GEOS reasons with their location', () => {
    expect(describeValidityReason('Self-intersection[120.65 31.15]')).toBe(
      '边界交叉（自相交，或多个部分相互重叠），位置约 [120.65, 31.15]',
    );
    expect(describeValidityReason('Ring Self-intersection[120 31]')).toBe('环在一点处与自身相接，位置约 [120, 31]');
    expect(describeValidityReason('Hole lies outside shell[121 31]')).toBe('内环不在外环之内，位置约 [121, 31]');
  });

  it('quotes an unknown reason', () => {
    expect(describeValidityReason('Something new[1 2]')).toBe('PostGIS 判定无效："Something new[1 2]"');
  });
});
