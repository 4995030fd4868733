/**
 * Planted cases: demo records with fixed ids and values that later features must find. All three are in 吴江区
 * (320509) and are written only when that district is seeded.
 *
 * - `A-PLANTED-ABNORMAL`, in the first community of 松陵街道 (320509001): 9 residents, 7 of them FLOATING.
 *   Electricity in the last 3 months is 6 times the typical reading of household type '5+', and 60–85 parcels
 *   arrive each of those months. An enterprise registered there has the status NEVER_OPERATED.
 * - `A-PLANTED-SUBDIVIDED`, in the first community of 盛泽镇 (320509105): rental `H-PLANTED-SUBDIVIDED`, subdivided,
 *   with 24 rooms, 31 tenants and inspection state FAILED.
 * - `I-PLANTED-THEFT-01` … `I-PLANTED-THEFT-12`: thefts within 280 m of one point on the 吴江 side of zone
 *   `BZ-320509-330421`, in the 30 days before `now`. Each is also in `crossborder.shared_incidents`.
 */
import type { Queryable } from '../database.js';
import { shortCommunityName } from '../jurisdiction/divisions.js';
import { writeAddressRecords } from './address-records.js';
import type { Address } from './addresses.js';
import type { DistrictContext, Writers } from './context.js';
import { type Community, parseRegion, samplePointIn } from './geography.js';
import { generateRental } from './housing.js';
import { type IncidentRow, sampleOccurredAt, sampleStatus } from './incidents.js';
import { roadName } from './names.js';
import { findClusterCentre, pointInCluster } from './planted-cluster.js';
import { type Random, randomFor } from './sampling.js';
import type { IncidentSharing } from './sharing.js';
import { DAY_MS } from './time.js';
import { typicalKwh } from './utilities.js';

export const PLANTED = {
  districtCode: '320509',
  abnormal: {
    addressId: 'A-PLANTED-ABNORMAL',
    streetCode: '320509001',
    residents: 9,
    floatingResidents: 7,
    /** Electricity of the recent months as a multiple of the typical reading of household type '5+'. */
    kwhFactor: 6,
    recentMonths: 3,
    minParcels: 60,
    maxParcels: 85,
    enterpriseStatus: 'NEVER_OPERATED',
  },
  subdivided: {
    addressId: 'A-PLANTED-SUBDIVIDED',
    rentalId: 'H-PLANTED-SUBDIVIDED',
    streetCode: '320509105',
    rooms: 24,
    tenants: 31,
    inspectionState: 'FAILED',
  },
  thefts: {
    ids: Array.from({ length: 12 }, (_, index) => `I-PLANTED-THEFT-${String(index + 1).padStart(2, '0')}`),
    zoneId: 'BZ-320509-330421',
    neighbourDistrictCode: '330421',
    /** Every theft lies within this distance of the cluster centre. */
    radiusM: 280,
    days: 30,
  },
} as const;

function firstCommunity(context: DistrictContext, streetCode: string): Community {
  const street = context.geography.streets.find((row) => row.code === streetCode);
  const community = street?.communities[0];
  if (!street || !community) throw new Error(`Street ${streetCode} or its communities are missing`);
  return community;
}

function plantedAddress(context: DistrictContext, id: string, community: Community, random: Random): Address {
  const { geography, settings } = context;
  const prefix = `${geography.name}${community.street.name}${shortCommunityName(community.name)}`;
  return {
    id,
    text: `${prefix} ${roadName(random)} ${random.integer(1, 199)} 号`,
    communityCode: community.code,
    point: samplePointIn(community.region, random),
    createdAt: new Date(settings.now.getTime() - 400 * DAY_MS).toISOString(),
  };
}

/** Writes the abnormal household and the subdivided rental, with all their per-address records. */
export async function seedPlantedAddresses(context: DistrictContext, writers: Writers): Promise<void> {
  const { settings, months } = context;
  const random = randomFor(settings.seed, 'planted');
  const { abnormal, subdivided } = PLANTED;

  const recent = months.slice(-abnormal.recentMonths);
  const kwhOverride = Object.fromEntries(recent.map((month) => [month, abnormal.kwhFactor * typicalKwh('5+', month)]));
  const parcelOverride = Object.fromEntries(
    recent.map((month) => [month, random.integer(abnormal.minParcels, abnormal.maxParcels)]),
  );
  const abnormalAddress = plantedAddress(
    context,
    abnormal.addressId,
    firstCommunity(context, abnormal.streetCode),
    random,
  );
  await writeAddressRecords(
    context,
    writers,
    abnormalAddress,
    {
      residents: abnormal.residents,
      residenceOf: (member) => (member < abnormal.floatingResidents ? 'FLOATING' : 'PERMANENT'),
      enterprise: abnormal.enterpriseStatus,
      kwhOverride,
      parcelOverride,
    },
    random,
  );

  const rentalAddress = plantedAddress(
    context,
    subdivided.addressId,
    firstCommunity(context, subdivided.streetCode),
    random,
  );
  await writeAddressRecords(context, writers, rentalAddress, { residents: 4, residenceOf: () => 'FLOATING' }, random);
  await writers.rentals.add({
    ...generateRental(rentalAddress, true, settings.now, random),
    rooms: subdivided.rooms,
    tenants: subdivided.tenants,
    inspection_state: subdivided.inspectionState,
  });
}

/**
 * Writes the theft series near the 吴江–嘉善 border and shares it into the border zone. Returns false, writing
 * nothing, when 嘉善县 is not loaded or no stretch of the shared boundary has room for the cluster.
 */
export async function seedPlantedThefts(
  runner: Queryable,
  context: DistrictContext,
  writers: Writers,
  sharing: IncidentSharing,
): Promise<boolean> {
  const { thefts } = PLANTED;
  const { rows } = await runner.query<{ boundary: string | null }>(
    'SELECT ST_AsGeoJSON(boundary, 15) AS boundary FROM governance.org_units WHERE code = $1',
    [thefts.neighbourDistrictCode],
  );
  const neighbour = parseRegion(rows[0]?.boundary ?? null);
  const inZone = (point: [number, number]) => sharing.zoneAt(point[0], point[1])?.id === thefts.zoneId;
  const centre = neighbour && findClusterCentre(context.geography, neighbour, thefts.radiusM, inZone);
  if (!centre) return false;

  const { now, seed } = context.settings;
  const random = randomFor(seed, 'planted-thefts');
  for (const [index, id] of thefts.ids.entries()) {
    const { point, grid } = pointInCluster(context.geography, centre, thefts.radiusM, inZone, random);
    const occurredAt = sampleOccurredAt(now, random.integer(1, thefts.days), 'THEFT', random);
    const incident: IncidentRow = {
      id,
      category: 'THEFT',
      occurred_at: occurredAt.toISOString(),
      status: sampleStatus(now.getTime() - occurredAt.getTime(), random),
      org_unit_code: grid.code,
      address_id: null,
      lon: point[0],
      lat: point[1],
    };
    await writers.incidents.add(incident);
    // Two thirds of the series name a suspect living in 嘉善县, and the rest have no suspect yet.
    const shared = sharing.share(incident, index % 3 === 2 ? null : thefts.neighbourDistrictCode);
    if (shared?.zone_id !== thefts.zoneId) throw new Error(`Planted theft ${id} fell outside ${thefts.zoneId}`);
    await writers.sharedIncidents.add(shared);
  }
  return true;
}
