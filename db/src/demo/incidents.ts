/**
 * Police incidents (警情) of one district over the 365 days before the day of `now`. Categories and hours of the
 * day follow `categories.ts`, and places cluster at the addresses of busier communities. The grid whose boundary
 * contains the point is the responsible org unit. Incidents are generated and inserted in fixed-size chunks, so a
 * million of them take no more memory than one chunk.
 */
import type { Address } from './addresses.js';
import { CATEGORY_PROFILES, type IncidentCategory, sampleCategory, sampleHour } from './categories.js';
import type { DistrictContext, Writers } from './context.js';
import { type Community, type Pair, pointWithin, roundPoint, samplePointIn } from './geography.js';
import { chance, pickOne, pickWeighted, type Random, randomFor, weightedSampler } from './sampling.js';
import type { IncidentSharing } from './sharing.js';
import { DAY_MS, startOfShanghaiDay } from './time.js';

export type IncidentStatus = 'REPORTED' | 'DISPATCHED' | 'HANDLING' | 'CLOSED';

/** Row of `police.incidents` as sent in a batch. */
export interface IncidentRow {
  id: string;
  category: IncidentCategory;
  occurred_at: string;
  status: IncidentStatus;
  org_unit_code: string;
  address_id: string | null;
  lon: number;
  lat: number;
}

export const INCIDENT_INSERT_SQL = `
  INSERT INTO police.incidents (id, category, occurred_at, status, org_unit_code, address_id, location)
  SELECT id, category, occurred_at, status, org_unit_code, address_id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
  FROM jsonb_to_recordset($1::jsonb)
    AS input(id text, category text, occurred_at timestamptz, status text, org_unit_code text, address_id text,
             lon double precision, lat double precision)`;

/** Incidents drawn from one seeded generator. The size is fixed, so the rows do not depend on batch sizes. */
export const INCIDENTS_PER_CHUNK = 5000;
/** Incidents at an address lie within this distance of it. */
export const NEAR_ADDRESS_M = 80;
/** Days before the day of `now` that incidents cover. */
export const INCIDENT_DAYS = 365;

export function incidentId(districtCode: string, serial: number): string {
  return `I${districtCode}-${String(serial).padStart(7, '0')}`;
}

// Recent incidents are still open, and after a month nearly all are closed.
const STATUS_BY_AGE: readonly { maxDays: number; mix: readonly (readonly [IncidentStatus, number])[] }[] = [
  {
    maxDays: 1,
    mix: [
      ['REPORTED', 35],
      ['DISPATCHED', 35],
      ['HANDLING', 25],
      ['CLOSED', 5],
    ],
  },
  {
    maxDays: 3,
    mix: [
      ['REPORTED', 5],
      ['DISPATCHED', 15],
      ['HANDLING', 40],
      ['CLOSED', 40],
    ],
  },
  {
    maxDays: 30,
    mix: [
      ['HANDLING', 12],
      ['CLOSED', 88],
    ],
  },
  {
    maxDays: Infinity,
    mix: [
      ['HANDLING', 1],
      ['CLOSED', 99],
    ],
  },
];

export function sampleStatus(ageMs: number, random: Random): IncidentStatus {
  const band = STATUS_BY_AGE.find(({ maxDays }) => ageMs < maxDays * DAY_MS) as (typeof STATUS_BY_AGE)[number];
  return pickWeighted(band.mix, random);
}

/** Draws an instant on the local day `daysBack` days before the day of `now`, at an hour typical of `category`. */
export function sampleOccurredAt(now: Date, daysBack: number, category: IncidentCategory, random: Random): Date {
  const dayStart = startOfShanghaiDay(now).getTime() - daysBack * DAY_MS;
  const secondOfHour = random.integer(0, 3599);
  return new Date(dayStart + sampleHour(category, random) * 3_600_000 + secondOfHour * 1000);
}

/**
 * Places an incident within `radius` metres of `origin` and finds its grid. A point that falls outside every grid
 * of the district (beyond its edge) is drawn again, and after five misses the incident takes the origin itself.
 */
export function placeNear(context: DistrictContext, origin: Pair, radius: number, random: Random) {
  const { locator } = context.geography;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const point = roundPoint(pointWithin(origin, radius, random));
    const grid = locator.locate(point);
    if (grid) return { point, grid };
  }
  return { point: origin, grid: locator.locate(origin) };
}

interface Placement {
  communities: Community[];
  /** Addresses of each community, in the order of `communities`. */
  addresses: Address[][];
  pickCommunity: (random: Random) => number;
}

/** Gives each community a weight, log-normal with σ 0.7, so some neighbourhoods see far more incidents. */
function createPlacement(context: DistrictContext, addresses: Address[]): Placement {
  const { communities } = context.geography;
  const byCode = new Map(communities.map((community, index) => [community.code, index]));
  const grouped = communities.map((): Address[] => []);
  for (const address of addresses) grouped[byCode.get(address.communityCode) ?? -1]?.push(address);

  const random = randomFor(context.settings.seed, 'hotspots', context.geography.code);
  const weights = communities.map(() => {
    const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    return Math.exp(0.7 * normal);
  });
  return { communities, addresses: grouped, pickCommunity: weightedSampler(weights) };
}

function generateIncident(context: DistrictContext, placement: Placement, serial: number, random: Random) {
  const { settings } = context;
  const category = sampleCategory(random);
  const communityIndex = placement.pickCommunity(random);
  const community = placement.communities[communityIndex] as Community;
  const candidates = placement.addresses[communityIndex] ?? [];

  let address: Address | undefined;
  let point: Pair;
  let gridCode: string | undefined;
  if (candidates.length > 0 && chance(CATEGORY_PROFILES[category].atAddress, random)) {
    address = pickOne(candidates, random);
    const placed = placeNear(context, address.point, NEAR_ADDRESS_M, random);
    point = placed.point;
    gridCode = placed.grid?.code;
  } else {
    point = samplePointIn(community.region, random);
    gridCode = context.geography.locator.locate(point)?.code;
  }

  const occurredAt = sampleOccurredAt(settings.now, random.integer(1, INCIDENT_DAYS), category, random);
  const row: IncidentRow = {
    id: incidentId(context.geography.code, serial),
    category,
    occurred_at: occurredAt.toISOString(),
    status: sampleStatus(settings.now.getTime() - occurredAt.getTime(), random),
    // A point in a sliver between grids (left by rounding boundaries) falls back to its community.
    org_unit_code: gridCode ?? community.code,
    address_id: address?.id ?? null,
    lon: point[0],
    lat: point[1],
  };
  return row;
}

/** Generates and inserts `incidentsPerYear` incidents of the district, sharing those inside a border zone. */
export async function seedIncidents(
  context: DistrictContext,
  writers: Writers,
  addresses: Address[],
  sharing: IncidentSharing,
): Promise<void> {
  const total = context.settings.incidentsPerYear;
  if (total === 0 || context.geography.communities.length === 0) return;
  const placement = createPlacement(context, addresses);

  for (let chunk = 0; chunk * INCIDENTS_PER_CHUNK < total; chunk += 1) {
    const random = randomFor(context.settings.seed, 'incidents', context.geography.code, chunk);
    const end = Math.min(total, (chunk + 1) * INCIDENTS_PER_CHUNK);
    for (let serial = chunk * INCIDENTS_PER_CHUNK + 1; serial <= end; serial += 1) {
      const incident = generateIncident(context, placement, serial, random);
      await writers.incidents.add(incident);
      const shared = sharing.share(incident);
      if (shared) await writers.sharedIncidents.add(shared);
    }
  }
}
