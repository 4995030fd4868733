/**
 * Lianfang's gateway serves a repeated query from its response cache and names the outcome in the
 * `x-lianfang-cache` response header: `hit`, `miss`, or `bypass` when the request carries `cache-control: no-cache`.
 * The stock gateway has no such cache and sends no such header.
 */

export const CACHE_HEADER = 'x-lianfang-cache';
/** Request headers that make Lianfang's gateway skip the cache lookup, so the request reaches the subgraphs. */
export const NO_CACHE_HEADERS = { 'cache-control': 'no-cache' } as const;

/** Responses of a run by their `x-lianfang-cache` value. */
export interface CacheCounts {
  hit: number;
  miss: number;
  bypass: number;
  /** Responses with another value. */
  other: number;
  /** Responses without the header. */
  absent: number;
}

export function emptyCacheCounts(): CacheCounts {
  return { hit: 0, miss: 0, bypass: 0, other: 0, absent: 0 };
}

/** Returns the `x-lianfang-cache` value of `headers`, whatever the case of its name, or undefined. */
export function readCacheHeader(
  headers: Record<string, string | string[] | undefined> | undefined,
): string | undefined {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== CACHE_HEADER || value === undefined) continue;
    return Array.isArray(value) ? value.join(', ') : value;
  }
  return undefined;
}

/** Adds one response with header value `value` (undefined when absent) to `counts`. */
export function countCacheHeader(counts: CacheCounts, value: string | undefined): void {
  if (value === undefined) counts.absent += 1;
  else if (value === 'hit' || value === 'miss' || value === 'bypass') counts[value] += 1;
  else counts.other += 1;
}

/** Returns the share of responses that were cache hits (0 to 1), or NaN when no response carried the header. */
export function cacheHitRate(counts: CacheCounts): number {
  const withHeader = counts.hit + counts.miss + counts.bypass + counts.other;
  if (withHeader === 0) return Number.NaN;
  return counts.hit / (withHeader + counts.absent);
}
