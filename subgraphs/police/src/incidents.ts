import {
  assertFirst,
  assertMetresInRange,
  assertOrgUnitCode,
  assertPoint,
  assertWithinJurisdiction,
  type Bbox,
  badUserInput,
  decodeCursor,
  encodeCursor,
  groupBy,
  jurisdictionPattern,
  type Page,
  pageOf,
  parseBbox,
  parseSearchArea,
  parseTimeRange,
  requestListLoader,
  requestLoader,
  type SearchArea,
  type SubgraphContext,
  type TimeRange,
  timeRangeParams,
} from '@lianfang/subgraph-kit';

/** Incident row as the resolvers receive it, with `location` as GeoJSON text. */
export interface IncidentRow {
  id: string;
  category: string;
  occurredAt: Date;
  status: string;
  location: string;
  orgUnitCode: string;
  addressId: string | null;
  /** `RECEPTION` or `VIDEO`. */
  source: string;
  patrolZoneId: string | null;
  /** `occurred_at` in UTC with microseconds, the exact keyset value for cursors. */
  cursorTime: string;
}

export const INCIDENT_COLUMNS = `id, category, occurred_at AS "occurredAt", status, ST_AsGeoJSON(location, 7) AS location,
  org_unit_code AS "orgUnitCode", address_id AS "addressId", source, patrol_zone_id AS "patrolZoneId",
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorTime"`;
const CURSOR_KIND = 'incident';
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
export const MAX_INCIDENT_PAGE = 1000;
export const NEAR_RADIUS_METRES = { min: 1, max: 20_000 } as const;

/**
 * Filter shared by the page, the count and the grid: $1 org unit prefix, $2/$3 time window, $4..$7 bounding box,
 * $8 categories, $9 search area as GeoJSON. A null parameter drops its condition. The statement is unnamed, so
 * PostgreSQL plans it with the bound values and can use the location, org unit and time indexes.
 */
export const INCIDENT_FILTER = `org_unit_code LIKE $1::text || '%'
  AND ($2::timestamptz IS NULL OR occurred_at >= $2::timestamptz)
  AND ($3::timestamptz IS NULL OR occurred_at < $3::timestamptz)
  AND ($4::float8 IS NULL OR location && ST_MakeEnvelope($4::float8, $5::float8, $6::float8, $7::float8, 4326))
  AND ($8::text[] IS NULL OR category = ANY($8::text[]))
  AND ($9::text IS NULL OR ST_Intersects(location, ST_SetSRID(ST_GeomFromGeoJSON($9::text), 4326)))`;

/** Validated values of `INCIDENT_FILTER`. */
export interface IncidentFilter {
  orgUnit: string;
  range: TimeRange;
  bbox?: Bbox;
  /** Categories to keep. Undefined keeps all, and an empty list keeps none. */
  categories?: readonly string[];
  area?: SearchArea;
}

/** Parameters $1..$9 of `INCIDENT_FILTER`. */
export function incidentFilterParams(filter: IncidentFilter): unknown[] {
  return [
    filter.orgUnit,
    ...timeRangeParams(filter.range),
    ...(filter.bbox ?? [null, null, null, null]),
    filter.categories ?? null,
    filter.area?.geojson ?? null,
  ];
}

export function incidentLoader(context: SubgraphContext) {
  return requestLoader<string, IncidentRow>(context, 'incidentById', async (ids) => {
    const { rows } = await context.database.query<IncidentRow>(
      `SELECT ${INCIDENT_COLUMNS} FROM police.incidents WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  });
}

export interface IncidentSearchArgs {
  orgUnit: string;
  from?: Date | null;
  to?: Date | null;
  bbox?: number[] | null;
  first: number;
  after?: string | null;
  categories?: string[] | null;
  within?: unknown;
}

function decodeIncidentCursor(after: string): [string, string] {
  const [time, id] = decodeCursor(CURSOR_KIND, after, 2) as [string, string];
  // A round trip through Date rejects impossible dates such as 02-30, which PostgreSQL would fail to cast.
  const parsed = new Date(time);
  if (
    !CURSOR_TIME.test(time) ||
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 19) !== time.slice(0, 19)
  ) {
    throw badUserInput(
      `after 游标无效，收到 ${JSON.stringify(after.slice(0, 100))}；请传上一页 pageInfo.endCursor 的原值`,
      {
        argument: 'after',
      },
    );
  }
  return [time, id];
}

export interface IncidentConnection extends Page<IncidentRow> {
  totalCount: () => Promise<number>;
}

/**
 * Searches the incidents of an org unit and everything below it, newest first. Pages are keyset pages on
 * (occurred_at DESC, id DESC), so rows inserted while a client pages do not shift later pages.
 */
export async function searchIncidents(context: SubgraphContext, args: IncidentSearchArgs): Promise<IncidentConnection> {
  assertOrgUnitCode(args.orgUnit);
  assertWithinJurisdiction(context, args.orgUnit, 'Query.incidents');
  assertFirst(args.first, MAX_INCIDENT_PAGE);
  const range = parseTimeRange(args);
  const bbox = parseBbox(args.bbox);
  const [afterTime, afterId] = args.after ? decodeIncidentCursor(args.after) : [null, null];
  const area = await parseSearchArea(context, args.within);
  const params = incidentFilterParams({
    orgUnit: args.orgUnit,
    range,
    bbox,
    categories: args.categories ?? undefined,
    area,
  });

  const { rows } = await context.database.query<IncidentRow>(
    `SELECT ${INCIDENT_COLUMNS} FROM police.incidents
     WHERE ${INCIDENT_FILTER} AND ($10::timestamptz IS NULL OR (occurred_at, id) < ($10::timestamptz, $11::text))
     ORDER BY occurred_at DESC, id DESC LIMIT $12`,
    [...params, afterTime, afterId, args.first + 1],
  );
  const page = pageOf(
    rows,
    args.first,
    (row) => encodeCursor(CURSOR_KIND, [row.cursorTime, row.id]),
    (row) => row,
  );
  // The count runs only when the query selects totalCount, because the default resolver calls this function.
  const totalCount = async () => {
    const result = await context.database.query<{ count: number }>(
      `SELECT count(*)::integer AS count FROM police.incidents WHERE ${INCIDENT_FILTER}`,
      params,
    );
    return result.rows[0]?.count ?? 0;
  };
  return { ...page, totalCount };
}

export interface IncidentsNearArgs {
  lon: number;
  lat: number;
  radiusMetres: number;
  from?: Date | null;
  to?: Date | null;
  first: number;
}

/**
 * Lists the incidents within `radiusMetres` of a point, nearest first, measured on the ellipsoid. Only incidents of
 * the caller's jurisdiction are listed, so a circle that reaches into a neighbouring unit shows none of its rows.
 */
export async function incidentsNear(context: SubgraphContext, args: IncidentsNearArgs): Promise<IncidentRow[]> {
  assertPoint(args.lon, args.lat);
  assertMetresInRange(args.radiusMetres, NEAR_RADIUS_METRES.min, NEAR_RADIUS_METRES.max);
  assertFirst(args.first, MAX_INCIDENT_PAGE);
  const range = parseTimeRange(args);
  const { rows } = await context.database.query<IncidentRow>(
    `WITH centre AS (SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)::geography AS point)
     SELECT ${INCIDENT_COLUMNS} FROM police.incidents, centre
     WHERE ST_DWithin(location::geography, centre.point, $3::float8)
       AND ($4::timestamptz IS NULL OR occurred_at >= $4::timestamptz)
       AND ($5::timestamptz IS NULL OR occurred_at < $5::timestamptz)
       AND org_unit_code LIKE $7::text
     ORDER BY ST_Distance(location::geography, centre.point), id LIMIT $6`,
    [args.lon, args.lat, args.radiusMetres, ...timeRangeParams(range), args.first, jurisdictionPattern(context)],
  );
  return rows;
}

export interface NearbyIncidentsArgs {
  radiusMetres: number;
  from?: Date | null;
  to?: Date | null;
  first: number;
}

/**
 * Loads the incidents within `radiusMetres` of each address, nearest first, with the distance, order and
 * jurisdiction filter of `incidentsNear`. All addresses of one request with the same arguments share one statement.
 */
export function nearbyIncidentsLoader(context: SubgraphContext, args: NearbyIncidentsArgs) {
  assertMetresInRange(args.radiusMetres, NEAR_RADIUS_METRES.min, NEAR_RADIUS_METRES.max);
  assertFirst(args.first, MAX_INCIDENT_PAGE);
  const [from, to] = timeRangeParams(parseTimeRange(args));
  const name = `nearbyIncidents:${args.radiusMetres}:${from}:${to}:${args.first}`;
  return requestListLoader<string, IncidentRow>(context, name, async (addressIds) => {
    // Inside the LATERAL subquery the unqualified columns of INCIDENT_COLUMNS resolve to the incident, because
    // PostgreSQL looks in the innermost FROM first.
    const { rows } = await context.database.query<IncidentRow & { nearAddressId: string }>(
      `SELECT address.id AS "nearAddressId", nearby.*
       FROM police.addresses AS address
       CROSS JOIN LATERAL (
         SELECT ${INCIDENT_COLUMNS},
                ST_Distance(incident.location::geography, address.location::geography) AS "distanceMetres"
         FROM police.incidents AS incident
         WHERE ST_DWithin(incident.location::geography, address.location::geography, $2::float8)
           AND ($3::timestamptz IS NULL OR incident.occurred_at >= $3::timestamptz)
           AND ($4::timestamptz IS NULL OR incident.occurred_at < $4::timestamptz)
           AND incident.org_unit_code LIKE $6::text
         ORDER BY "distanceMetres", incident.id
         LIMIT $5
       ) AS nearby
       WHERE address.id = ANY($1::text[])
       ORDER BY address.id, nearby."distanceMetres", nearby.id`,
      [addressIds, args.radiusMetres, from, to, args.first, jurisdictionPattern(context)],
    );
    return groupBy(rows, (row) => row.nearAddressId);
  });
}

/** Counts the incidents of each org unit and everything below it within one time window. */
export function incidentCountLoader(context: SubgraphContext, range: TimeRange) {
  const [from, to] = timeRangeParams(range);
  return requestLoader<string, number>(context, `incidentCount:${from}:${to}`, async (codes) => {
    const { rows } = await context.database.query<{ code: string; count: number }>(
      `SELECT unit.code, (
         SELECT count(*) FROM police.incidents
         WHERE org_unit_code LIKE unit.code || '%'
           AND ($2::timestamptz IS NULL OR occurred_at >= $2::timestamptz)
           AND ($3::timestamptz IS NULL OR occurred_at < $3::timestamptz)
       )::integer AS count
       FROM unnest($1::text[]) AS unit(code)`,
      [codes, from, to],
    );
    return new Map(rows.map((row) => [row.code, row.count]));
  });
}
