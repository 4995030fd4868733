/** Calendar quarters in Asia/Shanghai (UTC+8 all year, no daylight saving), named like the API: `2026Q4`. */

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export interface Quarter {
  /** The API's name, e.g. `2026Q4`. */
  id: string;
  year: number;
  /** 1–4. */
  quarter: number;
}

function quarterAt(year: number, index: number): Quarter {
  // `index` counts quarters from the start of `year` and may be negative, so stepping back across a new year needs
  // no special case.
  const normalisedYear = Math.floor(index / 4) + year;
  const quarter = (((index % 4) + 4) % 4) + 1;
  return { id: `${normalisedYear}Q${quarter}`, year: normalisedYear, quarter };
}

/** Returns the quarter that contains `instant` in Beijing time. */
export function quarterOf(instant: Date): Quarter {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return quarterAt(local.getUTCFullYear(), Math.floor(local.getUTCMonth() / 3));
}

/** Lists the quarter containing `now` and the `previous` quarters before it, newest first. */
export function recentQuarters(now: Date, previous = 8): Quarter[] {
  const current = quarterOf(now);
  return Array.from({ length: previous + 1 }, (_, back) => quarterAt(current.year, current.quarter - 1 - back));
}

/** Returns the last quarter that has ended by `now`: the default of the assessment view. */
export function latestFinishedQuarter(now: Date): Quarter {
  return recentQuarters(now, 1)[1] as Quarter;
}
