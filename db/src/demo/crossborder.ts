/**
 * Border zones (交界地带) between 吴江区 and its neighbours in 嘉兴市: a band along the shared stretch of the two
 * district outlines, reaching half the band width into each district.
 */
import type { Database, Queryable } from '../database.js';
import { type Bounds, boundsOf } from '../jurisdiction/partition.js';
import type { Logger } from '../logger.js';
import { type MultiPolygon, parseRegion } from './geography.js';

export interface BorderZoneDefinition {
  id: string;
  name: string;
  districtCodes: [string, string];
}

export const BORDER_ZONES: readonly BorderZoneDefinition[] = [
  { id: 'BZ-320509-330421', name: '吴江区—嘉善县交界地带', districtCodes: ['320509', '330421'] },
  { id: 'BZ-320509-330411', name: '吴江区—秀洲区交界地带', districtCodes: ['320509', '330411'] },
];

/** Width of each band in metres, half on either side of the boundary. */
export const BAND_WIDTH_M = 2000;

export interface BorderZone {
  id: string;
  districtCodes: string[];
  band: MultiPolygon;
  bounds: Bounds;
}

/**
 * Computes a band: the lines where the two outlines touch, buffered on the ellipsoid (geography) by half the width
 * and clipped to the two districts. ST_MakeValid repairs the rare clip that leaves a self-touching ring.
 *
 * NOTE: the band is the one value GEOS computes, so another PostGIS or GEOS version may move its edges slightly
 * and change which incidents right at an edge are shared.
 */
const BAND_SQL = `
  WITH pair AS (
    SELECT a.boundary AS a, b.boundary AS b
    FROM governance.org_units a JOIN governance.org_units b ON b.code = $2
    WHERE a.code = $1
  ), shared AS (
    SELECT ST_CollectionExtract(ST_Intersection(ST_Boundary(a), ST_Boundary(b)), 2) AS line, ST_Union(a, b) AS districts
    FROM pair
  ), clipped AS (
    SELECT ST_CollectionExtract(ST_Intersection(ST_Buffer(line::geography, $3::float8)::geometry, districts), 3) AS band
    FROM shared WHERE NOT ST_IsEmpty(line)
  ), valid AS (
    SELECT ST_Multi(CASE WHEN ST_IsValid(band) THEN band ELSE ST_CollectionExtract(ST_MakeValid(band), 3) END) AS band
    FROM clipped
  )
  SELECT ST_AsGeoJSON(band, 15) AS band FROM valid WHERE NOT ST_IsEmpty(band)`;

const INSERT_ZONE_SQL = `
  INSERT INTO crossborder.border_zones (id, name, district_codes, band_width_m, band)
  VALUES ($1, $2, $3::text[], $4, ST_SetSRID(ST_GeomFromGeoJSON($5), 4326))
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

/**
 * Creates the border zones that touch one of `districts` and are missing, when both districts are loaded.
 * Returns the number of zones created.
 */
export async function ensureBorderZones(database: Database, districts: string[], logger: Logger): Promise<number> {
  let created = 0;
  for (const zone of BORDER_ZONES) {
    if (!zone.districtCodes.some((code) => districts.includes(code))) continue;
    const existing = await database.query('SELECT 1 FROM crossborder.border_zones WHERE id = $1', [zone.id]);
    if (existing.rows.length > 0) continue;

    const [first, second] = zone.districtCodes;
    const { rows } = await database.query<{ band: string }>(BAND_SQL, [first, second, BAND_WIDTH_M / 2]);
    const band = rows[0]?.band;
    if (!band) {
      logger.warn({ zone: zone.id }, 'border zone not created: the two districts are not loaded or do not touch');
      continue;
    }
    const inserted = await database.query(INSERT_ZONE_SQL, [
      zone.id,
      zone.name,
      zone.districtCodes,
      BAND_WIDTH_M,
      band,
    ]);
    created += inserted.rows.length;
  }
  return created;
}

/** Reads every border zone, ordered by id, as JavaScript polygons. */
export async function readBorderZones(database: Queryable): Promise<BorderZone[]> {
  const { rows } = await database.query<{ id: string; district_codes: string[]; band: string }>(
    `SELECT id, district_codes, ST_AsGeoJSON(band, 15) AS band FROM crossborder.border_zones ORDER BY id`,
  );
  return rows.flatMap((row) => {
    const band = parseRegion(row.band);
    return band ? [{ id: row.id, districtCodes: row.district_codes, band, bounds: boundsOf(band) }] : [];
  });
}
