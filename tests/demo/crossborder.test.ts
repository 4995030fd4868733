import { BAND_WIDTH_M, createLogger, type DemoReport, seedDemoData } from '@lianfang/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { NOW } from './support.js';

let handle: TestDatabase;
let report: DemoReport;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  report = await seedDemoData(handle.database, createLogger('test'), {
    seed: 'crossborder',
    districts: ['320509', '330421'],
    addressesPerCommunity: 2,
    incidentsPerYear: 3000,
    now: NOW,
  });
});

afterAll(async () => {
  await handle?.dispose();
});

async function rowsOf<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await handle.database.query<Row>(sql, params)).rows;
}

describe('border zones', () => {
  it('creates the 吴江–嘉善 and 吴江–秀洲 zones', async () => {
    const zones = await rowsOf<{ id: string; district_codes: string[]; band_width_m: number }>(
      'SELECT id, district_codes, band_width_m FROM crossborder.border_zones ORDER BY id',
    );
    expect(zones).toEqual([
      { id: 'BZ-320509-330411', district_codes: ['320509', '330411'], band_width_m: BAND_WIDTH_M },
      { id: 'BZ-320509-330421', district_codes: ['320509', '330421'], band_width_m: BAND_WIDTH_M },
    ]);
    expect(report.rows['crossborder.border_zones']).toBe(2);
  });

  it('stores valid, non-empty bands', async () => {
    const invalid = await rowsOf<{ id: string }>(
      'SELECT id FROM crossborder.border_zones WHERE ST_IsEmpty(band) OR NOT ST_IsValid(band)',
    );
    expect(invalid).toEqual([]);
  });

  it('follows the shared boundary at the band width', async () => {
    const zones = await rowsOf<{ id: string; area_ratio: number; outside: number; boundary_covered: number }>(
      `WITH shared AS (
         SELECT z.id, z.band,
                ST_CollectionExtract(ST_Intersection(ST_Boundary(a.boundary), ST_Boundary(b.boundary)), 2) AS line,
                ST_Union(a.boundary, b.boundary) AS districts
         FROM crossborder.border_zones z
         JOIN governance.org_units a ON a.code = z.district_codes[1]
         JOIN governance.org_units b ON b.code = z.district_codes[2]
       )
       SELECT id,
              ST_Area(band::geography) / (ST_Length(line::geography) * ${BAND_WIDTH_M}) AS area_ratio,
              ST_Area(ST_Difference(band, districts)) / ST_Area(band) AS outside,
              ST_Length(ST_Intersection(line, band)::geography) / ST_Length(line::geography) AS boundary_covered
       FROM shared ORDER BY id`,
    );
    expect(zones).toHaveLength(2);
    for (const zone of zones) {
      // The ends of the band are cut where the boundary meets the third district, so the area is a little less
      // than length × width.
      expect(zone.area_ratio, zone.id).toBeGreaterThan(0.8);
      expect(zone.area_ratio, zone.id).toBeLessThan(1.02);
      expect(zone.outside, zone.id).toBeLessThan(1e-6);
      expect(zone.boundary_covered, zone.id).toBeGreaterThan(0.999);
    }
  });

  it('reaches no further than half the width from the boundary', async () => {
    const [row] = await rowsOf<{ beyond: number }>(
      `SELECT count(*)::int AS beyond
       FROM crossborder.border_zones z
       JOIN governance.org_units a ON a.code = z.district_codes[1]
       JOIN governance.org_units b ON b.code = z.district_codes[2],
       LATERAL ST_DumpPoints(z.band) AS vertex
       WHERE NOT ST_DWithin(vertex.geom::geography,
                            ST_Intersection(ST_Boundary(a.boundary), ST_Boundary(b.boundary))::geography,
                            ${BAND_WIDTH_M / 2 + 5})`,
    );
    expect(row?.beyond).toBe(0);
  });
});

describe('shared incidents', () => {
  it('shares incidents of both districts', async () => {
    const sources = await rowsOf<{ source_district_code: string; zone_id: string }>(
      `SELECT DISTINCT source_district_code, zone_id FROM crossborder.shared_incidents ORDER BY 1, 2`,
    );
    expect(sources).toEqual([
      { source_district_code: '320509', zone_id: 'BZ-320509-330411' },
      { source_district_code: '320509', zone_id: 'BZ-320509-330421' },
      { source_district_code: '330421', zone_id: 'BZ-320509-330421' },
    ]);
  });

  it('keeps every shared incident inside its zone', async () => {
    const outside = await rowsOf<{ id: string }>(
      `SELECT s.id FROM crossborder.shared_incidents s JOIN crossborder.border_zones z ON z.id = s.zone_id
       WHERE NOT ST_Covers(z.band, s.location)`,
    );
    expect(outside).toEqual([]);
  });

  it('copies the police incident exactly', async () => {
    const different = await rowsOf<{ id: string }>(
      `SELECT s.id FROM crossborder.shared_incidents s LEFT JOIN police.incidents i ON i.id = s.id
       WHERE i.id IS NULL OR s.category <> i.category OR s.occurred_at <> i.occurred_at
          OR NOT ST_Equals(s.location, i.location) OR s.shared_at < i.occurred_at OR s.shared_at > $1`,
      [NOW],
    );
    expect(different).toEqual([]);
  });

  it('shares every incident that lies in a zone of its district', async () => {
    const missing = await rowsOf<{ id: string }>(
      `SELECT i.id FROM police.incidents i
       JOIN crossborder.border_zones z ON left(i.org_unit_code, 6) = ANY(z.district_codes) AND ST_Covers(z.band, i.location)
       LEFT JOIN crossborder.shared_incidents s ON s.id = i.id
       WHERE s.id IS NULL`,
    );
    expect(missing).toEqual([]);
  });

  it('records the district of the point and a suspect district or null', async () => {
    const [row] = await rowsOf<{ wrong_district: number; other: number; same: number; unknown: number }>(
      `SELECT count(*) FILTER (WHERE s.incident_district_code <> s.source_district_code
                                  OR NOT ST_Covers(d.boundary, s.location))::int AS wrong_district,
              count(*) FILTER (WHERE s.suspect_residence_district_code <> s.incident_district_code)::int AS other,
              count(*) FILTER (WHERE s.suspect_residence_district_code = s.incident_district_code)::int AS same,
              count(*) FILTER (WHERE s.suspect_residence_district_code IS NULL)::int AS unknown
       FROM crossborder.shared_incidents s JOIN governance.org_units d ON d.code = s.incident_district_code`,
    );
    expect(row?.wrong_district).toBe(0);
    expect(row?.other).toBeGreaterThan(0);
    expect(row?.same).toBeGreaterThan(0);
    expect(row?.unknown).toBeGreaterThan(0);
  });

  it('reports the shared incidents it wrote', async () => {
    const [row] = await rowsOf<{ count: number }>('SELECT count(*)::int AS count FROM crossborder.shared_incidents');
    expect(row?.count).toBe(report.rows['crossborder.shared_incidents']);
  });
});
