import {
  assertFirst,
  assertOrgUnitCode,
  assertWithinJurisdiction,
  requestLoader,
  type SubgraphContext,
} from '@lianfang/subgraph-kit';

/** Camera row as the resolvers receive it, with `location` as GeoJSON text. */
export interface CameraRow {
  id: string;
  name: string;
  location: string;
  orgUnitCode: string;
  installedAt: Date;
}

export const CAMERA_COLUMNS = `id, name, ST_AsGeoJSON(location, 7) AS location, org_unit_code AS "orgUnitCode",
  installed_at AS "installedAt"`;

export const MAX_CAMERA_PAGE = 5000;

export function cameraLoader(context: SubgraphContext) {
  return requestLoader<string, CameraRow>(context, 'cameraById', async (ids) => {
    const { rows } = await context.database.query<CameraRow>(
      `SELECT ${CAMERA_COLUMNS} FROM police.cameras WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  });
}

/** Lists the cameras of an org unit and everything below it, ordered by id. */
export async function listCameras(
  context: SubgraphContext,
  args: { orgUnit: string; first: number },
): Promise<CameraRow[]> {
  assertOrgUnitCode(args.orgUnit);
  assertWithinJurisdiction(context, args.orgUnit, 'Query.cameras');
  assertFirst(args.first, MAX_CAMERA_PAGE);
  const { rows } = await context.database.query<CameraRow>(
    `SELECT ${CAMERA_COLUMNS} FROM police.cameras WHERE org_unit_code LIKE $1::text || '%' ORDER BY id LIMIT $2`,
    [args.orgUnit, args.first],
  );
  return rows;
}
