/**
 * Masking of personal data for callers whose role does not allow the raw value. Masks keep enough to tell records
 * apart on screen (region and last digits) and nothing that identifies a person.
 */

/** `320509199001011234` → `320509********1234`. */
export function maskResidentId(value: string): string {
  if (value.length < 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** `13812345678` → `138****5678`. */
export function maskPhone(value: string): string {
  if (value.length < 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** `张三丰` → `张**`; the surname stays so staff can still address the person. */
export function maskName(value: string): string {
  const characters = [...value];
  return characters.length <= 1 ? '*' : `${characters[0]}${'*'.repeat(characters.length - 1)}`;
}
