/**
 * Unified social credit codes (统一社会信用代码) per GB 32100-2015: 18 characters from a 31-character alphabet
 * without I, O, S, V and Z. Position 1 is the registration authority, 2 the entity type, 3–8 the division code,
 * 9–17 the organisation code and 18 a check character (weighted sum modulo 31).
 */

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Computes the check character of the first 17 characters. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17)
    throw new Error(`Expected 17 characters before the check character, got ${first17.length}`);
  let sum = 0;
  for (const [index, weight] of WEIGHTS.entries()) {
    const value = ALPHABET.indexOf(first17[index] as string);
    if (value < 0) throw new Error(`Invalid character "${first17[index]}" at position ${index + 1} of a credit code`);
    sum += value * weight;
  }
  return ALPHABET[(31 - (sum % 31)) % 31] as string;
}

/** Checks the format and the check character; lower-case input is not accepted. */
export function isValidCreditCode(value: string): boolean {
  if (!FORMAT.test(value)) return false;
  return creditCodeCheckCharacter(value.slice(0, 17)) === value[17];
}

/** Appends the check character to a 17-character body; used to generate demo enterprises. */
export function makeCreditCode(body: string): string {
  const code = `${body}${creditCodeCheckCharacter(body)}`;
  if (!FORMAT.test(code)) throw new Error(`Invalid credit code body "${body}"`);
  return code;
}
