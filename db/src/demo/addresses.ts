/**
 * Standard addresses (标准地址): generated roads and house numbers inside each community polygon. Every other demo
 * table hangs on these addresses.
 */
import { shortCommunityName } from '../jurisdiction/divisions.js';
import { type Community, type Pair, samplePointIn } from './geography.js';
import { roadName } from './names.js';
import { chance, type Random, randomFor } from './sampling.js';

export interface Address {
  id: string;
  text: string;
  communityCode: string;
  point: Pair;
  /** ISO 8601 instant of registration. */
  createdAt: string;
}

/** Row of `police.addresses` as sent in a batch. */
export interface AddressRow {
  id: string;
  text: string;
  community_code: string;
  lon: number;
  lat: number;
  created_at: string;
}

export const ADDRESS_INSERT_SQL = `
  INSERT INTO police.addresses (id, text, community_code, location, created_at)
  SELECT id, text, community_code, ST_SetSRID(ST_MakePoint(lon, lat), 4326), created_at
  FROM jsonb_to_recordset($1::jsonb)
    AS input(id text, text text, community_code text, lon double precision, lat double precision, created_at timestamptz)`;

/** Largest serial an address id has room for (4 digits). */
export const MAX_ADDRESSES_PER_COMMUNITY = 9999;

/** Returns the id prefix of a district's generated addresses. The seeder skips a district that already has one. */
export function addressIdPrefix(districtCode: string): string {
  return `A${districtCode}`;
}

export function addressId(communityCode: string, serial: number): string {
  return `A${communityCode}-${String(serial).padStart(4, '0')}`;
}

export function toAddressRow(address: Address): AddressRow {
  return {
    id: address.id,
    text: address.text,
    community_code: address.communityCode,
    lon: address.point[0],
    lat: address.point[1],
    created_at: address.createdAt,
  };
}

function isVillage(communityName: string): boolean {
  return /村(民委员会|委会)?$/.test(communityName);
}

/** Builds the part after the community: `柳兴路 12 号 3 幢 401 室`, or `5 组 23 号` in a village. */
function houseNumber(village: boolean, roads: string[], random: Random): string {
  if (village) return `${random.integer(1, 18)} 组 ${random.integer(1, 120)} 号`;
  const road = roads[random.integer(0, roads.length - 1)] as string;
  const number = `${road} ${random.integer(1, 399)} 号`;
  // Three in ten urban addresses are a whole building (a shop, a workshop), the rest a flat in a block.
  if (chance(0.3, random)) return number;
  const floor = random.integer(1, 18);
  const flat = random.integer(1, 4);
  return `${number} ${random.integer(1, 40)} 幢 ${floor}${String(flat).padStart(2, '0')} 室`;
}

/**
 * Generates `count` addresses of a community, with ids `A<community code>-0001` onwards. The result depends only
 * on the seed, the community and `now`.
 */
export function generateAddresses(
  seed: string,
  districtName: string,
  community: Community,
  count: number,
  now: Date,
): Address[] {
  const random = randomFor(seed, 'addresses', community.code);
  const roads = Array.from({ length: random.integer(2, 4) }, () => roadName(random));
  const village = isVillage(community.name);
  const prefix = `${districtName}${community.street.name}${shortCommunityName(community.name)}`;

  const addresses: Address[] = [];
  for (let serial = 1; serial <= count; serial += 1) {
    const point = samplePointIn(community.region, random);
    // Registered between 30 days and about 8 years ago.
    const createdAt = new Date(now.getTime() - random.integer(30 * 86_400, 3000 * 86_400) * 1000);
    addresses.push({
      id: addressId(community.code, serial),
      text: `${prefix} ${houseNumber(village, roads, random)}`,
      communityCode: community.code,
      point,
      createdAt: createdAt.toISOString(),
    });
  }
  return addresses;
}
