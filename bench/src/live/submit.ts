/** Report submission of the live section: the web app's SubmitReport mutation, or an SQL insert as a fallback. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Database, workspaceRoot } from '@lianfang/db';
import { parse } from 'graphql';

/** Grid of the reporting grid worker (the demo's first grid of 吴江区) and its street, where the commander works. */
export const GRID_CODE = '320509001001001';
export const STREET_CODE = '320509001';

export type SubmitSource = 'mutation' | 'sql';

/** Writes one report and resolves to the new event's id once the write has returned. */
export type Submit = (index: number) => Promise<string>;

/** Returns the text of the web app's persisted operation `name` from web/dist/persisted-operations.json. */
export function persistedOperation(name: string): string {
  const file = join(workspaceRoot, 'web', 'dist', 'persisted-operations.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  for (const text of Object.values(manifest)) {
    for (const definition of parse(text).definitions) {
      if (definition.kind === 'OperationDefinition' && definition.name?.value === name) return text;
    }
  }
  throw new Error(`No persisted operation named ${name} in ${file}; run pnpm run web:build`);
}

/** Returns a point inside the grid, in WGS84, where the grid worker's reports are placed. */
export async function pointInGrid(database: Database): Promise<{ longitude: number; latitude: number }> {
  const { rows } = await database.query<{ longitude: number; latitude: number }>(
    `SELECT ST_X(point) AS longitude, ST_Y(point) AS latitude
     FROM (SELECT ST_PointOnSurface(boundary) AS point FROM governance.org_units WHERE code = $1) AS grid`,
    [GRID_CODE],
  );
  const point = rows[0];
  if (!point) throw new Error(`Org unit ${GRID_CODE} has no boundary; load the jurisdictions first`);
  return point;
}

/** Submits reports through the gateway's `/graphql` with SubmitReport, as the mobile report page does. */
export function mutationSubmit(
  gatewayUrl: string,
  authorization: string,
  point: { longitude: number; latitude: number },
  runId: string,
): Submit {
  const query = persistedOperation('SubmitReport');
  return async (index) => {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({
        query,
        variables: {
          input: {
            idempotencyKey: `bench-${runId}-${index}`,
            description: `基准测试上报 ${index}：楼上深夜噪声扰民`,
            location: { ...point, crs: 'WGS84', source: 'DEVICE' },
          },
        },
      }),
    });
    const body = (await response.json()) as {
      data?: { submitReport?: { event?: { id?: string } } };
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const id = body.data?.submitReport?.event?.id;
    if (!id) {
      const error = body.errors?.[0];
      throw new Error(`SubmitReport failed with HTTP ${response.status}: ${error?.extensions?.code} ${error?.message}`);
    }
    return id;
  };
}

/**
 * Inserts events by SQL into governance.events, which fires the same notification trigger as the mutation. It
 * measures the path from the database to the subscriber without the subgraph's dispatching.
 */
export function sqlSubmit(database: Database, point: { longitude: number; latitude: number }, runId: string): Submit {
  return async (index) => {
    const id = `bench-${runId}-${index}`;
    await database.query(
      `INSERT INTO governance.events (id, source, category, severity, description, location, input_crs,
         location_source, org_unit_code, status, reported_by, reporter_name, reporter_org_unit)
       VALUES ($1, 'GRID_REPORT', 'NOISE_DISPUTE', 'MINOR', $2, ST_SetSRID(ST_MakePoint($3, $4), 4326), 'WGS84',
         'DEVICE', $5, 'REPORTED', 'bench.grid.worker', '基准测试网格员', $5)`,
      [id, `基准测试上报 ${index}：楼上深夜噪声扰民`, point.longitude, point.latitude, GRID_CODE],
    );
    return id;
  };
}
