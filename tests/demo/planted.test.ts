import { createLogger, PLANTED, seedDemoData } from '@lianfang/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { NOW, SMALL } from './support.js';

const DAY_MS = 86_400_000;
let handle: TestDatabase;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  await seedDemoData(handle.database, createLogger('test'), SMALL);
});

afterAll(async () => {
  await handle?.dispose();
});

async function rowsOf<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await handle.database.query<Row>(sql, params)).rows;
}

describe('planted abnormal household', () => {
  const id = 'A-PLANTED-ABNORMAL';

  it('lies in a community of 松陵街道', async () => {
    const [address] = await rowsOf<{ community_code: string; inside: boolean }>(
      `SELECT a.community_code, ST_Covers(c.boundary, a.location) AS inside
       FROM police.addresses a JOIN governance.org_units c ON c.code = a.community_code WHERE a.id = $1`,
      [id],
    );
    expect(address?.community_code.slice(0, 9)).toBe('320509001');
    expect(address?.inside).toBe(true);
  });

  it('has 9 residents, mostly floating', async () => {
    const residents = await rowsOf<{ residence_type: string }>(
      'SELECT residence_type FROM police.residents WHERE address_id = $1',
      [id],
    );
    expect(residents).toHaveLength(9);
    expect(residents.filter((row) => row.residence_type === 'FLOATING').length).toBeGreaterThanOrEqual(5);
  });

  it('uses five times the median electricity in the last 3 months', async () => {
    const readings = await rowsOf<{ month: string; household_type: string; ratio: number }>(
      `SELECT to_char(m.month, 'YYYY-MM-DD') AS month, m.household_type,
              m.electricity_kwh::float8 / median.kwh AS ratio
       FROM utilities.meter_readings m
       JOIN (SELECT household_type, month,
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY electricity_kwh)::float8 AS kwh
             FROM utilities.meter_readings GROUP BY 1, 2) median
         ON median.household_type = m.household_type AND median.month = m.month
       WHERE m.address_id = $1 ORDER BY m.month`,
      [id],
    );
    expect(readings).toHaveLength(12);
    expect(readings.map((row) => row.month).slice(-3)).toEqual(['2025-03-01', '2025-04-01', '2025-05-01']);
    for (const reading of readings) expect(reading.household_type).toBe('5+');
    for (const reading of readings.slice(-3)) expect(reading.ratio, reading.month).toBeGreaterThanOrEqual(5);
    for (const reading of readings.slice(0, -3)) expect(reading.ratio, reading.month).toBeLessThan(2);
  });

  it('hosts an enterprise that never operated', async () => {
    const enterprises = await rowsOf<{ status: string }>(
      'SELECT status FROM market.enterprises WHERE address_id = $1',
      [id],
    );
    expect(enterprises).toEqual([{ status: 'NEVER_OPERATED' }]);
  });

  it('receives 60 or more parcels a month in the last 3 months', async () => {
    const parcels = await rowsOf<{ parcels: number }>(
      'SELECT parcels FROM police.parcel_deliveries WHERE address_id = $1 ORDER BY month',
      [id],
    );
    expect(parcels).toHaveLength(12);
    for (const month of parcels.slice(-3)) expect(month.parcels).toBeGreaterThanOrEqual(60);
  });
});

describe('planted subdivided rental', () => {
  it('is a failed subdivided rental in 盛泽镇', async () => {
    const rentals = await rowsOf<Record<string, unknown>>(
      `SELECT id, subdivided, rooms, tenants, inspection_state, left(community_code, 9) AS street
       FROM housing.rentals WHERE address_id = 'A-PLANTED-SUBDIVIDED'`,
    );
    expect(rentals).toEqual([
      {
        id: PLANTED.subdivided.rentalId,
        subdivided: true,
        rooms: 24,
        tenants: 31,
        inspection_state: 'FAILED',
        street: '320509105',
      },
    ]);
  });
});

describe('planted theft series', () => {
  const ids = PLANTED.thefts.ids as readonly string[];

  it('has 12 thefts in the last 30 days', async () => {
    const thefts = await rowsOf<{ id: string; category: string; occurred_at: Date }>(
      'SELECT id, category, occurred_at FROM police.incidents WHERE id = ANY($1::text[]) ORDER BY id',
      [ids],
    );
    expect(thefts.map((row) => row.id)).toEqual(
      Array.from({ length: 12 }, (_, i) => `I-PLANTED-THEFT-${String(i + 1).padStart(2, '0')}`),
    );
    for (const theft of thefts) {
      expect(theft.category).toBe('THEFT');
      expect(theft.occurred_at.getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 30 * DAY_MS);
      expect(theft.occurred_at.getTime()).toBeLessThan(NOW.getTime());
    }
  });

  it('clusters within 300 m on the 吴江 side', async () => {
    const [cluster] = await rowsOf<{ radius: number; in_wujiang: boolean; in_zone: boolean }>(
      `WITH thefts AS (SELECT location FROM police.incidents WHERE id = ANY($1::text[])),
            centre AS (SELECT ST_Centroid(ST_Collect(location)) AS point FROM thefts)
       SELECT max(ST_Distance(t.location::geography, centre.point::geography)) AS radius,
              bool_and(ST_Covers(d.boundary, t.location)) AS in_wujiang,
              bool_and(ST_Covers(z.band, t.location)) AS in_zone
       FROM thefts t, centre, governance.org_units d, crossborder.border_zones z
       WHERE d.code = '320509' AND z.id = 'BZ-320509-330421'`,
      [ids],
    );
    expect(cluster?.radius).toBeLessThanOrEqual(300);
    expect(cluster?.in_wujiang).toBe(true);
    expect(cluster?.in_zone).toBe(true);
  });

  it('is shared into the 吴江–嘉善 zone', async () => {
    const shared = await rowsOf<{ id: string; zone_id: string; source: string; incident: string; same: boolean }>(
      `SELECT s.id, s.zone_id, s.source_district_code AS source, s.incident_district_code AS incident,
              (s.category = i.category AND s.occurred_at = i.occurred_at AND ST_Equals(s.location, i.location)) AS same
       FROM crossborder.shared_incidents s JOIN police.incidents i ON i.id = s.id
       WHERE s.id = ANY($1::text[]) ORDER BY s.id`,
      [ids],
    );
    expect(shared).toHaveLength(12);
    for (const row of shared) {
      expect(row).toMatchObject({ zone_id: 'BZ-320509-330421', source: '320509', incident: '320509', same: true });
    }
  });
});
