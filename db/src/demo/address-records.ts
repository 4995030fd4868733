/**
 * Addresses of a district and everything the departments record per address: residents, meter readings, parcel
 * counts, and for an exact share of the addresses a rental registration or an enterprise.
 */
import { type Address, generateAddresses, toAddressRow } from './addresses.js';
import type { DistrictContext, Writers } from './context.js';
import { generateRental, RENTAL_SHARE, SUBDIVIDED_SHARE } from './housing.js';
import { ENTERPRISE_SHARE, type EnterpriseStatus, generateEnterprise } from './market.js';
import { generateParcelDeliveries } from './parcels.js';
import { generateCriminalRecords } from './records.js';
import { generateResidents, type ResidenceType, sampleHouseholdSize } from './residents.js';
import { type Random, randomFor, sampleIndices } from './sampling.js';
import { generateMeterReadings } from './utilities.js';

/** Records of one address besides the address itself. Unset fields are drawn from the usual mixes. */
export interface AddressExtras {
  residents?: number;
  residenceOf?: (member: number) => ResidenceType;
  rental?: 'regular' | 'subdivided';
  enterprise?: EnterpriseStatus | 'drawn';
  kwhOverride?: Record<string, number>;
  parcelOverride?: Record<string, number>;
}

/** Writes an address with its residents and their criminal records, meter readings, parcel counts and optional rental and enterprise. */
export async function writeAddressRecords(
  context: DistrictContext,
  writers: Writers,
  address: Address,
  extras: AddressExtras,
  random: Random,
) {
  const { settings, months, geography } = context;
  const count = extras.residents ?? sampleHouseholdSize(random);
  await writers.addresses.add(toAddressRow(address));

  const residentSettings = {
    now: settings.now,
    districtCode: geography.code,
    issuedIdNumbers: context.issuedIdNumbers,
  };
  const residentOptions = extras.residenceOf ? { residenceOf: extras.residenceOf } : {};
  const residents = generateResidents(address, count, residentSettings, random, residentOptions);
  await writers.residents.addAll(residents);
  await writers.criminalRecords.addAll(generateCriminalRecords(residents, settings.seed, settings.now, geography.name));
  await writers.meterReadings.addAll(generateMeterReadings(address.id, count, months, random, extras.kwhOverride));
  await writers.parcels.addAll(generateParcelDeliveries(address.id, count, months, random, extras.parcelOverride));

  if (extras.rental) {
    await writers.rentals.add(generateRental(address, extras.rental === 'subdivided', settings.now, random));
  }
  if (extras.enterprise) {
    const enterpriseSettings = {
      now: settings.now,
      districtCode: geography.code,
      districtName: geography.name,
      issuedCreditCodes: context.issuedCreditCodes,
    };
    const status = extras.enterprise === 'drawn' ? undefined : extras.enterprise;
    await writers.enterprises.add(generateEnterprise(address, enterpriseSettings, random, status));
  }
}

/** Returns the exact counts of rentals, subdivided rentals and enterprises among `total` regular addresses. */
export function extrasCounts(total: number) {
  const rentals = Math.round(total * RENTAL_SHARE);
  return {
    rentals,
    subdivided: Math.round(rentals * SUBDIVIDED_SHARE),
    enterprises: Math.round(total * ENTERPRISE_SHARE),
  };
}

/** Picks which address indices get a rental (and which of those are subdivided) and which an enterprise. */
function pickExtras(context: DistrictContext, total: number): Map<number, AddressExtras> {
  const random = randomFor(context.settings.seed, 'address-extras', context.geography.code);
  const counts = extrasCounts(total);
  const rentals = sampleIndices(counts.rentals, total, random);
  const subdivided = new Set(sampleIndices(counts.subdivided, rentals.length, random).map((i) => rentals[i]));
  const extras = new Map<number, AddressExtras>();
  for (const index of rentals) extras.set(index, { rental: subdivided.has(index) ? 'subdivided' : 'regular' });
  for (const index of sampleIndices(counts.enterprises, total, random)) {
    extras.set(index, { ...extras.get(index), enterprise: 'drawn' });
  }
  return extras;
}

/**
 * Generates `addressesPerCommunity` addresses in every community with their records. Returns the addresses, which
 * the incident generator places incidents at.
 */
export async function seedAddressRecords(context: DistrictContext, writers: Writers): Promise<Address[]> {
  const { settings, geography } = context;
  const total = geography.communities.length * settings.addressesPerCommunity;
  const extras = pickExtras(context, total);

  const addresses: Address[] = [];
  for (const community of geography.communities) {
    const generated = generateAddresses(
      settings.seed,
      geography.name,
      community,
      settings.addressesPerCommunity,
      settings.now,
    );
    for (const address of generated) {
      const random = randomFor(settings.seed, 'address-records', address.id);
      await writeAddressRecords(context, writers, address, extras.get(addresses.length) ?? {}, random);
      addresses.push(address);
    }
  }
  return addresses;
}
