import type { OrgUnitLevel } from '@lianfang/db';
import {
  assertOrgUnitCode,
  groupBy,
  requestListLoader,
  requestLoader,
  type SubgraphContext,
} from '@lianfang/subgraph-kit';

export interface OrgUnitRow {
  code: string;
  name: string;
  level: OrgUnitLevel;
  parent_code: string | null;
  city_name: string | null;
  approximate: boolean;
}

interface GeometryRow {
  code: string;
  boundary: string | null;
  centroid: string | null;
  labelPoint: string | null;
}

const COLUMNS = 'code, name, level, parent_code, city_name, approximate';

export function orgUnitLoader(context: SubgraphContext) {
  return requestLoader<string, OrgUnitRow>(context, 'orgUnitByCode', async (codes) => {
    const { rows } = await context.database.query<OrgUnitRow>(
      `SELECT ${COLUMNS} FROM governance.org_units WHERE code = ANY($1)`,
      [codes],
    );
    return new Map(rows.map((row) => [row.code, row]));
  });
}

export function childrenLoader(context: SubgraphContext) {
  return requestListLoader<string, OrgUnitRow>(context, 'orgUnitChildren', async (codes) => {
    const { rows } = await context.database.query<OrgUnitRow>(
      `SELECT ${COLUMNS} FROM governance.org_units WHERE parent_code = ANY($1) ORDER BY code`,
      [codes],
    );
    return groupBy(rows, (row) => row.parent_code as string);
  });
}

/** Boundaries are large, so they load only when a query selects them. */
export function geometryLoader(context: SubgraphContext) {
  return requestLoader<string, GeometryRow>(context, 'orgUnitGeometry', async (codes) => {
    const { rows } = await context.database.query<GeometryRow>(
      `SELECT code, ST_AsGeoJSON(ST_ForcePolygonCCW(boundary), 7) AS boundary, ST_AsGeoJSON(centroid, 7) AS centroid,
         ST_AsGeoJSON(ST_PointOnSurface(boundary), 7) AS "labelPoint"
       FROM governance.org_units WHERE code = ANY($1)`,
      [codes],
    );
    return new Map(rows.map((row) => [row.code, row]));
  });
}

export async function listOrgUnits(
  context: SubgraphContext,
  filter: { level?: OrgUnitLevel | null; parent?: string | null },
): Promise<OrgUnitRow[]> {
  if (filter.parent) assertOrgUnitCode(filter.parent, 'parent');
  const { rows } = await context.database.query<OrgUnitRow>(
    `SELECT ${COLUMNS} FROM governance.org_units
     WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR parent_code = $2)
     ORDER BY code`,
    [filter.level ?? null, filter.parent ?? null],
  );
  return rows;
}
