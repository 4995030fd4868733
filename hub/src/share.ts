/**
 * The sharing job of a city that composes another city's cross-border subgraph: it sends the city's own police
 * incidents inside the border zones through its gateway to `shareIncidents`. Sharing is idempotent by incident id,
 * so running it at every start resends nothing new.
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
  district: string;
}

const BATCH_SIZE = 2000;
// Points closer than this to a band's edge stay local: the receiving side checks containment on its own copy of
// the band, and rounding in the GeoJSON transfer must not turn an edge point into a rejected batch.
const EDGE_MARGIN_METRES = 5;

async function graphql<T>(gatewayUrl: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data)
    throw new Error(body.errors?.map((error) => error.message).join('; ') || `HTTP ${response.status}`);
  return body.data;
}

async function incidentsInZone(database: Database, zone: BorderZone, districts: string[]): Promise<LocalIncident[]> {
  const { rows } = await database.query<LocalIncident>(
    `SELECT id, category, occurred_at, ST_X(location) AS lon, ST_Y(location) AS lat, left(org_unit_code, 6) AS district
     FROM police.incidents
     WHERE left(org_unit_code, 6) = ANY($2)
       AND ST_Covers(ST_Buffer(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)::geography, -$3::float8)::geometry, location)
     ORDER BY id`,
    [JSON.stringify(zone.band), districts.filter((code) => zone.districtCodes.includes(code)), EDGE_MARGIN_METRES],
  );
  return rows;
}

/** Shares this city's incidents inside every border zone it is a side of; returns the counts the receiver reported. */
export async function shareBorderIncidents(
  database: Database,
  gatewayUrl: string,
  districts: string[],
  logger: Logger,
) {
  const totals = { accepted: 0, alreadyShared: 0 };
  const { borderZones } = await graphql<{ borderZones: BorderZone[] }>(
    gatewayUrl,
    '{ borderZones { id districtCodes band } }',
  );

  for (const zone of borderZones.filter((candidate) =>
    candidate.districtCodes.some((code) => districts.includes(code)),
  )) {
    const incidents = await incidentsInZone(database, zone, districts);
    for (const district of new Set(incidents.map((incident) => incident.district))) {
      const own = incidents.filter((incident) => incident.district === district);
      for (let start = 0; start < own.length; start += BATCH_SIZE) {
        const batch = own.slice(start, start + BATCH_SIZE).map((incident) => ({
          id: incident.id,
          zone: zone.id,
          category: incident.category,
          occurredAt: new Date(incident.occurred_at).toISOString(),
          lon: incident.lon,
          lat: incident.lat,
          incidentDistrictCode: district,
        }));
        const { shareIncidents } = await graphql<{ shareIncidents: typeof totals }>(
          gatewayUrl,
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
