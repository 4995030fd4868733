/**
 * The org units of one district as JavaScript polygons, read once from `governance.org_units`, and the point
 * helpers the generators use: sampling inside a unit, offsets in metres and finding the grid of a point.
 */
import type { MultiPolygon as GeoMultiPolygon, Polygon as GeoPolygon } from 'geojson';
import type { Queryable } from '../database.js';
import {
  type Bounds,
  boundsOf,
  contains,
  type MultiPolygon,
  type Pair,
  samplePoints,
  toMultiPolygon,
} from '../jurisdiction/partition.js';
import type { Random } from './sampling.js';

export type { MultiPolygon, Pair };

export interface Unit {
  code: string;
  name: string;
  region: MultiPolygon;
  bounds: Bounds;
}

export interface Community extends Unit {
  street: Street;
  grids: Unit[];
}

export interface Street extends Unit {
  communities: Community[];
}

export interface DistrictGeography extends Unit {
  streets: Street[];
  /** Every community of the district, ordered by code. */
  communities: Community[];
  /** Every grid of the district, ordered by code. */
  grids: Unit[];
  locator: UnitLocator;
}

interface OrgUnitRow {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  boundary: string | null;
}

/** Parses a GeoJSON polygon, or returns undefined for a missing or empty boundary. */
export function parseRegion(geojson: string | null): MultiPolygon | undefined {
  if (!geojson) return undefined;
  const region = toMultiPolygon(JSON.parse(geojson) as GeoPolygon | GeoMultiPolygon);
  return region.length > 0 ? region : undefined;
}

function toUnit(row: OrgUnitRow, region: MultiPolygon): Unit {
  return { code: row.code, name: row.name, region, bounds: boundsOf(region) };
}

/**
 * Reads a district with its streets, communities and grids, or returns undefined when the district is not loaded.
 * Units without a boundary are left out, and so is everything below them.
 */
export async function readDistrictGeography(
  database: Queryable,
  districtCode: string,
): Promise<DistrictGeography | undefined> {
  // 15 decimals reproduce every stored double exactly, so JavaScript and PostGIS test points against one polygon.
  const { rows } = await database.query<OrgUnitRow>(
    `SELECT code, name, level, parent_code, ST_AsGeoJSON(boundary, 15) AS boundary
     FROM governance.org_units WHERE left(code, 6) = $1 ORDER BY code`,
    [districtCode],
  );
  const districtRow = rows.find((row) => row.code === districtCode);
  const districtRegion = parseRegion(districtRow?.boundary ?? null);
  if (!districtRow || !districtRegion) return undefined;

  const streets = new Map<string, Street>();
  const communities = new Map<string, Community>();
  const grids: Unit[] = [];
  for (const row of rows) {
    const region = parseRegion(row.boundary);
    if (!region || !row.parent_code) continue;
    if (row.level === 'STREET') {
      streets.set(row.code, { ...toUnit(row, region), communities: [] });
    } else if (row.level === 'COMMUNITY') {
      const street = streets.get(row.parent_code);
      if (!street) continue;
      const community: Community = { ...toUnit(row, region), street, grids: [] };
      street.communities.push(community);
      communities.set(row.code, community);
    } else if (row.level === 'GRID') {
      const community = communities.get(row.parent_code);
      if (!community) continue;
      const grid = toUnit(row, region);
      community.grids.push(grid);
      grids.push(grid);
    }
  }
  return {
    ...toUnit(districtRow, districtRegion),
    streets: [...streets.values()],
    communities: [...communities.values()],
    grids,
    locator: new UnitLocator(grids),
  };
}

/**
 * Finds the unit that contains a point among many non-overlapping units, through a uniform bucket index over
 * their bounding boxes. A point on an edge shared by two units belongs to the one with the lower code.
 */
export class UnitLocator {
  readonly #units: Unit[];
  readonly #buckets: number[][];
  readonly #bounds: Bounds;
  readonly #columns: number;
  readonly #rows: number;

  constructor(units: Unit[], bucketsPerSide = 64) {
    this.#units = units;
    this.#columns = bucketsPerSide;
    this.#rows = bucketsPerSide;
    this.#bounds = boundsOf(units.flatMap((unit) => unit.region));
    this.#buckets = Array.from({ length: this.#columns * this.#rows }, () => []);
    for (const [index, unit] of units.entries()) {
      const [west, south] = this.#cellOf([unit.bounds.west, unit.bounds.south]);
      const [east, north] = this.#cellOf([unit.bounds.east, unit.bounds.north]);
      for (let row = south; row <= north; row += 1) {
        for (let column = west; column <= east; column += 1) this.#buckets[row * this.#columns + column]?.push(index);
      }
    }
  }

  #cellOf([lon, lat]: Pair): [number, number] {
    const { west, south, east, north } = this.#bounds;
    const column = Math.floor(((lon - west) / (east - west || 1)) * this.#columns);
    const row = Math.floor(((lat - south) / (north - south || 1)) * this.#rows);
    return [Math.min(Math.max(column, 0), this.#columns - 1), Math.min(Math.max(row, 0), this.#rows - 1)];
  }

  /** Returns the unit containing `point`, or undefined when none does. */
  locate(point: Pair): Unit | undefined {
    const [lon, lat] = point;
    const { west, south, east, north } = this.#bounds;
    if (lon < west || lon > east || lat < south || lat > north) return undefined;
    const [column, row] = this.#cellOf(point);
    for (const index of this.#buckets[row * this.#columns + column] ?? []) {
      const unit = this.#units[index] as Unit;
      const box = unit.bounds;
      if (lon < box.west || lon > box.east || lat < box.south || lat > box.north) continue;
      if (contains(unit.region, point)) return unit;
    }
    return undefined;
  }
}

// Metres per degree of latitude on the mean Earth sphere (radius 6,371,008.8 m). Offsets of a few hundred metres
// computed with it differ from ellipsoidal ones by well under 1 %.
const METRES_PER_DEGREE = (Math.PI * 6_371_008.8) / 180;

/** Moves a point `distance` metres towards `bearing` (radians clockwise from north), on a local flat approximation. */
export function offsetPoint([lon, lat]: Pair, distance: number, bearing: number): Pair {
  const dLat = (distance * Math.cos(bearing)) / METRES_PER_DEGREE;
  const dLon = (distance * Math.sin(bearing)) / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180));
  return [lon + dLon, lat + dLat];
}

/** Returns the distance in metres between two nearby points, on the same flat approximation. */
export function distanceMetres([lon1, lat1]: Pair, [lon2, lat2]: Pair): number {
  const dx = (lon2 - lon1) * METRES_PER_DEGREE * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
  const dy = (lat2 - lat1) * METRES_PER_DEGREE;
  return Math.hypot(dx, dy);
}

/** Draws a uniformly distributed point within `radius` metres of `centre`. */
export function pointWithin(centre: Pair, radius: number, random: Random): Pair {
  return offsetPoint(centre, radius * Math.sqrt(random.next()), random.next() * 2 * Math.PI);
}

/** Rounds to 1e-7 degrees (about 1 cm), so stored coordinates print the same on every machine. */
export function roundPoint([lon, lat]: Pair): Pair {
  return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
}

/** Draws a point inside `region` that stays inside after rounding to 1e-7 degrees. */
export function samplePointIn(region: MultiPolygon, random: Random): Pair {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const point = roundPoint(samplePoints(region, 1, random)[0] as Pair);
    if (contains(region, point)) return point;
  }
  throw new Error('Sampling a point inside a region failed 100 times: the region is degenerate');
}
