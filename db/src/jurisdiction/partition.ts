/**
 * Planar partitions of a region into cells that tile it without gaps or overlaps: Voronoi cells of seed points
 * (d3-delaunay) clipped to the region (polygon-clipping). Coordinates are longitude/latitude; the Voronoi diagram
 * is computed with longitudes scaled by cos(latitude) so that cells are not stretched east–west.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { Delaunay } from 'd3-delaunay';
import type { MultiPolygon as GeoMultiPolygon, Polygon as GeoPolygon, Position } from 'geojson';
import { clipPolygon } from 'lineclip';
import polygonClipping, { type MultiPolygon, type Pair } from 'polygon-clipping';
import type { Random } from './random.js';

export type { MultiPolygon, Pair };

export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export function toMultiPolygon(geometry: GeoPolygon | GeoMultiPolygon): MultiPolygon {
  const coordinates = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return coordinates.map((polygon) => polygon.map((ring) => ring.map(([lon, lat]) => [lon, lat] as Pair)));
}

export function boundsOf(region: MultiPolygon): Bounds {
  const bounds = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
  for (const polygon of region) {
    for (const [lon, lat] of polygon[0] ?? []) {
      bounds.west = Math.min(bounds.west, lon);
      bounds.east = Math.max(bounds.east, lon);
      bounds.south = Math.min(bounds.south, lat);
      bounds.north = Math.max(bounds.north, lat);
    }
  }
  return bounds;
}

export function contains(region: MultiPolygon, point: Pair): boolean {
  return booleanPointInPolygon(point as Position, { type: 'MultiPolygon', coordinates: region });
}

/** Planar area in square degrees, scaled by cos(latitude); only for comparing sizes within one region. */
export function planarArea(region: MultiPolygon): number {
  let total = 0;
  for (const polygon of region) {
    for (const [ringIndex, ring] of polygon.entries()) {
      let twiceArea = 0;
      for (let index = 0; index + 1 < ring.length; index += 1) {
        const [x1, y1] = ring[index] as Pair;
        const [x2, y2] = ring[index + 1] as Pair;
        twiceArea += x1 * y2 - x2 * y1;
      }
      const scale = Math.cos(((ring[0]?.[1] ?? 0) * Math.PI) / 180);
      total += (ringIndex === 0 ? 1 : -1) * Math.abs(twiceArea / 2) * scale;
    }
  }
  return total;
}

/** Area-weighted centroid of the outer rings, good enough to seed and label approximate cells. */
export function centroidOf(region: MultiPolygon): Pair {
  let sumX = 0;
  let sumY = 0;
  let sumArea = 0;
  for (const polygon of region) {
    const ring = polygon[0] ?? [];
    for (let index = 0; index + 1 < ring.length; index += 1) {
      const [x1, y1] = ring[index] as Pair;
      const [x2, y2] = ring[index + 1] as Pair;
      const cross = x1 * y2 - x2 * y1;
      sumArea += cross;
      sumX += (x1 + x2) * cross;
      sumY += (y1 + y2) * cross;
    }
  }
  if (sumArea === 0) return polygonOrigin(region);
  return [sumX / (3 * sumArea), sumY / (3 * sumArea)];
}

function polygonOrigin(region: MultiPolygon): Pair {
  const first = region[0]?.[0]?.[0];
  if (!first) throw new Error('Empty region has no centroid');
  return first;
}

/** Draws `count` points uniformly inside the region by rejection sampling within its bounds. */
export function samplePoints(region: MultiPolygon, count: number, random: Random): Pair[] {
  const bounds = boundsOf(region);
  const points: Pair[] = [];
  for (let attempt = 0; points.length < count; attempt += 1) {
    if (attempt > count * 1000) throw new Error('Sampling points inside a region failed: the region is degenerate');
    const point: Pair = [
      bounds.west + random.next() * (bounds.east - bounds.west),
      bounds.south + random.next() * (bounds.north - bounds.south),
    ];
    if (contains(region, point)) points.push(point);
  }
  return points;
}

interface Voronoi {
  cells: MultiPolygon[];
  neighbors: number[][];
}

/**
 * Partitions `region` by the Voronoi cells of `seeds`. Cell `i` is the part of the region nearest to seed `i`
 * (possibly empty when the seed lies outside the region), and `neighbors[i]` lists the seeds whose cells touch it.
 */
export function voronoiPartition(region: MultiPolygon, seeds: Pair[]): Voronoi {
  const bounds = boundsOf(region);
  const scale = Math.cos((((bounds.south + bounds.north) / 2) * Math.PI) / 180);
  const delaunay = Delaunay.from(seeds.map(([lon, lat]) => [lon * scale, lat]));
  // A margin keeps every seed strictly inside the diagram's bounds.
  const margin = 0.01;
  const voronoi = delaunay.voronoi([
    bounds.west * scale - margin,
    bounds.south - margin,
    bounds.east * scale + margin,
    bounds.north + margin,
  ]);
  const regionVertices = region.flatMap((polygon) => polygon.flat());

  const cells = seeds.map((_, index) => {
    const ring = voronoi.cellPolygon(index);
    if (!ring) return [];
    const cell: Pair[] = ring.map(([x, y]) => [(x as number) / scale, y as number]);
    // A cell with every vertex inside the region and no region vertex within its bounds lies wholly inside the
    // region, so it needs no clipping. This skips most of the costly intersections.
    const cellBounds = boundsOf([[cell]]);
    const regionVertexInside = regionVertices.some(
      ([lon, lat]) =>
        lon >= cellBounds.west && lon <= cellBounds.east && lat >= cellBounds.south && lat <= cellBounds.north,
    );
    if (!regionVertexInside && cell.every((vertex) => contains(region, vertex))) return [[cell]];
    return polygonClipping.intersection(cropToBounds(region, cellBounds), [[cell]]);
  });
  const neighbors = seeds.map((_, index) => [...voronoi.neighbors(index)]);
  return { cells, neighbors };
}

/**
 * Places `count` well-spread seeds in a region: k-means (Lloyd's algorithm) over uniformly sampled points, so the
 * resulting Voronoi cells have similar areas.
 */
export function spreadSeeds(region: MultiPolygon, count: number, random: Random): Pair[] {
  const samples = samplePoints(region, Math.max(count * 20, 60), random);
  const scale = Math.cos(((samples[0]?.[1] ?? 0) * Math.PI) / 180);
  const centres = samples.slice(0, count).map(([lon, lat]) => [lon, lat] as Pair);

  for (let iteration = 0; iteration < 12; iteration += 1) {
    const sums = centres.map(() => ({ lon: 0, lat: 0, count: 0 }));
    for (const [lon, lat] of samples) {
      let nearest = 0;
      let nearestDistance = Infinity;
      for (const [index, [centreLon, centreLat]] of centres.entries()) {
        const distance = ((lon - centreLon) * scale) ** 2 + (lat - centreLat) ** 2;
        if (distance < nearestDistance) {
          nearest = index;
          nearestDistance = distance;
        }
      }
      const sum = sums[nearest] as { lon: number; lat: number; count: number };
      sum.lon += lon;
      sum.lat += lat;
      sum.count += 1;
    }
    for (const [index, sum] of sums.entries()) {
      if (sum.count > 0) centres[index] = [sum.lon / sum.count, sum.lat / sum.count];
    }
  }

  // A centre of a concave region can fall outside it, and then its cell would be empty: move it to the nearest
  // sample, which lies inside.
  return centres.map(([centreLon, centreLat]) => {
    let nearest = samples[0] as Pair;
    let nearestDistance = Infinity;
    for (const sample of samples) {
      const distance = ((sample[0] - centreLon) * scale) ** 2 + (sample[1] - centreLat) ** 2;
      if (distance < nearestDistance) {
        nearest = sample;
        nearestDistance = distance;
      }
    }
    return contains(region, [centreLon, centreLat]) ? ([centreLon, centreLat] as Pair) : nearest;
  });
}

/**
 * Crops a region to slightly enlarged bounds (Sutherland–Hodgman, which may leave zero-width edges along the
 * bounds). Intersecting a cell with the cropped region instead of the whole one gives the same result, because the
 * cell lies inside the bounds, and is far cheaper when the region has thousands of vertices.
 */
function cropToBounds(region: MultiPolygon, bounds: Bounds): MultiPolygon {
  const margin = Math.max(bounds.east - bounds.west, bounds.north - bounds.south) * 0.01;
  const box: [number, number, number, number] = [
    bounds.west - margin,
    bounds.south - margin,
    bounds.east + margin,
    bounds.north + margin,
  ];
  const cropped: MultiPolygon = [];
  for (const polygon of region) {
    const rings = polygon.map((ring) => clipPolygon(ring, box) as Pair[]).filter((ring) => ring.length >= 3);
    const [outer, ...holes] = rings;
    // A hole cropped away leaves the outer ring alone; an outer ring cropped away removes the whole polygon.
    if (!outer || clipPolygon(polygon[0] ?? [], box).length < 3) continue;
    cropped.push([outer, ...holes].map((ring) => closeRing(ring)));
  }
  return cropped;
}

function closeRing(ring: Pair[]): Pair[] {
  const first = ring[0] as Pair;
  const last = ring[ring.length - 1] as Pair;
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

// 1e7 steps per degree, about 1 cm: far below the accuracy of any boundary here, far above floating-point noise.
const GRID_STEPS_PER_DEGREE = 1e7;

function snapRing(ring: Pair[]): Pair[] {
  const points: Pair[] = [];
  for (const [lon, lat] of ring) {
    const point: Pair = [
      Math.round(lon * GRID_STEPS_PER_DEGREE) / GRID_STEPS_PER_DEGREE,
      Math.round(lat * GRID_STEPS_PER_DEGREE) / GRID_STEPS_PER_DEGREE,
    ];
    const previous = points[points.length - 1];
    if (!previous || previous[0] !== point[0] || previous[1] !== point[1]) points.push(point);
  }
  return points;
}

/**
 * Rounds coordinates to a 1e-7 degree grid and drops repeated vertices. Neighbouring cells are clipped in separate
 * operations, so a vertex they share can differ in the last bits; GEOS then fails on their union (PGlite 0.5.8
 * returns no rows instead of the error). Rounding makes shared vertices identical again.
 */
export function snapToGrid(region: MultiPolygon): MultiPolygon {
  const snapped: MultiPolygon = [];
  for (const [outer, ...holes] of region) {
    const outerRing = snapRing(outer ?? []);
    // A ring needs 4 points to enclose an area; a collapsed outer ring takes its holes with it.
    if (outerRing.length < 4) continue;
    snapped.push([outerRing, ...holes.map(snapRing).filter((ring) => ring.length >= 4)]);
  }
  return snapped;
}

/** Merges polygons into one valid MultiPolygon; a single input is rebuilt, which removes self-touching rings. */
export function union(parts: MultiPolygon[]): MultiPolygon {
  const [first, ...rest] = parts;
  if (!first) return [];
  return polygonClipping.union(first, ...rest);
}
