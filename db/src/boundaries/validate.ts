/**
 * Checks a GeoJSON FeatureCollection of boundaries before anything touches the database: codes and levels, names,
 * geometry types, coordinate ranges and order, and ring closure. Every bad feature is reported, not just the
 * first. Topology (self-intersections) is checked afterwards by PostGIS.
 */
import type { MultiPolygon, Position } from 'geojson';
import { z } from 'zod';
import { CODE_LENGTH, levelOfCode, type OrgUnitLevel } from '../jurisdiction/divisions.js';
import type { NoticeCode, ProblemCode } from './messages.js';

export const MAX_FEATURES = 20_000;

/** A reason a feature was rejected or a note about it, with the 1-based feature number as people count. */
export interface Finding<Code extends ProblemCode | NoticeCode = ProblemCode> {
  feature: number;
  code?: string;
  problem: Code;
  params: Record<string, string | number>;
}

export interface CheckedFeature {
  feature: number;
  code: string;
  name: string;
  level: OrgUnitLevel;
  geometry: MultiPolygon;
}

const collectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()).min(1, 'features is empty'),
});

const featureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.record(z.string(), z.unknown()).nullable(),
  geometry: z.object({ type: z.string(), coordinates: z.unknown() }).nullable(),
});

const positionSchema = z.array(z.number().finite()).min(2).max(3);
const polygonSchema = z.array(z.array(positionSchema));
const multiPolygonSchema = z.array(polygonSchema);

// China's extent as a simple rectangle: longitudes 73–136 E, latitudes 3–54 N. The ranges do not overlap, so a
// point with its first value in the latitude range and its second in the longitude range was written latitude-first.
const CHINA = { west: 73, east: 136, south: 3, north: 54 };

function checkPosition(
  [lon, lat]: Position,
  finding: (problem: ProblemCode, params: Record<string, string | number>) => void,
): boolean {
  if (lon === undefined || lat === undefined) return false;
  const params = { lon, lat };
  if (lon >= CHINA.south && lon <= CHINA.north && lat >= CHINA.west && lat <= CHINA.east) {
    finding('COORDINATES_SWAPPED', params);
    return false;
  }
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    finding('COORDINATE_OUT_OF_RANGE', params);
    return false;
  }
  if (lon < CHINA.west || lon > CHINA.east || lat < CHINA.south || lat > CHINA.north) {
    finding('OUTSIDE_CHINA', params);
    return false;
  }
  return true;
}

function checkGeometry(
  geometry: { type: string; coordinates: unknown } | null,
  finding: (problem: ProblemCode, params: Record<string, string | number>) => void,
): MultiPolygon | undefined {
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    finding('INVALID_GEOMETRY_TYPE', { value: geometry?.type ?? 'null' });
    return undefined;
  }
  const parsed =
    geometry.type === 'Polygon'
      ? polygonSchema.safeParse(geometry.coordinates)
      : multiPolygonSchema.safeParse(geometry.coordinates);
  if (!parsed.success) {
    finding('INVALID_COORDINATES', { detail: parsed.error.issues[0]?.path.join('.') || 'coordinates' });
    return undefined;
  }
  const polygons = (geometry.type === 'Polygon' ? [parsed.data] : parsed.data) as Position[][][];

  let valid = true;
  let ringNumber = 0;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      ringNumber += 1;
      // One finding per ring is enough to locate the fault; the rest of its points would repeat it.
      const badPoint = ring.find((position) => !checkPosition(position, () => undefined));
      if (badPoint) {
        checkPosition(badPoint, finding);
        valid = false;
        continue;
      }
      if (ring.length < 4) {
        finding('RING_TOO_SHORT', { ring: ringNumber, count: ring.length });
        valid = false;
        continue;
      }
      const first = ring[0] as Position;
      const last = ring[ring.length - 1] as Position;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        finding('RING_NOT_CLOSED', { ring: ringNumber, first: first.join(', '), last: last.join(', ') });
        valid = false;
      }
    }
  }
  if (!valid) return undefined;
  return {
    type: 'MultiPolygon',
    coordinates: polygons.map((polygon) =>
      polygon.map((ring) => ring.map(([lon, lat]) => [lon as number, lat as number])),
    ),
  };
}

/** Validates the parsed file; returns the features that passed and a finding for each one that did not. */
export function checkFeatureCollection(input: unknown): { features: CheckedFeature[]; problems: Finding[] } {
  const collection = collectionSchema.safeParse(input);
  if (!collection.success) {
    const detail = collection.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    return { features: [], problems: [{ feature: 0, problem: 'INVALID_FILE', params: { detail } }] };
  }
  if (collection.data.features.length > MAX_FEATURES) {
    const params = { count: collection.data.features.length, max: MAX_FEATURES };
    return { features: [], problems: [{ feature: 0, problem: 'TOO_MANY_FEATURES', params }] };
  }

  const features: CheckedFeature[] = [];
  const problems: Finding[] = [];
  const seen = new Map<string, number>();

  for (const [index, raw] of collection.data.features.entries()) {
    const featureNumber = index + 1;
    const parsed = featureSchema.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      problems.push({ feature: featureNumber, problem: 'INVALID_FILE', params: { detail } });
      continue;
    }
    const properties = parsed.data.properties ?? {};
    const code = typeof properties.code === 'string' ? properties.code.trim() : String(properties.code ?? '');
    let failed = false;
    const finding = (problem: ProblemCode, params: Record<string, string | number>) => {
      problems.push({ feature: featureNumber, code: code || undefined, problem, params });
      failed = true;
    };

    const level = levelOfCode(code);
    if (!level) {
      finding('INVALID_CODE', { value: code });
    } else if (properties.level !== undefined && properties.level !== level) {
      const value = String(properties.level);
      finding('LEVEL_MISMATCH', { value, code, expected: level });
    }
    const previous = seen.get(code);
    if (code && previous !== undefined) finding('DUPLICATE_CODE', { value: code, other: previous });
    seen.set(code, featureNumber);

    const name = typeof properties.name === 'string' ? properties.name.trim() : '';
    if (name.length === 0 || name.length > 100) finding('INVALID_NAME', {});

    const geometry = checkGeometry(parsed.data.geometry, finding);
    if (!failed && level && geometry) features.push({ feature: featureNumber, code, name, level, geometry });
  }
  return { features, problems };
}

/** Orders features so that parents come before their children, as the foreign key on `parent_code` needs. */
export function parentsFirst(features: CheckedFeature[]): CheckedFeature[] {
  return [...features].sort((a, b) => CODE_LENGTH[a.level] - CODE_LENGTH[b.level] || a.feature - b.feature);
}
