import {
  assertFirst,
  assertOrgUnitCode,
  assertWithinJurisdiction,
  decodeCursor,
  encodeCursor,
  groupBy,
  type Page,
  pageOf,
  requestListLoader,
  requestLoader,
  type SubgraphContext,
} from '@lianfang/subgraph-kit';
import { assertCreditCode } from './arguments.js';

/** Enterprise row as the resolvers receive it, with `location` as GeoJSON text. */
export interface EnterpriseRow {
  creditCode: string;
  name: string;
  status: string;
  registeredOn: string;
  addressId: string;
  communityCode: string;
  location: string;
}

const COLUMNS = `credit_code AS "creditCode", name, status, to_char(registered_on, 'YYYY-MM-DD') AS "registeredOn",
  address_id AS "addressId", community_code AS "communityCode", ST_AsGeoJSON(location, 7) AS location`;
const CURSOR_KIND = 'enterprise';
export const MAX_ENTERPRISE_PAGE = 1000;

export function enterpriseLoader(context: SubgraphContext) {
  return requestLoader<string, EnterpriseRow>(context, 'enterpriseByCreditCode', async (codes) => {
    const { rows } = await context.database.query<EnterpriseRow>(
      `SELECT ${COLUMNS} FROM market.enterprises WHERE credit_code = ANY($1)`,
      [codes],
    );
    return new Map(rows.map((row) => [row.creditCode, row]));
  });
}

/** Looks up one enterprise by a credit code that must be well formed, with a valid check character. */
export function enterpriseByCreditCode(context: SubgraphContext, creditCode: string) {
  assertCreditCode(creditCode);
  return enterpriseLoader(context).load(creditCode);
}

/** Loads the enterprises registered at each address, by credit code. */
export function enterprisesByAddressLoader(context: SubgraphContext) {
  return requestListLoader<string, EnterpriseRow>(context, 'enterprisesByAddress', async (addressIds) => {
    const { rows } = await context.database.query<EnterpriseRow>(
      `SELECT ${COLUMNS} FROM market.enterprises WHERE address_id = ANY($1) ORDER BY credit_code`,
      [addressIds],
    );
    return groupBy(rows, (row) => row.addressId);
  });
}

export interface EnterpriseSearchArgs {
  orgUnit: string;
  status?: string | null;
  first: number;
  after?: string | null;
}

// Filters shared by the page and the count: $1 org unit prefix, $2 status.
const FILTER = `community_code LIKE $1::text || '%' AND ($2::text IS NULL OR status = $2::text)`;

/** Searches the enterprises of an org unit and everything below it, ordered by credit code, one keyset page at a time. */
export async function searchEnterprises(context: SubgraphContext, args: EnterpriseSearchArgs) {
  assertOrgUnitCode(args.orgUnit);
  assertWithinJurisdiction(context, args.orgUnit, 'Query.enterprises');
  assertFirst(args.first, MAX_ENTERPRISE_PAGE);
  const afterCode = args.after ? (decodeCursor(CURSOR_KIND, args.after, 1)[0] as string) : null;
  const params = [args.orgUnit, args.status ?? null];

  const { rows } = await context.database.query<EnterpriseRow>(
    `SELECT ${COLUMNS} FROM market.enterprises
     WHERE ${FILTER} AND ($3::text IS NULL OR credit_code > $3::text)
     ORDER BY credit_code LIMIT $4`,
    [...params, afterCode, args.first + 1],
  );
  const page: Page<EnterpriseRow> = pageOf(
    rows,
    args.first,
    (row) => encodeCursor(CURSOR_KIND, [row.creditCode]),
    (row) => row,
  );
  // The count runs only when the query selects totalCount, because the default resolver calls this function.
  const totalCount = async () => {
    const result = await context.database.query<{ count: number }>(
      `SELECT count(*)::integer AS count FROM market.enterprises WHERE ${FILTER}`,
      params,
    );
    return result.rows[0]?.count ?? 0;
  };
  return { ...page, totalCount };
}
