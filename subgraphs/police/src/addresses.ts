import {
  assertFirst,
  decodeCursor,
  encodeCursor,
  groupBy,
  type Page,
  pageOf,
  requestListLoader,
  requestLoader,
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
 * Counts the addresses of each org unit and everything below it. Addresses record only their community, so a grid
 * counts none.
 */
export function addressCountLoader(context: SubgraphContext) {
  return requestLoader<string, number>(context, 'addressCount', async (codes) => {
    const { rows } = await context.database.query<{ code: string; count: number }>(
      `SELECT unit.code,
              (SELECT count(*) FROM police.addresses WHERE community_code LIKE unit.code || '%')::integer AS count
       FROM unnest($1::text[]) AS unit(code)`,
      [codes],
    );
    return new Map(rows.map((row) => [row.code, row.count]));
  });
}

/**
 * Loads one page of addresses, ordered by id, for each org unit of the batch. All units of one request that request
 * the same page size and cursor share one statement.
 */
function addressPageLoader(context: SubgraphContext, first: number, afterId: string | null) {
  return requestListLoader<string, AddressRow>(context, `addressPage:${first}:${afterId ?? ''}`, async (codes) => {
    const { rows } = await context.database.query<AddressRow & { unitCode: string }>(
      `SELECT unit.code AS "unitCode", address.*
       FROM unnest($1::text[]) AS unit(code)
       CROSS JOIN LATERAL (
         SELECT ${COLUMNS} FROM police.addresses
         WHERE community_code LIKE unit.code || '%' AND ($2::text IS NULL OR id > $2::text)
         ORDER BY id LIMIT $3
       ) AS address`,
      [codes, afterId, first + 1],
    );
    return groupBy(rows, (row) => row.unitCode);
  });
}

export interface AddressConnection extends Page<AddressRow> {
  totalCount: () => Promise<number>;
}

/** Loads one page of the addresses of an org unit (already validated) and everything below it. */
export async function addressConnection(
  context: SubgraphContext,
  orgUnitCode: string,
  args: { first: number; after?: string | null },
): Promise<AddressConnection> {
  assertFirst(args.first, MAX_ADDRESS_PAGE);
  const afterId = args.after ? (decodeCursor(CURSOR_KIND, args.after, 1)[0] as string) : null;
  const rows = await addressPageLoader(context, args.first, afterId).load(orgUnitCode);
  const page = pageOf(
    rows,
    args.first,
    (row) => encodeCursor(CURSOR_KIND, [row.id]),
    (row) => row,
  );
  // The count runs only when the query selects totalCount, because the default resolver calls this function.
  return { ...page, totalCount: async () => (await addressCountLoader(context).load(orgUnitCode)) ?? 0 };
}
