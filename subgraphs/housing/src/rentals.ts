import {
  assertFirst,
  assertOrgUnitCode,
  assertWithinJurisdiction,
  decodeCursor,
  encodeCursor,
  type Page,
  pageOf,
  parseBbox,
  requestLoader,
  type SubgraphContext,
} from '@lianfang/subgraph-kit';

interface RentalRow {
  id: string;
  address_id: string;
  rooms: number;
  tenants: number;
  subdivided: boolean;
  landlord_name: string;
  landlord_phone: string;
  inspection_state: string;
  registered_on: string;
  community_code: string;
  location: string;
}

const COLUMNS = `id, address_id, rooms, tenants, subdivided, landlord_name, landlord_phone, inspection_state,
  to_char(registered_on, 'YYYY-MM-DD') AS registered_on, community_code, ST_AsGeoJSON(location, 7) AS location`;
const CURSOR_KIND = 'rental';
export const MAX_RENTAL_PAGE = 1000;

/**
 * A rental registration as the API shows it. Landlord name and phone are raw: the schema's `@personal` rules mask
 * them for callers who may not read them.
 */
export function presentRental(row: RentalRow) {
  return {
    id: row.id,
    addressId: row.address_id,
    rooms: row.rooms,
    tenants: row.tenants,
    subdivided: row.subdivided,
    landlordName: row.landlord_name,
    landlordPhone: row.landlord_phone,
    inspectionState: row.inspection_state,
    registeredOn: row.registered_on,
    communityCode: row.community_code,
    location: row.location,
  };
}

export type Rental = ReturnType<typeof presentRental>;

export function rentalLoader(context: SubgraphContext) {
  return requestLoader<string, Rental>(context, 'rentalById', async (ids) => {
    const { rows } = await context.database.query<RentalRow>(
      `SELECT ${COLUMNS} FROM housing.rentals WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, presentRental(row)]));
  });
}

/** Loads the rental of each address: the latest registration when an address has several. */
export function rentalByAddressLoader(context: SubgraphContext) {
  return requestLoader<string, Rental>(context, 'rentalByAddress', async (addressIds) => {
    const { rows } = await context.database.query<RentalRow>(
      `SELECT DISTINCT ON (address_id) ${COLUMNS} FROM housing.rentals
       WHERE address_id = ANY($1) ORDER BY address_id, registered_on DESC, id DESC`,
      [addressIds],
    );
    return new Map(rows.map((row) => [row.address_id, presentRental(row)]));
  });
}

export interface RentalSearchArgs {
  orgUnit: string;
  subdivided?: boolean | null;
  bbox?: number[] | null;
  first: number;
  after?: string | null;
}

// Filters shared by the page and the count: $1 org unit prefix, $2 subdivided, $3..$6 bounding box.
const FILTER = `community_code LIKE $1::text || '%'
  AND ($2::boolean IS NULL OR subdivided = $2::boolean)
  AND ($3::float8 IS NULL OR location && ST_MakeEnvelope($3::float8, $4::float8, $5::float8, $6::float8, 4326))`;

/** Searches the rentals of an org unit and everything below it, ordered by id, one keyset page at a time. */
export async function searchRentals(context: SubgraphContext, args: RentalSearchArgs) {
  assertOrgUnitCode(args.orgUnit);
  assertWithinJurisdiction(context, args.orgUnit, 'Query.rentals');
  assertFirst(args.first, MAX_RENTAL_PAGE);
  const bbox = parseBbox(args.bbox);
  const afterId = args.after ? (decodeCursor(CURSOR_KIND, args.after, 1)[0] as string) : null;
  const params = [args.orgUnit, args.subdivided ?? null, ...(bbox ?? [null, null, null, null])];

  const { rows } = await context.database.query<RentalRow>(
    `SELECT ${COLUMNS} FROM housing.rentals
     WHERE ${FILTER} AND ($7::text IS NULL OR id > $7::text)
     ORDER BY id LIMIT $8`,
    [...params, afterId, args.first + 1],
  );
  const page: Page<Rental> = pageOf(rows, args.first, (row) => encodeCursor(CURSOR_KIND, [row.id]), presentRental);
  // The count runs only when the query selects totalCount, because the default resolver calls this function.
  const totalCount = async () => {
    const result = await context.database.query<{ count: number }>(
      `SELECT count(*)::integer AS count FROM housing.rentals WHERE ${FILTER}`,
      params,
    );
    return result.rows[0]?.count ?? 0;
  };
  return { ...page, totalCount };
}
