/**
 * Sharing of police incidents into the border zones (跨区域警情共享): an incident whose location lies in a zone
 * of its district is copied to `crossborder.shared_incidents` under the same id. The test runs in JavaScript on
 * the zone polygons read from the database, so no SQL statement joins the two departments' tables.
 */
import { contains } from '../jurisdiction/partition.js';
import type { BorderZone } from './crossborder.js';
import type { IncidentRow } from './incidents.js';
import { chance, randomFor } from './sampling.js';

/** Row of `crossborder.shared_incidents` as sent in a batch. */
export interface SharedIncidentRow {
  id: string;
  zone_id: string;
  source_district_code: string;
  category: string;
  occurred_at: string;
  lon: number;
  lat: number;
  shared_at: string;
  incident_district_code: string;
  suspect_residence_district_code: string | null;
  /** Unit of the incident, so that users below district level see their own unit's shared incidents. */
  org_unit_code: string;
}

export const SHARED_INCIDENT_INSERT_SQL = `
  INSERT INTO crossborder.shared_incidents (id, zone_id, source_district_code, category, occurred_at, location,
                                            shared_at, incident_district_code, suspect_residence_district_code,
                                            org_unit_code)
  SELECT id, zone_id, source_district_code, category, occurred_at, ST_SetSRID(ST_MakePoint(lon, lat), 4326),
         shared_at, incident_district_code, suspect_residence_district_code, org_unit_code
  FROM jsonb_to_recordset($1::jsonb)
    AS input(id text, zone_id text, source_district_code text, category text, occurred_at timestamptz,
             lon double precision, lat double precision, shared_at timestamptz, incident_district_code text,
             suspect_residence_district_code text, org_unit_code text)`;

/** Shares the incidents of one district into the zones that district borders. */
export class IncidentSharing {
  readonly #seed: string;
  readonly #now: Date;
  readonly #districtCode: string;
  readonly #zones: BorderZone[];

  constructor(seed: string, now: Date, districtCode: string, zones: BorderZone[]) {
    this.#seed = seed;
    this.#now = now;
    this.#districtCode = districtCode;
    this.#zones = zones.filter((zone) => zone.districtCodes.includes(districtCode));
  }

  /** Returns the first zone, by id, whose band contains the point. */
  zoneAt(lon: number, lat: number): BorderZone | undefined {
    return this.#zones.find(
      ({ band, bounds }) =>
        lon >= bounds.west &&
        lon <= bounds.east &&
        lat >= bounds.south &&
        lat <= bounds.north &&
        contains(band, [lon, lat]),
    );
  }

  /**
   * Returns the shared copy of an incident inside a zone, or undefined outside every zone. `suspectResidence`
   * fixes the suspect's district. Without it, the suspect lives in the other district for 35 % of incidents, in
   * the same district for 15 %, and is unknown (null) for the rest.
   */
  share(incident: IncidentRow, suspectResidence?: string | null): SharedIncidentRow | undefined {
    const zone = this.zoneAt(incident.lon, incident.lat);
    if (!zone) return undefined;

    // Drawn per incident, so that sharing never shifts the random sequence of the incidents themselves.
    const random = randomFor(this.#seed, 'share', incident.id);
    const otherDistrict = zone.districtCodes.find((code) => code !== this.#districtCode) ?? null;
    let suspect: string | null = null;
    if (suspectResidence !== undefined) suspect = suspectResidence;
    else if (chance(0.35, random)) suspect = otherDistrict;
    else if (chance(0.15 / 0.65, random)) suspect = this.#districtCode;

    // Shared between 10 minutes and 6 hours after the incident, never after `now`.
    const occurred = Date.parse(incident.occurred_at);
    const shared = Math.min(occurred + random.integer(600, 6 * 3600) * 1000, this.#now.getTime());
    return {
      id: incident.id,
      zone_id: zone.id,
      source_district_code: this.#districtCode,
      category: incident.category,
      occurred_at: incident.occurred_at,
      lon: incident.lon,
      lat: incident.lat,
      shared_at: new Date(shared).toISOString(),
      incident_district_code: this.#districtCode,
      suspect_residence_district_code: suspect,
      org_unit_code: incident.org_unit_code,
    };
  }
}
