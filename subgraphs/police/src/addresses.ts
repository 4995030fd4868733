import {
  assertFirst,
  type Bbox,
  decodeCursor,
  encodeCursor,
  groupBy,
  type Page,
  pageOf,
  requestListLoader,
  requestLoader,
  type SearchArea,
  type SubgraphContext,
} from '@lianfang/subgraph-kit';

/** Standard address row as the resolvers receive it, with `location` as GeoJSON text. */
export interface AddressRow {
  id: string;
  text: string;
  location: string;
  communityCode: string;
}

const COLUMNS = `id, text, ST_AsGeoJSON(location, 7) AS location, community_code AS "communityCode"`;
const CURSOR_KIND = 'address';
export const MAX_ADDRESS_PAGE = 1000;

/** Validated spatial filter of an address list. An absent member drops its condition. */
export interface AddressFilter {
  bbox?: Bbox;
  area?: SearchArea;
}

const NO_FILTER: AddressFilter = {};

// Spatial filter shared by the page and the count: $2..$5 bounding box, $6 search area as GeoJSON.
const AREA_FILTER = `($2::float8 IS NULL OR location && ST_MakeEnvelope($2::float8, $3::float8, $4::float8, $5::float8, 4326))
  AND ($6::text IS NULL OR ST_Intersects(location, ST_SetSRID(ST_GeomFromGeoJSON($6::text), 4326)))`;

function areaFilterParams(filter: AddressFilter): unknown[] {
  return [...(filter.bbox ?? [null, null, null, null]), filter.area?.geojson ?? null];
}

/** Loader name suffix that keeps requests with different filters in different loaders. */
function filterKey(filter: AddressFilter): string {
  return filter.bbox || filter.area ? JSON.stringify([filter.bbox ?? null, filter.area?.geojson ?? null]) : '';
}

export function addressLoader(context: SubgraphContext) {
  return requestLoader<string, AddressRow>(context, 'addressById', async (ids) => {
    const { rows } = await context.database.query<AddressRow>(
      `SELECT ${COLUMNS} FROM police.addresses WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  });
}

/**
 * Counts the addresses of each org unit and everything below it that pass `filter`. Addresses record only their
 * community, so a grid counts none.
 */
export function addressCountLoader(context: SubgraphContext, filter: AddressFilter = NO_FILTER) {
  return requestLoader<string, number>(context, `addressCount:${filterKey(filter)}`, async (codes) => {
    const { rows } = await context.database.query<{ code: string; count: number }>(
      `SELECT unit.code, (
         SELECT count(*) FROM police.addresses WHERE community_code LIKE unit.code || '%' AND ${AREA_FILTER}
       )::integer AS count
       FROM unnest($1::text[]) AS unit(code)`,
      [codes, ...areaFilterParams(filter)],
    );
    return new Map(rows.map((row) => [row.code, row.count]));
  });
}

/**
 * Loads one page of addresses, ordered by id, for each org unit of the batch. All units of one request that request
 * the same page size and cursor share one statement.
 */
function addressPageLoader(context: SubgraphContext, first: number, afterId: string | null, filter: AddressFilter) {
  const name = `addressPage:${first}:${afterId ?? ''}:${filterKey(filter)}`;
  return requestListLoader<string, AddressRow>(context, name, async (codes) => {
    const { rows } = await context.database.query<AddressRow & { unitCode: string }>(
      `SELECT unit.code AS "unitCode", address.*
       FROM unnest($1::text[]) AS unit(code)
       CROSS JOIN LATERAL (
         SELECT ${COLUMNS} FROM police.addresses
         WHERE community_code LIKE unit.code || '%' AND ${AREA_FILTER} AND ($7::text IS NULL OR id > $7::text)
         ORDER BY id LIMIT $8
       ) AS address`,
      [codes, ...areaFilterParams(filter), afterId, first + 1],
    );
    return groupBy(rows, (row) => row.unitCode);
  });
}

export interface AddressConnection extends Page<AddressRow> {
  totalCount: () => Promise<number>;
}

/**
 * Loads one page of the addresses of an org unit (already validated) and everything below it that pass `filter`
 * (already validated).
 */
export async function addressConnection(
  context: SubgraphContext,
  orgUnitCode: string,
  args: { first: number; after?: string | null },
  filter: AddressFilter = NO_FILTER,
): Promise<AddressConnection> {
  assertFirst(args.first, MAX_ADDRESS_PAGE);
  const afterId = args.after ? (decodeCursor(CURSOR_KIND, args.after, 1)[0] as string) : null;
  const rows = await addressPageLoader(context, args.first, afterId, filter).load(orgUnitCode);
  const page = pageOf(
    rows,
    args.first,
    (row) => encodeCursor(CURSOR_KIND, [row.id]),
    (row) => row,
  );
  // The count runs only when the query selects totalCount, because the default resolver calls this function.
  return { ...page, totalCount: async () => (await addressCountLoader(context, filter).load(orgUnitCode)) ?? 0 };
}
