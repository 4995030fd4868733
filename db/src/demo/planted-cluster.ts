/**
 * Geometry of the planted theft series: a centre on the district's side of a boundary it shares with a
 * neighbour, far enough inside that a circle around it stays in the district and in the border zone.
 */
import { contains } from '../jurisdiction/partition.js';
import {
  type DistrictGeography,
  type MultiPolygon,
  offsetPoint,
  type Pair,
  pointWithin,
  roundPoint,
  type Unit,
} from './geography.js';
import type { Random } from './sampling.js';

/** Distance of the centre from the shared boundary: the circle stays on this side and within a 1,000 m band. */
const CENTRE_DEPTH_M = 600;

/** Vertices of the district's outer rings that the neighbour's outline also has, in ring order. */
function sharedVertices(region: MultiPolygon, neighbour: MultiPolygon): Pair[] {
  const keys = new Set(neighbour.flatMap((polygon) => polygon.flat()).map(([lon, lat]) => `${lon},${lat}`));
  return region.flatMap((polygon) => (polygon[0] ?? []).filter(([lon, lat]) => keys.has(`${lon},${lat}`)));
}

/** Returns the grid of a point inside the district and the zone, or undefined for a point outside either. */
function locateInCluster(geography: DistrictGeography, point: Pair, inZone: (point: Pair) => boolean) {
  if (!contains(geography.region, point) || !inZone(point)) return undefined;
  return geography.locator.locate(point);
}

function isValidCentre(geography: DistrictGeography, centre: Pair, radius: number, inZone: (p: Pair) => boolean) {
  const probes = [centre, ...Array.from({ length: 16 }, (_, k) => offsetPoint(centre, radius, (k * Math.PI) / 8))];
  return probes.every((probe) => locateInCluster(geography, roundPoint(probe), inZone) !== undefined);
}

/**
 * Walks the shared boundary from its middle outwards and returns the first centre, `CENTRE_DEPTH_M` inside the
 * district, whose circle of `radius` metres lies in the district and in the zone. Deterministic: it reads only
 * the boundaries.
 */
export function findClusterCentre(
  geography: DistrictGeography,
  neighbour: MultiPolygon,
  radius: number,
  inZone: (point: Pair) => boolean,
): Pair | undefined {
  const vertices = sharedVertices(geography.region, neighbour);
  const middle = Math.floor(vertices.length / 2);
  const order = vertices.map((_, index) => index).sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle) || a - b);

  for (const index of order) {
    const vertex = vertices[index] as Pair;
    const next = vertices[index + 1] ?? vertices[index - 1];
    if (!next) continue;
    // Bearing of the boundary at this vertex in the local east/north plane. The normals are ±90° from it.
    const east = (next[0] - vertex[0]) * Math.cos((vertex[1] * Math.PI) / 180);
    const north = next[1] - vertex[1];
    const tangent = Math.atan2(east, north);
    for (const normal of [tangent + Math.PI / 2, tangent - Math.PI / 2]) {
      const probe = offsetPoint(vertex, 50, normal);
      if (!contains(geography.region, probe) || contains(neighbour, probe)) continue;
      const centre = roundPoint(offsetPoint(vertex, CENTRE_DEPTH_M, normal));
      if (isValidCentre(geography, centre, radius, inZone)) return centre;
    }
  }
  return undefined;
}

/** Draws a point within `radius` metres of a centre found by `findClusterCentre`, with its grid. */
export function pointInCluster(
  geography: DistrictGeography,
  centre: Pair,
  radius: number,
  inZone: (point: Pair) => boolean,
  random: Random,
): { point: Pair; grid: Unit } {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const point = roundPoint(pointWithin(centre, radius, random));
    const grid = locateInCluster(geography, point, inZone);
    if (grid) return { point, grid };
  }
  throw new Error(`No point within ${radius} m of ${centre.join(',')} lies in the district and the zone`);
}
