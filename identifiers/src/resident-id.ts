/**
 * Resident ID numbers (公民身份号码) per GB 11643-1999: 6-digit division code of the place of registration,
 * 8-digit birth date (YYYYMMDD), 3-digit sequence (odd for men, even for women) and a check character computed
 * with ISO 7064 MOD 11-2.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
const FORMAT = /^[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]$/;

/** Computes the check character of the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new Error(`Expected 17 digits before the check character, got "${first17}"`);
  let sum = 0;
  for (const [index, weight] of WEIGHTS.entries()) sum += Number(first17[index]) * weight;
  return CHECK_CHARACTERS[sum % 11] as string;
}

function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Checks the format, the birth date and the check character of an 18-character ID number. */
export function isValidResidentId(value: string): boolean {
  if (!FORMAT.test(value)) return false;
  if (!isRealDate(value.slice(6, 14))) return false;
  return residentIdCheckCharacter(value.slice(0, 17)) === value[17];
}

/** Builds a valid ID number; used to generate demo residents, never real people. */
export function makeResidentId(regionCode: string, birthDate: string, sequence: number): string {
  if (!/^[1-9][0-9]{5}$/.test(regionCode)) throw new Error(`Invalid region code "${regionCode}": expected 6 digits`);
  if (!/^[0-9]{8}$/.test(birthDate) || !isRealDate(birthDate))
    throw new Error(`Invalid birth date "${birthDate}": expected YYYYMMDD`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999)
    throw new Error(`Invalid sequence ${sequence}: expected 0 to 999`);
  const first17 = `${regionCode}${birthDate}${String(sequence).padStart(3, '0')}`;
  return `${first17}${residentIdCheckCharacter(first17)}`;
}
