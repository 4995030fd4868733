/** GeoJSON geometries as the API returns them (RFC 7946, longitude first, WGS84). */
export type Position = [number, number];

export interface PointGeometry {
  type: 'Point';
  coordinates: Position;
}

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}

export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}

/** An area drawn on the map or returned by the API. */
export type PolygonalGeometry = PolygonGeometry | MultiPolygonGeometry;

export type Bounds = [Position, Position];

/** Computes the west-south and east-north corners of a multipolygon, or null when it has no positions. */
export function boundsOf(geometry: MultiPolygonGeometry): Bounds | null {
  let west = Number.POSITIVE_INFINITY;
  let south = Number.POSITIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  let north = Number.NEGATIVE_INFINITY;
  for (const polygon of geometry.coordinates) {
    for (const ring of polygon) {
      for (const [lon, lat] of ring) {
        west = Math.min(west, lon);
        south = Math.min(south, lat);
        east = Math.max(east, lon);
        north = Math.max(north, lat);
      }
    }
  }
  if (!Number.isFinite(west)) return null;
  return [
    [west, south],
    [east, north],
  ];
}

/** `[west, south, east, north]` in degrees. */
export type BboxArray = [number, number, number, number];

function positionsOf(coordinates: unknown): Position[] {
  const flat = (coordinates as unknown[]).flat(3) as number[];
  const result: Position[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) {
    result.push([flat[index] as number, flat[index + 1] as number]);
  }
  return result;
}

/**
 * Tells whether any position of a geometry lies in the box; with no box every geometry counts. An area that covers
 * the box without a vertex inside it is missed, which the map accepts for its counts in view and its export.
 */
export function touchesBbox(bbox: BboxArray | null, geometry: { coordinates: unknown }): boolean {
  if (!bbox) return true;
  const [west, south, east, north] = bbox;
  return positionsOf(geometry.coordinates).some(
    ([lon, lat]) => lon >= west && lon <= east && lat >= south && lat <= north,
  );
}

/** Even-odd ray casting over every ring of a polygon or multipolygon, so holes count as outside. */
export function containsPoint(geometry: PolygonalGeometry, [x, y]: Position): boolean {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as Position;
      const [xj, yj] = ring[j] as Position;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/**
 * Tells whether a geometry meets a drawn area: a point inside it, or an area with a vertex inside the other. Two
 * areas that cross without either holding a vertex of the other are missed, which the export accepts.
 */
export function meetsArea(area: PolygonalGeometry, geometry: { type: string; coordinates: unknown }): boolean {
  const positions = positionsOf(geometry.coordinates);
  if (positions.some((position) => containsPoint(area, position))) return true;
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return false;
  return positionsOf(area.coordinates).some((position) => containsPoint(geometry as PolygonalGeometry, position));
}

const EARTH_RADIUS_METRES = 6_371_008.8;

/** Great-circle distance in metres on a sphere of the Earth's mean radius, within 0.5 % of the ellipsoid's. */
export function distanceMetres([lon1, lat1]: Position, [lon2, lat2]: Position): number {
  const radians = Math.PI / 180;
  const dLat = (lat2 - lat1) * radians;
  const dLon = (lon2 - lon1) * radians;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * radians) * Math.cos(lat2 * radians) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.sqrt(a));
}

/** Approximates a circle of `radiusMetres` around `centre` by a closed ring of `sides` positions. */
export function circlePolygon(centre: Position, radiusMetres: number, sides = 64): PolygonGeometry {
  const [lon, lat] = centre;
  const dLat = (radiusMetres / EARTH_RADIUS_METRES) * (180 / Math.PI);
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  const ring: Position[] = [];
  for (let index = 0; index <= sides; index++) {
    const angle = ((index % sides) / sides) * 2 * Math.PI;
    ring.push([lon + dLon * Math.cos(angle), lat + dLat * Math.sin(angle)]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}
