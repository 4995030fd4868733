import { describe, expect, it } from 'vitest';
import { buildPath, SCREEN, viewBbox, ZOOM_LEVELS } from './path.js';

const WUJIANG: [number, number] = [120.64, 31.03];

describe('viewBbox', () => {
  it('spans the screen width at 512-pixel tiles', () => {
    const [west, south, east, north] = viewBbox(WUJIANG, 10);
    expect(east - west).toBeCloseTo((SCREEN.width * 360) / (512 * 2 ** 10), 9);
    expect(west + (east - west) / 2).toBeCloseTo(WUJIANG[0], 9);
    expect(north).toBeGreaterThan(WUJIANG[1]);
    expect(south).toBeLessThan(WUJIANG[1]);
  });

  it('halves the span with each zoom level', () => {
    const wide = viewBbox(WUJIANG, 12);
    const narrow = viewBbox(WUJIANG, 13);
    expect((wide[2] - wide[0]) / (narrow[2] - narrow[0])).toBeCloseTo(2, 9);
    expect((wide[3] - wide[1]) / (narrow[3] - narrow[1])).toBeCloseTo(2, 3);
  });
});

describe('buildPath', () => {
  const district: [number, number] = [120.6, 31.0];
  const path = buildPath(district, WUJIANG);

  it('has a centre and 8 pans per zoom level', () => {
    expect(path).toHaveLength(ZOOM_LEVELS.length * 9);
    expect(path.map((view) => view.label).slice(0, 3)).toEqual(['z10 centre', 'z10 pan N', 'z10 pan NE']);
    expect(path.filter((view) => view.zoom === 16)).toHaveLength(9);
  });

  it('centres the district view on the district and the rest on the town', () => {
    expect(path[0]?.center).toEqual(district);
    expect(path[9]?.center).toEqual(WUJIANG);
  });

  it('pans east by a third of the screen width', () => {
    const centre = path.find((view) => view.label === 'z14 centre');
    const east = path.find((view) => view.label === 'z14 pan E');
    if (!centre || !east) throw new Error('views missing');
    const width = centre.bbox[2] - centre.bbox[0];
    expect(east.bbox[0] - centre.bbox[0]).toBeCloseTo(width / 3, 9);
    expect(east.bbox[1]).toBeCloseTo(centre.bbox[1], 9);
  });

  it('pans north to a view further north', () => {
    const centre = path[0];
    const north = path[1];
    expect(north?.bbox[3]).toBeGreaterThan(centre?.bbox[3] ?? Number.POSITIVE_INFINITY);
    expect(north?.bbox[0]).toBeCloseTo(centre?.bbox[0] ?? 0, 9);
  });
});
