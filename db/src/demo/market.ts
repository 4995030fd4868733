/**
 * Enterprises registered with market regulation, with generated names and valid unified social credit codes
 * (GB 32100). Each keeps its own copy of the address's community and location.
 */
import { makeCreditCode } from '@lianfang/identifiers';
import type { Address } from './addresses.js';
import { type EnterpriseForm, enterpriseName } from './names.js';
import { chance, pickOne, pickWeighted, type Random } from './sampling.js';
import { DAY_MS, shanghaiDate } from './time.js';

/** Share of addresses with a registered enterprise. */
export const ENTERPRISE_SHARE = 0.06;

export type EnterpriseStatus = 'OPERATING' | 'ABNORMAL' | 'NEVER_OPERATED' | 'REVOKED';

/** Row of `market.enterprises` as sent in a batch. */
export interface EnterpriseRow {
  credit_code: string;
  name: string;
  status: EnterpriseStatus;
  address_id: string;
  registered_on: string;
  community_code: string;
  lon: number;
  lat: number;
}

export const ENTERPRISE_INSERT_SQL = `
  INSERT INTO market.enterprises (credit_code, name, status, address_id, registered_on, community_code, location)
  SELECT credit_code, name, status, address_id, registered_on, community_code, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
  FROM jsonb_to_recordset($1::jsonb)
    AS input(credit_code text, name text, status text, address_id text, registered_on date, community_code text,
             lon double precision, lat double precision)`;

const STATUSES: readonly (readonly [EnterpriseStatus, number])[] = [
  ['OPERATING', 85],
  ['ABNORMAL', 8],
  ['NEVER_OPERATED', 4],
  ['REVOKED', 3],
];

// Characters of the GB 32100 alphabet (digits and capitals without I, O, S, V, Z).
const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// In the demo, enterprises registered after the 2015 credit-code reform get organisation codes starting with "MA",
// a common pattern of codes issued by market regulation since then. Older ones get all-digit codes.
const REFORM_DATE = Date.UTC(2015, 9, 1);

/**
 * Computes the check character of an 8-character organisation code (GB 11714). The characters weigh 3, 7, 9, 10,
 * 5, 8, 4 and 2, with letters counting 10–35. The check is 11 minus the weighted sum modulo 11, written X for 10
 * and 0 for 11.
 */
export function organisationCodeCheckCharacter(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (const [index, weight] of weights.entries()) sum += Number.parseInt(body[index] as string, 36) * weight;
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  return check === 11 ? '0' : String(check);
}

function organisationCode(reformEra: boolean, random: Random): string {
  const body = reformEra
    ? `MA${Array.from({ length: 6 }, () => pickOne([...CODE_ALPHABET], random)).join('')}`
    : String(random.integer(10_000_000, 99_999_999));
  return `${body}${organisationCodeCheckCharacter(body)}`;
}

export interface EnterpriseSettings {
  now: Date;
  districtCode: string;
  districtName: string;
  /** Credit codes issued so far in this run, to keep them unique. */
  issuedCreditCodes: Set<string>;
}

/** Generates an enterprise at an address. `status` overrides the usual status mix. */
export function generateEnterprise(
  address: Address,
  settings: EnterpriseSettings,
  random: Random,
  status: EnterpriseStatus = pickWeighted(STATUSES, random),
): EnterpriseRow {
  // Position 1 '9' is the market regulation authority. Position 2 is '1' for a company and '2' for an
  // individually owned business (个体工商户).
  const form: EnterpriseForm = chance(0.8, random) ? 'COMPANY' : 'INDIVIDUAL_BUSINESS';
  const earliest = Date.UTC(1995, 0, 1);
  const registered = earliest + random.next() * (settings.now.getTime() - 30 * DAY_MS - earliest);
  let creditCode = '';
  for (let attempt = 0; attempt < 50 && (!creditCode || settings.issuedCreditCodes.has(creditCode)); attempt += 1) {
    const body = `9${form === 'COMPANY' ? '1' : '2'}${settings.districtCode}`;
    creditCode = makeCreditCode(`${body}${organisationCode(registered >= REFORM_DATE, random)}`);
  }
  if (settings.issuedCreditCodes.has(creditCode)) throw new Error('No unused credit code found after 50 attempts');
  settings.issuedCreditCodes.add(creditCode);
  return {
    credit_code: creditCode,
    name: enterpriseName(settings.districtName, form, random),
    status,
    address_id: address.id,
    registered_on: shanghaiDate(registered),
    community_code: address.communityCode,
    lon: address.point[0],
    lat: address.point[1],
  };
}
