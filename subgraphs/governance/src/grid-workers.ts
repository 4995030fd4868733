import { badUserInput, groupBy, requestListLoader, requestLoader, type SubgraphContext } from '@lianfang/subgraph-kit';

interface GridWorkerRow {
  id: string;
  name: string;
  phone: string;
  grid_code: string;
}

const MAX_WORKERS = 500;

/** Loads the grid workers of each unit and everything below it (codes are prefixes of their descendants). */
export function gridWorkersLoader(context: SubgraphContext, first: number) {
  if (!Number.isInteger(first) || first < 1 || first > MAX_WORKERS) {
    throw badUserInput(`first 须为 1 到 ${MAX_WORKERS} 之间的整数，收到 ${first}`, { argument: 'first' });
  }
  return requestListLoader<string, GridWorkerRow>(context, `gridWorkers:${first}`, async (codes) => {
    const { rows } = await context.database.query<GridWorkerRow & { unit_code: string }>(
      `SELECT unit.code AS unit_code, worker.id, worker.name, worker.phone, worker.grid_code
       FROM unnest($1::text[]) AS unit(code)
       CROSS JOIN LATERAL (
         SELECT id, name, phone, grid_code FROM governance.grid_workers
         WHERE grid_code LIKE unit.code || '%' ORDER BY grid_code, id LIMIT $2
       ) AS worker`,
      [codes, first],
    );
    return groupBy(rows, (row) => row.unit_code);
  });
}

/**
 * Grid workers as the API shows them. Name and phone are raw: the schema's `@personal` rules mask them for callers
 * who may not read them.
 */
export function presentGridWorker(row: GridWorkerRow) {
  return { id: row.id, name: row.name, phone: row.phone, gridCode: row.grid_code };
}

export async function gridWorkerById(context: SubgraphContext, id: string) {
  const loader = requestLoader<string, GridWorkerRow>(context, 'gridWorkerById', async (ids) => {
    const { rows } = await context.database.query<GridWorkerRow>(
      'SELECT id, name, phone, grid_code FROM governance.grid_workers WHERE id = ANY($1)',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  });
  const row = await loader.load(id);
  return row ? presentGridWorker(row) : null;
}
