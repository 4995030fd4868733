/**
 * Calendar arithmetic in China Standard Time (UTC+8). China has observed no daylight saving time since 1991, so a
 * fixed offset is exact for every date the demo generates.
 */

export const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Returns midnight in Shanghai of the day that contains `instant`. */
export function startOfShanghaiDay(instant: Date): Date {
  const local = instant.getTime() + SHANGHAI_OFFSET_MS;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - SHANGHAI_OFFSET_MS);
}

/** Returns the Shanghai calendar date of an instant as `YYYY-MM-DD`. */
export function shanghaiDate(instant: Date | number): string {
  const time = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(time + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Lists the first days (`YYYY-MM-01`) of the `count` whole months before the Shanghai month that contains `now`, oldest
 * first. For `now` in June 2025 and a count of 12: 2024-06-01 … 2025-05-01.
 */
export function monthsBefore(now: Date, count: number): string[] {
  const [year, month] = shanghaiDate(now).split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let back = count; back >= 1; back -= 1) {
    const first = new Date(Date.UTC(year, month - 1 - back, 1));
    months.push(first.toISOString().slice(0, 10));
  }
  return months;
}

/** Returns the calendar month (1–12) of a `YYYY-MM-DD` date. */
export function monthOf(date: string): number {
  return Number(date.slice(5, 7));
}

/** Returns the date `days` days before the Shanghai date of `now`, as `YYYY-MM-DD`. */
export function daysBefore(now: Date, days: number): string {
  return shanghaiDate(now.getTime() - days * DAY_MS);
}

/** Converts `YYYY-MM-DD` to the `YYYYMMDD` form of an ID number. */
export function compactDate(date: string): string {
  return date.replaceAll('-', '');
}
