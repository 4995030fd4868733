/**
 * Cameras (摄像头 / 卡口) of the police whose analytics send video alerts. Most are placed inside a community, and
 * so inside the patrol zone built from it. A few are placed just outside the district's boundary, outside every zone
 * of the district, so that alerts from them are routed to the nearest zone.
 */
import type { Queryable } from '../database.js';
import { centroidOf, contains } from '../jurisdiction/partition.js';
import { BatchInserter } from './batch.js';
import { type DistrictGeography, offsetPoint, type Pair, roundPoint, samplePointIn } from './geography.js';
import { pickOne, type Random, randomFor } from './sampling.js';
import { DAY_MS } from './time.js';

export interface CameraRow {
  id: string;
  name: string;
  org_unit_code: string;
  installed_at: string;
  lon: number;
  lat: number;
}

export const CAMERA_INSERT_SQL = `
  INSERT INTO police.cameras (id, name, org_unit_code, installed_at, location)
  SELECT id, name, org_unit_code, installed_at, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
  FROM jsonb_to_recordset($1::jsonb)
    AS input(id text, name text, org_unit_code text, installed_at timestamptz, lon float8, lat float8)`;

/** Minimum and maximum cameras per street that has communities. */
export const CAMERAS_PER_STREET = { min: 4, max: 8 } as const;
/** Cameras per district placed just outside its boundary. */
export const BOUNDARY_CAMERAS = 2;
/** Distance in metres between a boundary camera and the boundary vertex it is placed from. */
export const BOUNDARY_OFFSET_METRES = 300;

const PLACES = [
  '汽车站',
  '农贸市场',
  '商业广场',
  '中心小学',
  '人民公园',
  '地铁站',
  '人民医院',
  '工业园',
  '老街',
  '滨河公园',
  '体育馆',
  '客运码头',
  '东方丝绸市场',
  '步行街',
] as const;

/** Draws an installation date between 30 and 1,500 days before `now`, at midnight UTC. */
function installedAt(now: Date, random: Random): string {
  const day = Math.floor(now.getTime() / DAY_MS) - random.integer(30, 1500);
  return new Date(day * DAY_MS).toISOString();
}

function streetCameras(geography: DistrictGeography, now: Date, seed: string): CameraRow[] {
  const rows: CameraRow[] = [];
  for (const street of geography.streets) {
    if (street.communities.length === 0) continue;
    const random = randomFor(seed, 'cameras', street.code);
    const count = random.integer(CAMERAS_PER_STREET.min, CAMERAS_PER_STREET.max);
    for (let number = 1; number <= count; number += 1) {
      const community = pickOne(street.communities, random);
      const [lon, lat] = samplePointIn(community.region, random);
      rows.push({
        id: `CAM-${street.code}-${String(number).padStart(2, '0')}`,
        name: `${street.name} ${pickOne(PLACES, random)} ${number} 号卡口`,
        org_unit_code: community.code,
        installed_at: installedAt(now, random),
        lon,
        lat,
      });
    }
  }
  return rows;
}

/** Bearing in radians clockwise from north from `from` to `to`, on the flat approximation of `offsetPoint`. */
function bearing(from: Pair, to: Pair): number {
  const dx = (to[0] - from[0]) * Math.cos((from[1] * Math.PI) / 180);
  return Math.atan2(dx, to[1] - from[1]);
}

/**
 * Places cameras 300 m outside boundary vertices of the district, away from its centroid. Each belongs to the
 * community found 150 m inside the vertex. Vertices where either step fails, such as at a concave part of the
 * boundary, are skipped.
 */
function boundaryCameras(geography: DistrictGeography, now: Date, seed: string): CameraRow[] {
  const random = randomFor(seed, 'boundary-cameras', geography.code);
  const ring = geography.region[0]?.[0] ?? [];
  const centre = centroidOf(geography.region);
  const rows: CameraRow[] = [];
  for (let attempt = 0; attempt < 50 && rows.length < BOUNDARY_CAMERAS && ring.length > 1; attempt += 1) {
    const vertex = ring[random.integer(0, ring.length - 2)] as Pair;
    const outward = bearing(centre, vertex);
    const point = roundPoint(offsetPoint(vertex, BOUNDARY_OFFSET_METRES, outward));
    const grid = geography.locator.locate(offsetPoint(vertex, 150, outward + Math.PI));
    if (!grid || contains(geography.region, point)) continue;
    const communityCode = grid.code.slice(0, 12);
    const street = geography.streets.find((candidate) => communityCode.startsWith(candidate.code));
    const number = rows.length + 1;
    rows.push({
      id: `CAM-${geography.code}-B${number}`,
      name: `${street?.name ?? geography.name} 区界 ${number} 号卡口`,
      org_unit_code: communityCode,
      installed_at: installedAt(now, random),
      lon: point[0],
      lat: point[1],
    });
  }
  return rows;
}

/** Inserts the cameras of the district: 4–8 per street and two just outside the boundary; returns their number. */
export async function seedCameras(
  runner: Queryable,
  seed: string,
  now: Date,
  geography: DistrictGeography,
): Promise<number> {
  const writer = new BatchInserter<CameraRow>(runner, CAMERA_INSERT_SQL);
  await writer.addAll(streetCameras(geography, now, seed));
  await writer.addAll(boundaryCameras(geography, now, seed));
  await writer.flush();
  return writer.written;
}
