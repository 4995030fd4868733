/**
 * Patrol zones (巡逻区) of the police and grid workers (网格员) of the governance centres: the parts of the demo
 * that follow the org unit boundaries rather than addresses.
 */
import type { Queryable } from '../database.js';
import { centroidOf, snapToGrid, union } from '../jurisdiction/partition.js';
import { BatchInserter } from './batch.js';
import type { DistrictGeography, Street, Unit } from './geography.js';
import { personName, phoneNumber, policeStationName } from './names.js';
import { chance, pickWeighted, type Random, randomFor } from './sampling.js';

interface PatrolZoneRow {
  id: string;
  name: string;
  org_unit_code: string;
  unit_name: string;
  shift: 'DAY' | 'NIGHT' | 'ALL_DAY';
  zone: string;
}

// RETURNING makes the embedded backend raise a GEOS error it would otherwise drop (see backends/embedded.ts).
const PATROL_ZONE_INSERT_SQL = `
  INSERT INTO police.patrol_zones (id, name, org_unit_code, unit_name, shift, zone)
  SELECT id, name, org_unit_code, unit_name, shift,
         CASE WHEN ST_IsValid(zone) THEN zone ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(zone), 3)) END
  FROM (
    SELECT id, name, org_unit_code, unit_name, shift, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(zone), 4326)) AS zone
    FROM jsonb_to_recordset($1::jsonb)
      AS input(id text, name text, org_unit_code text, unit_name text, shift text, zone text)
  ) AS parsed
  RETURNING id`;

const GRID_WORKER_INSERT_SQL = `
  INSERT INTO governance.grid_workers (id, name, phone, grid_code)
  SELECT id, name, phone, grid_code
  FROM jsonb_to_recordset($1::jsonb) AS input(id text, name text, phone text, grid_code text)`;

/** Minimum and maximum patrol zones per street. */
export const PATROL_ZONES_PER_STREET = { min: 2, max: 4 } as const;

/**
 * Splits a street's units into `count` groups of neighbours: units sorted by the bearing of their centroid from
 * the street's centroid and cut into runs of equal size, so each group is a wedge of the street.
 */
function groupNeighbours(street: Street, units: Unit[], count: number): Unit[][] {
  const [centreLon, centreLat] = centroidOf(street.region);
  const sorted = units
    .map((unit) => {
      const [lon, lat] = centroidOf(unit.region);
      return { unit, angle: Math.atan2(lat - centreLat, lon - centreLon) };
    })
    .sort((a, b) => a.angle - b.angle || a.unit.code.localeCompare(b.unit.code));
  return Array.from({ length: count }, (_, group) =>
    sorted
      .slice(Math.floor((group * sorted.length) / count), Math.floor(((group + 1) * sorted.length) / count))
      .map(({ unit }) => unit),
  );
}

/**
 * Builds 2–4 zones that together cover the street: groups of neighbouring communities, or of grids in a street
 * with fewer communities than zones.
 */
function streetZones(street: Street, random: Random): PatrolZoneRow[] {
  let count = random.integer(PATROL_ZONES_PER_STREET.min, PATROL_ZONES_PER_STREET.max);
  const grids = street.communities.flatMap((community) => community.grids);
  const units = street.communities.length >= count ? street.communities : grids;
  count = Math.min(count, units.length);
  const station = policeStationName(street.name);

  return groupNeighbours(street, units, count).map((group, index) => {
    const number = index + 1;
    const shift = pickWeighted(
      [
        ['DAY', 40],
        ['NIGHT', 30],
        ['ALL_DAY', 30],
      ] as const,
      random,
    );
    const zone = snapToGrid(union(group.map((unit) => unit.region)));
    return {
      id: `PZ-${street.code}-${number}`,
      name: `${street.name}第${number}巡逻区`,
      org_unit_code: street.code,
      unit_name: `${station}第${number}巡逻组`,
      shift,
      zone: JSON.stringify({ type: 'MultiPolygon', coordinates: zone }),
    };
  });
}

/** Inserts the patrol zones of every street of the district; returns the number of zones. */
export async function seedPatrolZones(runner: Queryable, seed: string, geography: DistrictGeography): Promise<number> {
  // Zones carry whole polygons, so batches stay small.
  const writer = new BatchInserter<PatrolZoneRow>(runner, PATROL_ZONE_INSERT_SQL, 20);
  for (const street of geography.streets) {
    if (street.communities.length === 0) continue;
    await writer.addAll(streetZones(street, randomFor(seed, 'patrol-zones', street.code)));
  }
  await writer.flush();
  return writer.written;
}

/** Inserts one grid worker per grid of the district; returns the number of workers. */
export async function seedGridWorkers(runner: Queryable, seed: string, geography: DistrictGeography): Promise<number> {
  const writer = new BatchInserter<{ id: string; name: string; phone: string; grid_code: string }>(
    runner,
    GRID_WORKER_INSERT_SQL,
  );
  for (const grid of geography.grids) {
    const random = randomFor(seed, 'grid-worker', grid.code);
    await writer.add({
      id: `GW-${grid.code}`,
      name: personName(chance(0.6, random) ? 'FEMALE' : 'MALE', random),
      phone: phoneNumber(random),
      grid_code: grid.code,
    });
  }
  await writer.flush();
  return writer.written;
}
