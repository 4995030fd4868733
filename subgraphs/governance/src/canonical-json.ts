/**
 * Serializes a JSON value with object keys sorted, so equal values give equal text whatever their key order. Keys
 * with `undefined` values are left out, as `JSON.stringify` leaves them out.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    // Code unit order, as JSON Canonicalization (RFC 8785) sorts keys, independent of the locale.
    entries.sort(([a], [b]) => {
      if (a === b) return 0;
      return a < b ? -1 : 1;
    });
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
