import {
  assertIntegerInRange,
  groupBy,
  isOwnCity,
  requestListLoader,
  requestLoader,
  type SubgraphContext,
  type TimeRange,
} from '@lianfang/subgraph-kit';
import { sharedIncidentCondition, sharedIncidentPattern, zoneVisibility } from './scope.js';

/** Shared incident row as the resolvers receive it, with `location` as GeoJSON text. */
export interface SharedIncidentRow {
  id: string;
  zoneId: string;
  category: string;
  occurredAt: Date;
  location: string;
  sourceDistrictCode: string;
  /** District of the place of the incident: its police lead the case. */
  leadDistrictCode: string;
  /** District of the suspect's residence when it differs from the lead district: its police assist. */
  assistDistrictCode: string | null;
}

const COLUMNS = `id, zone_id AS "zoneId", category, occurred_at AS "occurredAt", ST_AsGeoJSON(location, 7) AS location,
  source_district_code AS "sourceDistrictCode", incident_district_code AS "leadDistrictCode",
  NULLIF(suspect_residence_district_code, incident_district_code) AS "assistDistrictCode"`;
export const MAX_ZONE_INCIDENTS = 1000;

/** Records which shared incidents a partner city's caller read, so the audit log names them. */
function recordPartnerReads(context: SubgraphContext, coordinate: string, rows: readonly { id: string }[]): void {
  if (isOwnCity(context)) return;
  for (const row of rows) context.access.record(coordinate, row.id, 'RAW');
}

/** Loads shared incidents by id; one in a zone the caller may not see loads as null, like a missing one. */
export function sharedIncidentLoader(context: SubgraphContext) {
  return requestLoader<string, SharedIncidentRow>(context, 'sharedIncidentById', async (ids) => {
    const visible = await zoneVisibility(context);
    const { rows } = await context.database.query<SharedIncidentRow & { zoneDistrictCodes: string[] }>(
      `SELECT ${COLUMNS}, (SELECT zone.district_codes FROM crossborder.border_zones zone WHERE zone.id = incident.zone_id)
                AS "zoneDistrictCodes"
       FROM crossborder.shared_incidents incident WHERE incident.id = ANY($1) AND ${sharedIncidentCondition(2)}`,
      [ids, sharedIncidentPattern(context)],
    );
    const found = rows.filter((row) => visible(row.zoneDistrictCodes));
    recordPartnerReads(context, 'Query._entities', found);
    return new Map(found.map(({ zoneDistrictCodes: _, ...row }) => [row.id, row as SharedIncidentRow]));
  });
}

/** Loads the newest `first` shared incidents of each zone within one time window. */
export function zoneIncidentsLoader(context: SubgraphContext, range: TimeRange, first: number) {
  assertIntegerInRange(first, 1, MAX_ZONE_INCIDENTS, 'first');
  const name = `zoneIncidents:${range.from}:${range.to}:${first}`;
  return requestListLoader<string, SharedIncidentRow>(context, name, async (zoneIds) => {
    const { rows } = await context.database.query<SharedIncidentRow>(
      `SELECT incident.* FROM unnest($1::text[]) AS zone(id)
       CROSS JOIN LATERAL (
         SELECT ${COLUMNS} FROM crossborder.shared_incidents
         WHERE zone_id = zone.id
           AND ($2::timestamptz IS NULL OR occurred_at >= $2::timestamptz)
           AND ($3::timestamptz IS NULL OR occurred_at < $3::timestamptz)
           AND ${sharedIncidentCondition(5)}
         ORDER BY occurred_at DESC, id DESC LIMIT $4
       ) AS incident`,
      [zoneIds, range.from, range.to, first, sharedIncidentPattern(context)],
    );
    recordPartnerReads(context, 'BorderZone.incidents', rows);
    return groupBy(rows, (row) => row.zoneId);
  });
}
