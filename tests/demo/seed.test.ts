import { createLogger, type DemoReport, extrasCounts, seedDemoData } from '@lianfang/db';
import { isValidCreditCode, isValidResidentId } from '@lianfang/identifiers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { countRows, DEMO_TABLE_NAMES, fingerprints, NOW, SMALL } from './support.js';

const logger = createLogger('test');
const DAY_MS = 86_400_000;
let handle: TestDatabase;
let report: DemoReport;
let statements: number;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  const before = handle.database.statements.count;
  report = await seedDemoData(handle.database, logger, SMALL);
  statements = handle.database.statements.count - before;
});

afterAll(async () => {
  await handle?.dispose();
});

async function scalar(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await handle.database.query<{ value: number }>(sql, params);
  return Number(rows[0]?.value);
}

describe('seedDemoData counts', () => {
  it('reports the seeded district', () => {
    expect(report.seeded).toEqual(['320509']);
    expect(report.skipped).toEqual([]);
  });

  it('reports exactly the rows in each table', async () => {
    expect(await countRows(handle.database)).toEqual(report.rows);
  });

  it('writes the exact counts the options imply', async () => {
    const communities = await scalar(
      `SELECT count(*)::int AS value FROM governance.org_units WHERE level = 'COMMUNITY' AND code LIKE '320509%'`,
    );
    const grids = await scalar(
      `SELECT count(*)::int AS value FROM governance.org_units WHERE level = 'GRID' AND code LIKE '320509%'`,
    );
    const regular = communities * 3;
    const extras = extrasCounts(regular);
    // The planted cases add 2 addresses, 1 rental, 1 enterprise and 12 thefts.
    const addresses = regular + 2;
    expect(report.rows['police.addresses']).toBe(addresses);
    expect(report.rows['police.incidents']).toBe(2000 + 12);
    expect(report.rows['utilities.meter_readings']).toBe(addresses * 12);
    expect(report.rows['police.parcel_deliveries']).toBe(addresses * 12);
    expect(report.rows['housing.rentals']).toBe(extras.rentals + 1);
    expect(report.rows['market.enterprises']).toBe(extras.enterprises + 1);
    expect(report.rows['governance.grid_workers']).toBe(grids);
    expect(report.rows['crossborder.border_zones']).toBe(2);
    const subdivided = await scalar('SELECT count(*)::int AS value FROM housing.rentals WHERE subdivided');
    expect(subdivided).toBe(extras.subdivided + 1);
  });

  it('inserts rows in batches', () => {
    const rows = Object.values(report.rows).reduce((sum, count) => sum + count, 0);
    expect(rows).toBeGreaterThan(20_000);
    // Batches hold up to 500 rows, so one statement per row would be about 100 times as many.
    expect(statements).toBeLessThan(rows / 100);
  });

  it('gives every address 0 to 6 residents, mostly 1 to 4', async () => {
    const { rows } = await handle.database.query<{ residents: number; addresses: number }>(
      `SELECT coalesce(r.residents, 0)::int AS residents, count(*)::int AS addresses
       FROM police.addresses a
       LEFT JOIN (SELECT address_id, count(*) AS residents FROM police.residents GROUP BY 1) r ON r.address_id = a.id
       WHERE a.id NOT LIKE 'A-PLANTED%' GROUP BY 1`,
    );
    const total = rows.reduce((sum, row) => sum + row.addresses, 0);
    const oneToFour = rows.filter((row) => row.residents >= 1 && row.residents <= 4);
    expect(Math.max(...rows.map((row) => row.residents))).toBeLessThanOrEqual(6);
    expect(oneToFour.reduce((sum, row) => sum + row.addresses, 0) / total).toBeGreaterThan(0.7);
  });

  it('puts 2 to 4 patrol zones in each street that cover it', async () => {
    const { rows } = await handle.database.query<{ code: string; zones: number; gap: number; overlap: number }>(
      `SELECT street.code, count(*)::int AS zones,
              abs(ST_Area(street.boundary::geography) - ST_Area(ST_Union(zone.zone)::geography))
                / ST_Area(street.boundary::geography) AS gap,
              (sum(ST_Area(zone.zone::geography)) - ST_Area(ST_Union(zone.zone)::geography))
                / ST_Area(street.boundary::geography) AS overlap
       FROM governance.org_units street JOIN police.patrol_zones zone ON zone.org_unit_code = street.code
       GROUP BY street.code, street.boundary ORDER BY street.code`,
    );
    expect(rows).toHaveLength(14);
    for (const row of rows) {
      expect(row.zones, row.code).toBeGreaterThanOrEqual(2);
      expect(row.zones, row.code).toBeLessThanOrEqual(4);
      expect(row.gap, row.code).toBeLessThan(1e-4);
      expect(row.overlap, row.code).toBeLessThan(1e-4);
    }
  });
});

describe('seedDemoData geography', () => {
  it('places every address inside its community', async () => {
    const outside = await scalar(
      `SELECT count(*)::int AS value FROM police.addresses a
       LEFT JOIN governance.org_units c ON c.code = a.community_code AND c.level = 'COMMUNITY'
       WHERE c.code IS NULL OR NOT ST_Covers(c.boundary, a.location)`,
    );
    expect(outside).toBe(0);
  });

  it('assigns each incident a grid or community containing it', async () => {
    const { rows } = await handle.database.query<{ id: string; level: string | null }>(
      `SELECT i.id, o.level FROM police.incidents i
       LEFT JOIN governance.org_units o ON o.code = i.org_unit_code
       WHERE o.level IS NULL OR o.level NOT IN ('GRID', 'COMMUNITY') OR NOT ST_Covers(o.boundary, i.location)`,
    );
    expect(rows).toEqual([]);
  });

  it('places incidents at an address within about 80 m', async () => {
    const farthest = await scalar(
      `SELECT max(ST_Distance(i.location::geography, a.location::geography)) AS value
       FROM police.incidents i JOIN police.addresses a ON a.id = i.address_id`,
    );
    expect(farthest).toBeLessThan(81);
  });

  it('copies community and location into rentals and enterprises', async () => {
    for (const table of ['housing.rentals', 'market.enterprises']) {
      const mismatched = await scalar(
        `SELECT count(*)::int AS value FROM ${table} t JOIN police.addresses a ON a.id = t.address_id
         WHERE t.community_code <> a.community_code OR NOT ST_Equals(t.location, a.location)`,
      );
      const orphans = await scalar(
        `SELECT count(*)::int AS value FROM ${table} t LEFT JOIN police.addresses a ON a.id = t.address_id
         WHERE a.id IS NULL`,
      );
      expect(mismatched, table).toBe(0);
      expect(orphans, table).toBe(0);
    }
  });
});

describe('seedDemoData values', () => {
  it('issues valid, unique resident ID numbers', async () => {
    const { rows } = await handle.database.query<{ id_number: string; registered_on: string }>(
      `SELECT id_number, to_char(registered_on, 'YYYYMMDD') AS registered_on FROM police.residents`,
    );
    expect(rows.filter((row) => !isValidResidentId(row.id_number))).toEqual([]);
    expect(new Set(rows.map((row) => row.id_number)).size).toBe(rows.length);
    // A registration date never precedes the birth date in the ID number.
    expect(rows.filter((row) => row.registered_on < row.id_number.slice(6, 14))).toEqual([]);
  });

  it('issues valid credit codes of the district', async () => {
    const { rows } = await handle.database.query<{ credit_code: string }>('SELECT credit_code FROM market.enterprises');
    expect(rows.filter((row) => !isValidCreditCode(row.credit_code))).toEqual([]);
    expect(rows.filter((row) => row.credit_code.slice(2, 8) !== '320509')).toEqual([]);
  });

  it('mixes permanent and floating residents', async () => {
    const floatingShare = await scalar(
      `SELECT avg((residence_type = 'FLOATING')::int)::float8 AS value FROM police.residents`,
    );
    expect(floatingShare).toBeGreaterThan(0.2);
    expect(floatingShare).toBeLessThan(0.6);
  });

  it('gives a few percent of adults criminal records', async () => {
    const { rows } = await handle.database.query<{ residents: number; recorded: number; records: number }>(
      `SELECT (SELECT count(*)::int FROM police.residents) AS residents,
              (SELECT count(DISTINCT resident_id)::int FROM police.criminal_records) AS recorded,
              (SELECT count(*)::int FROM police.criminal_records) AS records`,
    );
    const counts = rows[0] as { residents: number; recorded: number; records: number };
    expect(counts.recorded / counts.residents).toBeGreaterThan(0.01);
    expect(counts.recorded / counts.residents).toBeLessThan(0.05);
    expect(counts.records).toBeLessThanOrEqual(counts.recorded * 2);
    expect(report.rows['police.criminal_records']).toBe(counts.records);
  });

  it('dates each record after age 16 and before now', async () => {
    const { rows } = await handle.database.query<{ decided_on: string; born: string; authority: string }>(
      `SELECT to_char(record.decided_on, 'YYYYMMDD') AS decided_on, substr(resident.id_number, 7, 8) AS born,
              record.authority
       FROM police.criminal_records AS record JOIN police.residents AS resident ON resident.id = record.resident_id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const sixteenth = (born: string) => `${Number(born.slice(0, 4)) + 16}${born.slice(4)}`;
    expect(rows.filter((row) => row.decided_on < sixteenth(row.born))).toEqual([]);
    expect(rows.filter((row) => row.decided_on >= '20250615')).toEqual([]);
    expect(new Set(rows.map((row) => row.authority))).toEqual(new Set(['吴江区人民法院', '吴江区公安分局']));
  });

  it('spreads incidents over the 365 days before now', async () => {
    const { rows } = await handle.database.query<{ first: Date; last: Date; categories: number }>(
      `SELECT min(occurred_at) AS first, max(occurred_at) AS last, count(DISTINCT category)::int AS categories
       FROM police.incidents`,
    );
    expect(rows[0]?.first.getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 365 * DAY_MS);
    expect(rows[0]?.last.getTime()).toBeLessThan(NOW.getTime());
    expect(rows[0]?.categories).toBe(10);
  });

  it('leaves only recent incidents open', async () => {
    const { rows } = await handle.database.query<{ status: string; oldest: Date }>(
      `SELECT status, min(occurred_at) AS oldest FROM police.incidents WHERE status <> 'CLOSED' GROUP BY status`,
    );
    const oldest = Object.fromEntries(rows.map((row) => [row.status, row.oldest.getTime()]));
    expect(oldest.REPORTED).toBeGreaterThanOrEqual(NOW.getTime() - 3 * DAY_MS);
    expect(oldest.DISPATCHED).toBeGreaterThanOrEqual(NOW.getTime() - 3 * DAY_MS);
    const closedShare = await scalar(`SELECT avg((status = 'CLOSED')::int)::float8 AS value FROM police.incidents`);
    expect(closedShare).toBeGreaterThan(0.9);
  });

  it('peaks thefts at night and traffic accidents at rush hours', async () => {
    const { rows } = await handle.database.query<{ category: string; night: number; rush: number }>(
      `SELECT category,
              avg((extract(hour FROM occurred_at AT TIME ZONE 'Asia/Shanghai') < 6)::int)::float8 AS night,
              avg((extract(hour FROM occurred_at AT TIME ZONE 'Asia/Shanghai') IN (7, 8, 17, 18))::int)::float8 AS rush
       FROM police.incidents GROUP BY category`,
    );
    const share = Object.fromEntries(rows.map((row) => [row.category, row]));
    // A flat curve would put 25 % of incidents before 06:00 and 17 % in the four rush hours.
    expect(share.THEFT?.night).toBeGreaterThan(0.35);
    expect(share.TRAFFIC?.rush).toBeGreaterThan(0.3);
    expect(share.FRAUD?.night).toBeLessThan(0.1);
  });

  it('gives meter readings the household type of the resident count', async () => {
    const mismatched = await scalar(
      `SELECT count(*)::int AS value FROM utilities.meter_readings m
       LEFT JOIN (SELECT address_id, count(*) AS residents FROM police.residents GROUP BY 1) r
         ON r.address_id = m.address_id
       WHERE m.household_type <> CASE WHEN coalesce(r.residents, 0) <= 2 THEN '1-2'
                                      WHEN r.residents <= 4 THEN '3-4' ELSE '5+' END`,
    );
    expect(mismatched).toBe(0);
  });

  it('peaks electricity in summer and winter', async () => {
    const { rows } = await handle.database.query<{ month: number; median: number }>(
      `SELECT extract(month FROM month)::int AS month,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY electricity_kwh)::float8 AS median
       FROM utilities.meter_readings WHERE household_type = '3-4' GROUP BY 1`,
    );
    const median = Object.fromEntries(rows.map((row) => [row.month, row.median]));
    expect(median[8]).toBeGreaterThan((median[4] as number) * 1.5);
    expect(median[1]).toBeGreaterThan((median[4] as number) * 1.3);
  });
});

describe('seedDemoData idempotence and input checks', () => {
  it('skips a seeded district and writes nothing', async () => {
    const before = await fingerprints(handle.database);
    const again = await seedDemoData(handle.database, logger, SMALL);
    expect(again.seeded).toEqual([]);
    expect(again.skipped).toEqual(['320509']);
    for (const table of DEMO_TABLE_NAMES) expect(again.rows[table], table).toBe(0);
    expect(await fingerprints(handle.database)).toEqual(before);
  });

  it.each([
    ['negative incidents', { incidentsPerYear: -1 }, 'incidentsPerYear'],
    ['too many incidents', { incidentsPerYear: 1_000_001 }, 'incidentsPerYear'],
    ['fractional incidents', { incidentsPerYear: 1.5 }, 'incidentsPerYear'],
    ['zero addresses', { addressesPerCommunity: 0 }, 'addressesPerCommunity'],
    ['malformed district', { districts: ['3205'] }, 'districts'],
    ['empty seed', { seed: '' }, 'seed'],
    ['invalid date', { now: new Date('not a date') }, 'now'],
  ])('rejects %s', async (_, options, field) => {
    await expect(seedDemoData(handle.database, logger, { ...SMALL, ...options })).rejects.toThrow(field);
  });

  it('rejects a district without jurisdiction data and writes nothing', async () => {
    const before = await countRows(handle.database);
    await expect(seedDemoData(handle.database, logger, { ...SMALL, districts: ['110101'] })).rejects.toThrow(
      'District 110101 is not in governance.org_units',
    );
    expect(await countRows(handle.database)).toEqual(before);
  });
});
