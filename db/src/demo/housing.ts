/**
 * Rental registrations (出租房屋) of the housing department. Each keeps its own copy of the address's community
 * and location, because departments share no tables.
 */
import type { Address } from './addresses.js';
import { personName, phoneNumber } from './names.js';
import { chance, pickWeighted, type Random } from './sampling.js';
import { daysBefore } from './time.js';

/** Share of addresses with a registered rental. */
export const RENTAL_SHARE = 0.15;
/** Share of rentals that are subdivided (群租). */
export const SUBDIVIDED_SHARE = 0.1;

export type InspectionState = 'NOT_INSPECTED' | 'PASSED' | 'RECTIFYING' | 'FAILED';

/** Row of `housing.rentals` as sent in a batch. */
export interface RentalRow {
  id: string;
  address_id: string;
  rooms: number;
  tenants: number;
  subdivided: boolean;
  landlord_name: string;
  landlord_phone: string;
  inspection_state: InspectionState;
  registered_on: string;
  community_code: string;
  lon: number;
  lat: number;
}

export const RENTAL_INSERT_SQL = `
  INSERT INTO housing.rentals (id, address_id, rooms, tenants, subdivided, landlord_name, landlord_phone,
                               inspection_state, registered_on, community_code, location)
  SELECT id, address_id, rooms, tenants, subdivided, landlord_name, landlord_phone,
         inspection_state, registered_on, community_code, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
  FROM jsonb_to_recordset($1::jsonb)
    AS input(id text, address_id text, rooms integer, tenants integer, subdivided boolean, landlord_name text,
             landlord_phone text, inspection_state text, registered_on date, community_code text,
             lon double precision, lat double precision)`;

// Subdivided rentals fail inspection far more often: partition walls and blocked exits are what inspectors find.
const INSPECTION_STATES: Record<'regular' | 'subdivided', readonly (readonly [InspectionState, number])[]> = {
  regular: [
    ['NOT_INSPECTED', 30],
    ['PASSED', 52],
    ['RECTIFYING', 12],
    ['FAILED', 6],
  ],
  subdivided: [
    ['NOT_INSPECTED', 25],
    ['PASSED', 10],
    ['RECTIFYING', 35],
    ['FAILED', 30],
  ],
};

export function rentalId(address: Address): string {
  return `H${address.id.slice(1)}`;
}

/** Generates the rental registration of an address; a subdivided one has 8–30 rooms and more tenants than rooms. */
export function generateRental(address: Address, subdivided: boolean, now: Date, random: Random): RentalRow {
  const rooms = subdivided
    ? random.integer(8, 30)
    : pickWeighted(
        [
          [1, 25],
          [2, 35],
          [3, 30],
          [4, 10],
        ],
        random,
      );
  // One rental in twenty is empty between tenancies.
  const tenants = subdivided
    ? rooms + random.integer(0, Math.ceil(rooms * 0.6))
    : chance(0.05, random)
      ? 0
      : random.integer(1, rooms * 2);
  return {
    id: rentalId(address),
    address_id: address.id,
    rooms,
    tenants,
    subdivided,
    landlord_name: personName(chance(0.5, random) ? 'MALE' : 'FEMALE', random),
    landlord_phone: phoneNumber(random),
    inspection_state: pickWeighted(INSPECTION_STATES[subdivided ? 'subdivided' : 'regular'], random),
    registered_on: daysBefore(now, random.integer(1, 5 * 365)),
    community_code: address.communityCode,
    lon: address.point[0],
    lat: address.point[1],
  };
}
