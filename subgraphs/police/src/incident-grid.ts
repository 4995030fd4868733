import {
  assertIntegerInRange,
  assertOrgUnitCode,
  assertWithinJurisdiction,
  type Bbox,
  badUserInput,
  parseBbox,
  parseTimeRange,
  type SubgraphContext,
} from '@lianfang/subgraph-kit';
import {
  INCIDENT_COLUMNS,
  INCIDENT_FILTER,
  type IncidentFilter,
  type IncidentRow,
  incidentFilterParams,
} from './incidents.js';

export const GRID_LIMITS = {
  maxZoom: 22,
  maxPointLimit: 5000,
  /**
   * Grid cells a bbox may span at its zoom: 256 × 256 cells of about 64 px is a 16,384-px square view, far beyond
   * any screen, so only a bbox that does not match its zoom is rejected. The limit bounds the size of a response.
   */
  maxCells: 65_536,
} as const;

export interface IncidentGridArgs {
  orgUnit: string;
  bbox: number[];
  zoom: number;
  from?: Date | null;
  to?: Date | null;
  categories?: string[] | null;
  pointLimit: number;
}

export interface CategoryCount {
  category: string;
  count: number;
}

export interface IncidentCell {
  lon: number;
  lat: number;
  count: number;
  topCategory: string;
  byCategory: CategoryCount[];
}

export interface IncidentGrid {
  totalCount: number;
  cellDegrees: number;
  cells: IncidentCell[];
  /** Resolved only when the query selects the field, so a map that draws cells alone sends one statement. */
  incidents: () => Promise<IncidentRow[]>;
}

/** Cell edge in degrees at a web map zoom: 90° / 2^zoom, which is 64 px on 256-px tiles. */
export function cellDegreesAt(zoom: number): number {
  return 90 / 2 ** zoom;
}

function assertZoom(zoom: number): void {
  if (!Number.isFinite(zoom) || zoom < 0 || zoom > GRID_LIMITS.maxZoom) {
    throw badUserInput(`zoom 须为 0 到 ${GRID_LIMITS.maxZoom} 之间的数字，收到 ${zoom}`, { argument: 'zoom' });
  }
}

/** Rejects a bbox that spans more than `GRID_LIMITS.maxCells` cells of the grid aligned to `cellDegrees`. */
function assertGridSize(bbox: Bbox, cellDegrees: number, zoom: number): void {
  const [west, south, east, north] = bbox;
  const columns = Math.floor(east / cellDegrees) - Math.floor(west / cellDegrees) + 1;
  const rows = Math.floor(north / cellDegrees) - Math.floor(south / cellDegrees) + 1;
  if (columns * rows > GRID_LIMITS.maxCells) {
    throw badUserInput(
      `bbox 在 zoom=${zoom} 下覆盖 ${columns} × ${rows} 个网格单元，超过上限 ${GRID_LIMITS.maxCells}；` +
        '请传当前地图视口的 bbox 和缩放级别，或降低 zoom',
      { argument: 'bbox' },
    );
  }
}

interface CellCategoryRow {
  column: number;
  row: number;
  category: string;
  count: number;
  sumLon: number;
  sumLat: number;
}

/** Orders category counts by count, largest first, and equal counts by category name. */
function compareCategoryCounts(a: CategoryCount, b: CategoryCount): number {
  if (a.count !== b.count) return b.count - a.count;
  if (a.category === b.category) return 0;
  return a.category < b.category ? -1 : 1;
}

/** Builds one cell per (column, row), ordered south to north and then west to east. */
function buildCells(rows: readonly CellCategoryRow[]): IncidentCell[] {
  const cells = new Map<string, { column: number; row: number; sumLon: number; sumLat: number; count: number }>();
  const categories = new Map<string, CategoryCount[]>();
  for (const row of rows) {
    const key = `${row.column}:${row.row}`;
    const cell = cells.get(key) ?? { column: row.column, row: row.row, sumLon: 0, sumLat: 0, count: 0 };
    cell.sumLon += row.sumLon;
    cell.sumLat += row.sumLat;
    cell.count += row.count;
    cells.set(key, cell);
    const counts = categories.get(key) ?? [];
    counts.push({ category: row.category, count: row.count });
    categories.set(key, counts);
  }
  return [...cells.entries()]
    .sort(([, a], [, b]) => a.row - b.row || a.column - b.column)
    .map(([key, cell]) => {
      const byCategory = (categories.get(key) ?? []).sort(compareCategoryCounts);
      return {
        lon: cell.sumLon / cell.count,
        lat: cell.sumLat / cell.count,
        count: cell.count,
        topCategory: (byCategory[0] as CategoryCount).category,
        byCategory,
      };
    });
}

/**
 * Clusters the incidents of an org unit in a viewport on a grid of `90 / 2^zoom` degree cells aligned to multiples
 * of the cell edge, so cells stay put while the map pans. One statement counts every (cell, category); the
 * incidents themselves take a second one, only when selected and when at most `pointLimit` match.
 */
export async function incidentGrid(context: SubgraphContext, args: IncidentGridArgs): Promise<IncidentGrid> {
  assertOrgUnitCode(args.orgUnit);
  assertWithinJurisdiction(context, args.orgUnit, 'Query.incidentGrid');
  const bbox = parseBbox(args.bbox) as Bbox;
  assertZoom(args.zoom);
  assertIntegerInRange(args.pointLimit, 0, GRID_LIMITS.maxPointLimit, 'pointLimit');
  const range = parseTimeRange(args);
  const cellDegrees = cellDegreesAt(args.zoom);
  assertGridSize(bbox, cellDegrees, args.zoom);

  const filter: IncidentFilter = { orgUnit: args.orgUnit, range, bbox, categories: args.categories ?? undefined };
  const params = incidentFilterParams(filter);
  // ST_X/ST_Y are read once per row in the subquery, which OFFSET 0 keeps from being merged into the grouping
  // (where each would be evaluated twice). Grouping by floor(x / edge) needs no geometry per cell.
  const { rows } = await context.database.query<CellCategoryRow>(
    `SELECT floor(lon / $10::float8)::integer AS "column", floor(lat / $10::float8)::integer AS "row", category,
            count(*)::integer AS count, sum(lon) AS "sumLon", sum(lat) AS "sumLat"
     FROM (
       SELECT ST_X(location) AS lon, ST_Y(location) AS lat, category FROM police.incidents
       WHERE ${INCIDENT_FILTER}
       OFFSET 0
     ) AS matching
     GROUP BY 1, 2, 3`,
    [...params, cellDegrees],
  );
  const cells = buildCells(rows);
  const totalCount = cells.reduce((sum, cell) => sum + cell.count, 0);

  const incidents = async () => {
    if (totalCount === 0 || totalCount > args.pointLimit) return [];
    // LIMIT keeps the contract when rows arrive between the two statements.
    const result = await context.database.query<IncidentRow>(
      `SELECT ${INCIDENT_COLUMNS} FROM police.incidents WHERE ${INCIDENT_FILTER}
       ORDER BY occurred_at DESC, id DESC LIMIT $10`,
      [...params, args.pointLimit],
    );
    return result.rows;
  };
  return { totalCount, cellDegrees, cells, incidents };
}
