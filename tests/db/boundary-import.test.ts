import { createLogger, geometryFromWgs84, importBoundaries } from '@lianfang/db';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openTestDatabase, type TestDatabase } from '../support/database.js';

const logger = createLogger('test');
let handle: TestDatabase;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
});

afterAll(async () => {
  await handle?.dispose();
});

/** Fingerprint of everything the import may write, to prove a rejected import changed nothing. */
async function snapshot(): Promise<string> {
  const { rows } = await handle.database.query<{ digest: string; imports: number }>(
    `SELECT md5(string_agg(code || name || approximate || boundary_source || ST_AsEWKB(boundary)::text, ',' ORDER BY code))
              AS digest,
            (SELECT count(*)::int FROM governance.boundary_imports) AS imports
     FROM governance.org_units`,
  );
  return `${rows[0]?.digest}/${rows[0]?.imports}`;
}

/** Reads a unit's stored boundary, to build realistic input files from. */
async function storedBoundary(code: string): Promise<MultiPolygon> {
  const { rows } = await handle.database.query<{ geojson: string }>(
    'SELECT ST_AsGeoJSON(boundary) AS geojson FROM governance.org_units WHERE code = $1',
    [code],
  );
  return JSON.parse(rows[0]?.geojson as string) as MultiPolygon;
}

function feature(code: string, name: string, geometry: Polygon | MultiPolygon, level?: string): Feature {
  return { type: 'Feature', properties: { code, name, ...(level ? { level } : {}) }, geometry };
}

function collection(...features: Feature[]) {
  return { type: 'FeatureCollection', features };
}

const options = { sourceName: 'test.geojson', crs: 'WGS84' as const, repair: false };

// A small square inside 松陵街道's first community, in WGS84.
const square: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [120.6, 31.15],
      [120.601, 31.15],
      [120.601, 31.151],
      [120.6, 31.151],
      [120.6, 31.15],
    ],
  ],
};

describe('importBoundaries', () => {
  it('imports a good file and marks the units authoritative', async () => {
    const street = await storedBoundary('320509002');
    const result = await importBoundaries(
      handle.database,
      collection(
        feature('320509002', '横扇街道', street, 'STREET'),
        feature('320509002999', '测试新社区', square, 'COMMUNITY'),
      ),
      options,
      logger,
    );

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.updated).toEqual(['320509002']);
    expect(result.created).toEqual(['320509002999']);
    expect(result.notices.map((notice) => [notice.code, notice.problem])).toEqual([
      ['320509002', 'CHILDREN_APPROXIMATE'],
    ]);

    const { rows } = await handle.database.query<{
      code: string;
      approximate: boolean;
      boundary_source: string;
      parent_code: string;
    }>(
      `SELECT code, approximate, boundary_source, parent_code FROM governance.org_units
       WHERE code IN ('320509002', '320509002999') ORDER BY code`,
    );
    expect(rows).toEqual([
      { code: '320509002', approximate: false, boundary_source: 'import:test.geojson', parent_code: '320509' },
      { code: '320509002999', approximate: false, boundary_source: 'import:test.geojson', parent_code: '320509002' },
    ]);
    const imports = await handle.database.query<{ feature_count: number; repaired_count: number }>(
      'SELECT feature_count, repaired_count FROM governance.boundary_imports',
    );
    expect(imports.rows).toEqual([{ feature_count: 2, repaired_count: 0 }]);
  });

  it('rejects a self-intersecting ring and changes nothing', async () => {
    const before = await snapshot();
    // A bow tie: the ring crosses itself at (120.6005, 31.1505).
    const bowTie: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [120.6, 31.15],
          [120.601, 31.151],
          [120.601, 31.15],
          [120.6, 31.151],
          [120.6, 31.15],
        ],
      ],
    };
    const result = await importBoundaries(
      handle.database,
      collection(feature('320509001001', '西塘社区', bowTie)),
      options,
      logger,
    );

    expect(result).toEqual({
      ok: false,
      problems: [
        {
          feature: 1,
          code: '320509001001',
          problem: 'INVALID_POLYGON',
          params: { reason: 'Self-intersection[120.6005 31.1505]' },
        },
      ],
    });
    expect(await snapshot()).toBe(before);
  });

  it('repairs a self-intersecting ring when asked and reports it', async () => {
    const bowTie: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [120.6, 31.15],
          [120.601, 31.151],
          [120.601, 31.15],
          [120.6, 31.151],
          [120.6, 31.15],
        ],
      ],
    };
    const result = await importBoundaries(
      handle.database,
      collection(feature('320509001001', '西塘社区居委会', bowTie)),
      { ...options, repair: true },
      logger,
    );

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.notices.filter((notice) => notice.problem === 'REPAIRED')).toEqual([
      {
        feature: 1,
        code: '320509001001',
        problem: 'REPAIRED',
        params: { reason: 'Self-intersection[120.6005 31.1505]' },
      },
    ]);
    const { rows } = await handle.database.query<{ valid: boolean; parts: number }>(
      `SELECT ST_IsValid(boundary) AS valid, ST_NumGeometries(boundary) AS parts
       FROM governance.org_units WHERE code = '320509001001'`,
    );
    // ST_MakeValid splits the bow tie into its two triangles.
    expect(rows).toEqual([{ valid: true, parts: 2 }]);
  });

  it('rejects swapped coordinates and changes nothing', async () => {
    const before = await snapshot();
    const swapped: Polygon = {
      type: 'Polygon',
      coordinates: [square.coordinates[0]?.map(([lon, lat]) => [lat as number, lon as number]) ?? []],
    };
    const result = await importBoundaries(
      handle.database,
      collection(feature('320509001002', '北门社区', swapped)),
      options,
      logger,
    );

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { feature: 1, code: '320509001002', problem: 'COORDINATES_SWAPPED', params: { lon: 31.15, lat: 120.6 } },
    ]);
    expect(await snapshot()).toBe(before);
  });

  it('rejects an unknown parent code and changes nothing', async () => {
    const before = await snapshot();
    const result = await importBoundaries(
      handle.database,
      collection(feature('320509001003', '三村社区', square), feature('320509999001', '无上级社区', square)),
      options,
      logger,
    );

    expect(result).toEqual({
      ok: false,
      problems: [{ feature: 2, code: '320509999001', problem: 'UNKNOWN_PARENT', params: { parent: '320509999' } }],
    });
    expect(await snapshot()).toBe(before);
  });

  it('converts a GCJ-02 file to WGS84', async () => {
    const gcj02 = geometryFromWgs84(square, 'GCJ02');
    // GCJ-02 shifts this area by several hundred metres, so an unconverted import would land far away.
    expect(Math.abs((gcj02.coordinates[0]?.[0]?.[0] as number) - 120.6)).toBeGreaterThan(0.003);

    const result = await importBoundaries(
      handle.database,
      collection(feature('320509001004', '二村社区居委会', gcj02)),
      { ...options, crs: 'GCJ02' },
      logger,
    );
    expect(result.ok).toBe(true);

    const { rows } = await handle.database.query<{ metres: number }>(
      `SELECT ST_Distance(ST_Centroid(boundary)::geography, ST_SetSRID(ST_MakePoint(120.6005, 31.1505), 4326)::geography)
              AS metres
       FROM governance.org_units WHERE code = '320509001004'`,
    );
    expect(rows[0]?.metres).toBeLessThan(1);
  });

  it('lists every bad feature of a file at once', async () => {
    const before = await snapshot();
    const unclosed: Polygon = { type: 'Polygon', coordinates: [(square.coordinates[0] ?? []).slice(0, 4)] };
    const outOfRange: Polygon = {
      type: 'Polygon',
      coordinates: [square.coordinates[0]?.map(([lon, lat]) => [(lon as number) + 100, lat as number]) ?? []],
    };
    const outsideChina: Polygon = {
      type: 'Polygon',
      coordinates: [square.coordinates[0]?.map(([lon, lat]) => [(lon as number) - 110, lat as number]) ?? []],
    };
    const result = await importBoundaries(
      handle.database,
      collection(
        feature('320509001005', '东门社区', unclosed),
        feature('320509001006', '城中社区', outOfRange),
        feature('32050900100X', '坏代码', square),
        feature('320509001007', '', square),
        feature('320509001008', '层级错', square, 'STREET'),
        feature('320509001009', '境外', outsideChina),
        {
          type: 'Feature',
          properties: { code: '320509001010', name: '点' },
          geometry: { type: 'Point', coordinates: [120.6, 31.15] },
        },
        feature('330000', '未知区县', square),
      ),
      options,
      logger,
    );

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => [problem.feature, problem.problem])).toEqual([
      [1, 'RING_NOT_CLOSED'],
      [2, 'COORDINATE_OUT_OF_RANGE'],
      [3, 'INVALID_CODE'],
      [4, 'INVALID_NAME'],
      [5, 'LEVEL_MISMATCH'],
      [6, 'OUTSIDE_CHINA'],
      [7, 'INVALID_GEOMETRY_TYPE'],
    ]);
    expect(await snapshot()).toBe(before);
  });

  it('rejects a district outside the jurisdiction', async () => {
    const before = await snapshot();
    const result = await importBoundaries(
      handle.database,
      collection(feature('330000', '未知区县', square)),
      options,
      logger,
    );
    expect(result).toEqual({
      ok: false,
      problems: [{ feature: 1, code: '330000', problem: 'UNKNOWN_DISTRICT', params: { value: '330000' } }],
    });
    expect(await snapshot()).toBe(before);
  });

  it('rejects input that is not a FeatureCollection', async () => {
    for (const input of [null, 42, { type: 'Feature' }, { type: 'FeatureCollection', features: [] }]) {
      const result = await importBoundaries(handle.database, input, options, logger);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.problems[0]?.problem).toBe('INVALID_FILE');
    }
  });

  it('changes nothing on a dry run', async () => {
    const before = await snapshot();
    const street = await storedBoundary('320509003');
    const result = await importBoundaries(
      handle.database,
      collection(feature('320509003', '八坼街道', street)),
      { ...options, dryRun: true },
      logger,
    );
    expect(result.ok).toBe(true);
    expect(await snapshot()).toBe(before);
  });
});
