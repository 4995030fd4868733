/**
 * Imports authoritative boundaries from a GeoJSON FeatureCollection into `governance.org_units`, all features or
 * none: any bad feature rolls the whole import back and the result lists every bad feature with its reason.
 *
 * Each feature needs `properties.code` (division code), `properties.name` and optionally `properties.level`, and
 * a Polygon or MultiPolygon geometry. A known code updates that unit; an unknown code creates a unit when its
 * parent exists in the database or in the same file. Coordinates given in GCJ-02 or BD-09 are converted to
 * WGS84 / CGCS2000 with gcoord. Invalid polygons are rejected, or repaired with `ST_MakeValid` when `repair` is set.
 */
import { geometryToWgs84, type InputCrs } from '../crs.js';
import type { Database, Queryable } from '../database.js';
import { parentCodeOf } from '../jurisdiction/divisions.js';
import type { Logger } from '../logger.js';
import type { NoticeCode } from './messages.js';
import { type CheckedFeature, checkFeatureCollection, type Finding, parentsFirst } from './validate.js';

export type { InputCrs };

export interface BoundaryImportOptions {
  /** Name recorded with the import, usually the file name. */
  sourceName: string;
  crs: InputCrs;
  /** Repair invalid polygons with ST_MakeValid instead of rejecting them. */
  repair: boolean;
  /** Check everything, then roll back. */
  dryRun?: boolean;
}

export type BoundaryImportResult =
  | { ok: true; created: string[]; updated: string[]; notices: Finding<NoticeCode>[]; importId: number | null }
  | { ok: false; problems: Finding[] };

/** Thrown inside the transaction to roll it back with the findings. */
class ImportRejected extends Error {
  constructor(readonly problems: Finding[]) {
    super('boundary import rejected');
  }
}

class DryRunFinished extends Error {
  constructor(readonly result: BoundaryImportResult) {
    super('dry run finished');
  }
}

async function checkHierarchy(tx: Queryable, features: CheckedFeature[]): Promise<Finding[]> {
  const codes = new Set(features.map((feature) => feature.code));
  const wanted = [
    ...new Set(features.flatMap((feature) => [feature.code, parentCodeOf(feature.code) ?? feature.code])),
  ];
  const { rows } = await tx.query<{ code: string }>('SELECT code FROM governance.org_units WHERE code = ANY($1)', [
    wanted,
  ]);
  const known = new Set(rows.map((row) => row.code));

  const problems: Finding[] = [];
  for (const feature of features) {
    const parent = parentCodeOf(feature.code);
    if (!parent) {
      if (!known.has(feature.code)) {
        problems.push({
          feature: feature.feature,
          code: feature.code,
          problem: 'UNKNOWN_DISTRICT',
          params: { value: feature.code },
        });
      }
    } else if (!known.has(parent) && !codes.has(parent)) {
      problems.push({ feature: feature.feature, code: feature.code, problem: 'UNKNOWN_PARENT', params: { parent } });
    }
  }
  return problems;
}

interface PreparedGeometry {
  feature: number;
  valid: boolean;
  reason: string;
  /** GeoJSON of the geometry to store, repaired when needed; null when repair left no area. */
  stored: string | null;
}

/** Checks each polygon with PostGIS in one statement and computes its repaired form where it is invalid. */
async function prepareGeometries(tx: Queryable, features: CheckedFeature[]): Promise<PreparedGeometry[]> {
  const input = features.map((feature) => ({ feature: feature.feature, geometry: JSON.stringify(feature.geometry) }));
  const { rows } = await tx.query<PreparedGeometry>(
    `WITH input AS (
       SELECT feature, ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326) AS geom
       FROM jsonb_to_recordset($1::jsonb) AS item(feature integer, geometry text)
     ), checked AS (
       SELECT feature, geom, ST_IsValid(geom) AS valid, ST_IsValidReason(geom) AS reason FROM input
     ), repaired AS (
       SELECT feature, valid, reason,
              CASE WHEN valid THEN geom ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) END AS geom
       FROM checked
     )
     SELECT feature, valid, reason,
            CASE WHEN ST_IsEmpty(geom) THEN NULL ELSE ST_AsGeoJSON(ST_Multi(geom)) END AS stored
     FROM repaired ORDER BY feature`,
    [JSON.stringify(input)],
  );
  return rows;
}

async function countApproximateChildren(tx: Queryable, codes: string[]): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ parent_code: string; count: number }>(
    `SELECT parent_code, count(*)::int AS count FROM governance.org_units
     WHERE parent_code = ANY($1) AND approximate AND NOT (code = ANY($1))
     GROUP BY parent_code`,
    [codes],
  );
  return new Map(rows.map((row) => [row.parent_code, row.count]));
}

async function writeUnits(
  tx: Queryable,
  features: CheckedFeature[],
  stored: Map<number, string>,
  sourceName: string,
): Promise<{ created: string[]; updated: string[]; notices: Finding<NoticeCode>[] }> {
  const existing = await tx.query<{ code: string; name: string }>(
    'SELECT code, name FROM governance.org_units WHERE code = ANY($1)',
    [features.map((feature) => feature.code)],
  );
  const previousNames = new Map(existing.rows.map((row) => [row.code, row.name]));
  const notices: Finding<NoticeCode>[] = [];
  const created: string[] = [];
  const updated: string[] = [];

  const rows = parentsFirst(features).map((feature) => {
    const previous = previousNames.get(feature.code);
    if (previous === undefined) created.push(feature.code);
    else updated.push(feature.code);
    if (previous !== undefined && previous !== feature.name) {
      notices.push({
        feature: feature.feature,
        code: feature.code,
        problem: 'NAME_CHANGED',
        params: { previous, value: feature.name },
      });
    }
    return {
      code: feature.code,
      name: feature.name,
      level: feature.level,
      parent_code: parentCodeOf(feature.code) ?? null,
      boundary: stored.get(feature.feature),
    };
  });

  // The foreign key on parent_code is checked at the end of the statement, so a new parent and its new children
  // can arrive in the same statement.
  await tx.query(
    `INSERT INTO governance.org_units (code, name, level, parent_code, boundary, approximate, boundary_source, updated_at)
     SELECT code, name, level, parent_code, ST_SetSRID(ST_GeomFromGeoJSON(boundary), 4326), false, $2, now()
     FROM jsonb_to_recordset($1::jsonb) AS unit(code text, name text, level text, parent_code text, boundary text)
     ON CONFLICT (code) DO UPDATE SET
       name = EXCLUDED.name,
       boundary = EXCLUDED.boundary,
       approximate = false,
       boundary_source = EXCLUDED.boundary_source,
       updated_at = now()`,
    [JSON.stringify(rows), `import:${sourceName}`],
  );

  const approximateChildren = await countApproximateChildren(
    tx,
    features.map((feature) => feature.code),
  );
  for (const feature of features) {
    const count = approximateChildren.get(feature.code);
    if (count)
      notices.push({
        feature: feature.feature,
        code: feature.code,
        problem: 'CHILDREN_APPROXIMATE',
        params: { count },
      });
  }
  return { created, updated, notices };
}

async function runImport(
  tx: Queryable,
  features: CheckedFeature[],
  options: BoundaryImportOptions,
): Promise<BoundaryImportResult> {
  const problems = await checkHierarchy(tx, features);

  const prepared = await prepareGeometries(tx, features);
  const stored = new Map<number, string>();
  const repairs: Finding<NoticeCode>[] = [];
  for (const geometry of prepared) {
    const feature = features.find((candidate) => candidate.feature === geometry.feature) as CheckedFeature;
    const base = { feature: feature.feature, code: feature.code };
    if (geometry.valid) {
      stored.set(feature.feature, geometry.stored as string);
    } else if (!options.repair) {
      problems.push({ ...base, problem: 'INVALID_POLYGON', params: { reason: geometry.reason } });
    } else if (geometry.stored === null) {
      problems.push({ ...base, problem: 'REPAIR_FAILED', params: { reason: geometry.reason } });
    } else {
      stored.set(feature.feature, geometry.stored);
      repairs.push({ ...base, problem: 'REPAIRED', params: { reason: geometry.reason } });
    }
  }
  if (problems.length > 0) throw new ImportRejected(problems);

  const written = await writeUnits(tx, features, stored, options.sourceName);
  const notices = [...repairs, ...written.notices].sort((a, b) => a.feature - b.feature);
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO governance.boundary_imports (source_name, input_crs, feature_count, repaired_count, report)
     VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING id`,
    [options.sourceName, options.crs, features.length, repairs.length, JSON.stringify({ ...written, notices })],
  );
  const result: BoundaryImportResult = { ok: true, ...written, notices, importId: rows[0]?.id ?? null };
  if (options.dryRun) throw new DryRunFinished({ ...result, importId: null });
  return result;
}

/** Validates and imports a parsed GeoJSON FeatureCollection; see the module comment for the rules. */
export async function importBoundaries(
  database: Database,
  input: unknown,
  options: BoundaryImportOptions,
  logger: Logger,
): Promise<BoundaryImportResult> {
  const checked = checkFeatureCollection(input);
  if (checked.problems.length > 0) {
    logger.warn({ source: options.sourceName, problems: checked.problems.length }, 'boundary import rejected');
    return { ok: false, problems: checked.problems };
  }
  const features = checked.features.map((feature) => ({
    ...feature,
    geometry: geometryToWgs84(feature.geometry, options.crs),
  }));

  try {
    const result = await database.transaction((tx) => runImport(tx, features, options));
    if (result.ok) {
      const counts = { created: result.created.length, updated: result.updated.length, notices: result.notices.length };
      logger.info({ source: options.sourceName, importId: result.importId, ...counts }, 'boundaries imported');
    }
    return result;
  } catch (error) {
    if (error instanceof DryRunFinished) return error.result;
    if (error instanceof ImportRejected) {
      logger.warn({ source: options.sourceName, problems: error.problems.length }, 'boundary import rejected');
      return { ok: false, problems: error.problems.sort((a, b) => a.feature - b.feature) };
    }
    throw error;
  }
}
