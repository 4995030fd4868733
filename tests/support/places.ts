/** Places in the demo jurisdiction that tests report from. */
import type { Queryable } from '@lianfang/db';

export type Point = [number, number];

/** Returns a point that surely lies inside the org unit (PostGIS `ST_PointOnSurface` of its boundary), as [lon, lat]. */
export async function pointInside(database: Queryable, code: string): Promise<Point> {
  const { rows } = await database.query<{ x: number; y: number }>(
    `SELECT ST_X(p) AS x, ST_Y(p) AS y
     FROM (SELECT ST_PointOnSurface(boundary) AS p FROM governance.org_units WHERE code = $1) s`,
    [code],
  );
  const row = rows[0];
  if (!row) throw new Error(`No org unit ${code} in the test database`);
  return [row.x, row.y];
}
