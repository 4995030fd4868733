/**
 * Registered residents (实有人口) of an address: a household of generated people with valid ID numbers. Each is a
 * permanent resident (户籍) of the district or belongs to the floating population (流动人口), registered in one of
 * the usual home counties of migrant workers in southern Jiangsu and northern Zhejiang.
 */
import { makeResidentId } from '@lianfang/identifiers';
import type { Address } from './addresses.js';
import { personName, phoneNumber, type Sex, surnameOf } from './names.js';
import { chance, pickOne, pickWeighted, type Random } from './sampling.js';
import { compactDate, DAY_MS, daysBefore, shanghaiDate } from './time.js';

export type ResidenceType = 'PERMANENT' | 'FLOATING';

/** Row of `police.residents` as sent in a batch. */
export interface ResidentRow {
  id: string;
  address_id: string;
  name: string;
  id_number: string;
  phone: string | null;
  registered_on: string;
  residence_type: ResidenceType;
}

export const RESIDENT_INSERT_SQL = `
  INSERT INTO police.residents (id, address_id, name, id_number, phone, registered_on, residence_type)
  SELECT id, address_id, name, id_number, phone, registered_on, residence_type
  FROM jsonb_to_recordset($1::jsonb)
    AS input(id text, address_id text, name text, id_number text, phone text, registered_on date, residence_type text)`;

/** GB/T 2260 county codes used as places of household registration of floating residents. */
export const ORIGIN_COUNTY_CODES = [
  '341221', // 安徽省临泉县
  '341222', // 安徽省太和县
  '341226', // 安徽省颍上县
  '341621', // 安徽省涡阳县
  '411526', // 河南省潢川县
  '511321', // 四川省南部县
  '360731', // 江西省于都县
  '321323', // 江苏省泗阳县
  '320724', // 江苏省灌南县
];

/** Residents per address: most homes have 1 to 4, some are empty and a few have 5 or 6. */
const HOUSEHOLD_SIZES: readonly (readonly [number, number])[] = [
  [0, 8],
  [1, 18],
  [2, 26],
  [3, 22],
  [4, 14],
  [5, 7],
  [6, 5],
];

export function sampleHouseholdSize(random: Random): number {
  return pickWeighted(HOUSEHOLD_SIZES, random);
}

export type HouseholdType = '1-2' | '3-4' | '5+';

/** Returns the household type of utilities comparisons. An address without residents counts as '1-2'. */
export function householdType(residents: number): HouseholdType {
  if (residents <= 2) return '1-2';
  return residents <= 4 ? '3-4' : '5+';
}

export interface ResidentSettings {
  now: Date;
  districtCode: string;
  /**
   * ID numbers issued so far in this run, to keep them unique. NOTE: a district seeded by a later run can repeat
   * a floating resident's number (same origin county, birth date and sequence); unlikely, but not excluded.
   */
  issuedIdNumbers: Set<string>;
}

/** Draws an age in years. The first member is an adult, others may be children or elderly, and floating residents are younger. */
function sampleAge(member: number, floating: boolean, random: Random): number {
  if (member === 0) return floating ? random.integer(18, 55) : random.integer(22, 75);
  const group = pickWeighted(
    floating
      ? [
          ['child', 3],
          ['adult', 7],
        ]
      : [
          ['child', 4],
          ['adult', 4.5],
          ['elderly', 1.5],
        ],
    random,
  );
  if (group === 'child') return random.integer(0, 17);
  return group === 'adult' ? random.integer(18, 65) : random.integer(66, 88);
}

function issueIdNumber(region: string, birthDate: string, sex: Sex, settings: ResidentSettings, random: Random) {
  // The sequence's last digit is odd for men and even for women (GB 11643).
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const sequence = random.integer(0, 499) * 2 + (sex === 'MALE' ? 1 : 0);
    const idNumber = makeResidentId(region, compactDate(birthDate), sequence);
    if (!settings.issuedIdNumbers.has(idNumber)) {
      settings.issuedIdNumbers.add(idNumber);
      return idNumber;
    }
  }
  throw new Error(`No free ID number sequence for region ${region} and birth date ${birthDate} after 50 attempts`);
}

/** Returns the later of two `YYYY-MM-DD` dates, which sort as strings. */
function laterDate(first: string, second: string): string {
  if (first >= second) return first;
  return second;
}

export interface ResidentOptions {
  /** Residence type of each member, numbered from 0. Without it, the type is drawn per household. */
  residenceOf?: (member: number) => ResidenceType;
}

/** Generates `count` residents of an address, with ids `R<address id without A>-<n>`. */
export function generateResidents(
  address: Address,
  count: number,
  settings: ResidentSettings,
  random: Random,
  options: ResidentOptions = {},
): ResidentRow[] {
  // Most households are all permanent or all floating, and one member in ten differs from the household.
  const floatingShare = chance(0.35, random) ? 0.9 : 0.1;
  const residents: ResidentRow[] = [];
  let familySurname: string | undefined;
  for (let member = 0; member < count; member += 1) {
    const floating = options.residenceOf ? options.residenceOf(member) === 'FLOATING' : chance(floatingShare, random);
    const sex: Sex = chance(0.5, random) ? 'MALE' : 'FEMALE';
    const age = sampleAge(member, floating, random);
    const birthTime = settings.now.getTime() - (Math.floor(age * 365.25) + random.integer(1, 364)) * DAY_MS;
    const birthDate = shanghaiDate(birthTime);
    const region = floating ? pickOne(ORIGIN_COUNTY_CODES, random) : settings.districtCode;

    // Children of a permanent household usually carry the family surname.
    const surname = !floating && familySurname && chance(0.7, random) ? familySurname : undefined;
    const name = personName(sex, random, surname);
    familySurname ??= floating ? undefined : surnameOf(name);

    // Floating residents registered within the last three years, permanent ones since birth or a later move.
    const registeredDaysAgo = floating ? random.integer(1, 1095) : random.integer(1, 30 * 365);
    const registeredOn = daysBefore(settings.now, registeredDaysAgo);
    residents.push({
      id: `R${address.id.slice(1)}-${member + 1}`,
      address_id: address.id,
      name,
      id_number: issueIdNumber(region, birthDate, sex, settings, random),
      phone: age >= 16 && chance(0.92, random) ? phoneNumber(random) : null,
      registered_on: laterDate(registeredOn, birthDate),
      residence_type: floating ? 'FLOATING' : 'PERMANENT',
    });
  }
  return residents;
}
