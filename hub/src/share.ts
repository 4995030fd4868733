/**
 * The sharing job of a city that composes another city's cross-border subgraph: it sends the city's own police
 * incidents inside the border zones through its gateway to `shareIncidents`, one district at a time under that
 * district's identity, with a declared purpose as the other city's sharing agreement requires. Sharing is idempotent
 * by incident id, so running it at every start resends nothing new.
 */
import type { Database, Logger } from '@lianfang/db';

interface BorderZone {
  id: string;
  districtCodes: string[];
  band: unknown;
}

interface LocalIncident {
  id: string;
  category: string;
  occurred_at: Date;
  lon: number;
  lat: number;
  org_unit_code: string;
}

const BATCH_SIZE = 2000;
/** Purpose declared with every request of the job; a partner city's request without one is refused. */
const SHARING_PURPOSE = '交界地带警情共享';
// Points closer than this to a band's edge stay local: the receiving side checks containment on its own copy of
// the band, and rounding in the GeoJSON transfer must not turn an edge point into a rejected batch.
const EDGE_MARGIN_METRES = 5;

async function graphql<T>(
  gatewayUrl: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables, extensions: { purpose: SHARING_PURPOSE } }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data)
    throw new Error(body.errors?.map((error) => error.message).join('; ') || `HTTP ${response.status}`);
  return body.data;
}

async function incidentsInZone(database: Database, zone: BorderZone, district: string): Promise<LocalIncident[]> {
  const { rows } = await database.query<LocalIncident>(
    `SELECT id, category, occurred_at, ST_X(location) AS lon, ST_Y(location) AS lat, org_unit_code
     FROM police.incidents
     WHERE left(org_unit_code, 6) = $2
       AND ST_Covers(ST_Buffer(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)::geography, -$3::float8)::geometry, location)
     ORDER BY id`,
    [JSON.stringify(zone.band), district, EDGE_MARGIN_METRES],
  );
  return rows;
}

/** Shares this city's incidents inside every border zone it is a side of; returns the counts the receiver reported. */
export async function shareBorderIncidents(
  database: Database,
  gatewayUrl: string,
  /** Access token of the sharing task for one district, which shares that district's incidents. */
  tokenFor: (district: string) => Promise<string>,
  districts: string[],
  logger: Logger,
) {
  const totals = { accepted: 0, alreadyShared: 0 };
  for (const district of districts) {
    const token = await tokenFor(district);
    // The cross-border subgraph lists to each district's identity only the zones that touch the district.
    const { borderZones } = await graphql<{ borderZones: BorderZone[] }>(
      gatewayUrl,
      token,
      '{ borderZones { id districtCodes band } }',
    );
    for (const zone of borderZones.filter((candidate) => candidate.districtCodes.includes(district))) {
      const incidents = await incidentsInZone(database, zone, district);
      for (let start = 0; start < incidents.length; start += BATCH_SIZE) {
        const batch = incidents.slice(start, start + BATCH_SIZE).map((incident) => ({
          id: incident.id,
          zone: zone.id,
          category: incident.category,
          occurredAt: new Date(incident.occurred_at).toISOString(),
          lon: incident.lon,
          lat: incident.lat,
          incidentDistrictCode: district,
          orgUnit: incident.org_unit_code,
        }));
        const { shareIncidents } = await graphql<{ shareIncidents: typeof totals }>(
          gatewayUrl,
          token,
          `mutation Share($district: ID!, $incidents: [SharedIncidentInput!]!) {
             shareIncidents(sourceDistrict: $district, incidents: $incidents) { accepted alreadyShared }
           }`,
          { district, incidents: batch },
        );
        totals.accepted += shareIncidents.accepted;
        totals.alreadyShared += shareIncidents.alreadyShared;
      }
    }
  }
  logger.info({ ...totals }, 'border incidents shared');
  return totals;
}
