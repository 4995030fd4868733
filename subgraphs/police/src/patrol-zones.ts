import { assertOrgUnitCode, requestLoader, type SubgraphContext } from '@lianfang/subgraph-kit';

/** Patrol zone row as the resolvers receive it, with `zone` as GeoJSON text. */
export interface PatrolZoneRow {
  id: string;
  name: string;
  unitName: string;
  shift: string;
  zone: string;
  orgUnitCode: string;
}

const COLUMNS = `id, name, unit_name AS "unitName", shift, ST_AsGeoJSON(ST_ForcePolygonCCW(zone), 7) AS zone,
  org_unit_code AS "orgUnitCode"`;

export function patrolZoneLoader(context: SubgraphContext) {
  return requestLoader<string, PatrolZoneRow>(context, 'patrolZoneById', async (ids) => {
    const { rows } = await context.database.query<PatrolZoneRow>(
      `SELECT ${COLUMNS} FROM police.patrol_zones WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  });
}

/**
 * Lists the patrol zones that cover an org unit. Zones belong to streets, so a district or street gets the zones
 * below it, and a community or grid gets the zones of its street.
 */
export async function listPatrolZones(context: SubgraphContext, orgUnit: string): Promise<PatrolZoneRow[]> {
  assertOrgUnitCode(orgUnit);
  const { rows } = await context.database.query<PatrolZoneRow>(
    `SELECT ${COLUMNS} FROM police.patrol_zones
     WHERE org_unit_code LIKE $1::text || '%' OR $1::text LIKE org_unit_code || '%'
     ORDER BY org_unit_code, id`,
    [orgUnit],
  );
  return rows;
}
