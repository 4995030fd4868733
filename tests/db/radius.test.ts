import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

// Mean Earth radius (IUGG). The spherical formula below is independent of PostGIS's ellipsoidal one; the two
// differ by well under 0.5 %, about 2 m at 500 m, far less than the gaps between the test distances.
const EARTH_RADIUS_M = 6_371_008.8;
const centre = { lon: 120.65, lat: 31.0 };

/** Destination point at `distance` metres on `bearing` degrees from the centre, on a sphere. */
function destination(distance: number, bearing: number): [number, number] {
  const angular = distance / EARTH_RADIUS_M;
  const theta = (bearing * Math.PI) / 180;
  const lat1 = (centre.lat * Math.PI) / 180;
  const lon1 = (centre.lon * Math.PI) / 180;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(theta));
  const lon2 =
    lon1 +
    Math.atan2(
      Math.sin(theta) * Math.sin(angular) * Math.cos(lat1),
      Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2),
    );
  return [(lon2 * 180) / Math.PI, (lat2 * 180) / Math.PI];
}

const points = [
  { id: 'n-100', distance: 100, bearing: 0 },
  { id: 'e-300', distance: 300, bearing: 90 },
  // At 31° N, 480 m east is 0.00503° of longitude: a radius converted to degrees (500 m ≈ 0.0045°) would drop it.
  { id: 'e-480', distance: 480, bearing: 90 },
  { id: 'sw-490', distance: 490, bearing: 225 },
  { id: 'n-520', distance: 520, bearing: 0 },
  { id: 'e-600', distance: 600, bearing: 90 },
  { id: 's-600', distance: 600, bearing: 180 },
  { id: 'nw-600', distance: 600, bearing: 315 },
];

let handle: TestDatabase;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  for (const point of points) {
    const [lon, lat] = destination(point.distance, point.bearing);
    await handle.database.query(
      `INSERT INTO police.addresses (id, text, community_code, location)
       VALUES ($1, $2, '320509105001', ST_SetSRID(ST_MakePoint($3, $4), 4326))`,
      [point.id, `测试地址 ${point.id}`, lon, lat],
    );
  }
});

afterAll(async () => {
  await handle?.dispose();
});

describe('radius query in metres', () => {
  it('returns points within 500 m and none at 520 or 600 m', async () => {
    const { rows } = await handle.database.query<{ id: string }>(
      `SELECT id FROM police.addresses
       WHERE ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3)
       ORDER BY id`,
      [centre.lon, centre.lat, 500],
    );
    expect(rows.map((row) => row.id)).toEqual(['e-300', 'e-480', 'n-100', 'sw-490']);
  });

  it('measures distances on the ellipsoid to within 0.5 %', async () => {
    const { rows } = await handle.database.query<{ id: string; metres: number }>(
      `SELECT id, ST_Distance(location::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS metres
       FROM police.addresses ORDER BY id`,
      [centre.lon, centre.lat],
    );
    for (const row of rows) {
      const expected = points.find((point) => point.id === row.id)?.distance as number;
      expect(Math.abs(row.metres - expected) / expected, row.id).toBeLessThan(0.005);
    }
  });

  it('uses the geography index for the radius filter', async () => {
    // Without statistics the planner may prefer a scan on a tiny table, so scans are switched off to see whether
    // an index can serve the query at all.
    const plan = await handle.database.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      const { rows } = await tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM police.addresses
         WHERE ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint(120.65, 31.0), 4326)::geography, 500)`,
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('addresses_location_geog_gix');
  });
});
