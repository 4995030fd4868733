import { levelOfCode } from '@lianfang/db';
import { badUserInput, quoted } from './errors.js';

/** Rejects a malformed org unit code with the rule, so a typo is not mistaken for a unit without data. */
export function assertOrgUnitCode(code: string, argument = 'orgUnit'): void {
  if (!levelOfCode(code)) {
    throw badUserInput(
      `${argument} 须为行政区划代码（区 6 位、街道 9 位、社区 12 位、网格 15 位数字），收到 ${quoted(code)}`,
      { argument },
    );
  }
}

/** Checks an integer argument against its allowed range. */
export function assertIntegerInRange(value: number, min: number, max: number, argument: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badUserInput(`${argument} 须为 ${min} 到 ${max} 之间的整数，收到 ${value}`, { argument });
  }
}

/** Checks a page size or result limit: an integer within 1..`max`. */
export function assertFirst(first: number, max: number, argument = 'first'): void {
  assertIntegerInRange(first, 1, max, argument);
}

/** Checks a distance in metres against its allowed range. */
export function assertMetresInRange(value: number, min: number, max: number, argument = 'radiusMetres'): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw badUserInput(`${argument} 须在 ${min} 到 ${max} 米之间，收到 ${value}`, { argument });
  }
}

/** Time window `[from, to)` as ISO strings for SQL parameters, where a null end is open. */
export interface TimeRange {
  from: string | null;
  to: string | null;
}

/** Checks that `from` is not after `to`. Equal ends give a valid, empty window. */
export function parseTimeRange(range: { from?: Date | null; to?: Date | null }): TimeRange {
  const from = range.from ?? null;
  const to = range.to ?? null;
  if (from && to && from.getTime() > to.getTime()) {
    throw badUserInput(
      `from 须早于或等于 to，收到 from=${from.toISOString()}、to=${to.toISOString()}；请交换两者或缩小时间范围`,
      { argument: 'from' },
    );
  }
  return { from: from?.toISOString() ?? null, to: to?.toISOString() ?? null };
}

/** SQL parameters of a time range: `[from, to]`. */
export function timeRangeParams(range: TimeRange): [string | null, string | null] {
  return [range.from, range.to];
}

const lonInRange = (value: number) => value >= -180 && value <= 180;
const latInRange = (value: number) => value >= -90 && value <= 90;

/** Checks a WGS84 point given as separate longitude and latitude; latitude-first input is named as such. */
export function assertPoint(lon: number, lat: number): void {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
    throw badUserInput(`lon 和 lat 须为有限数字，收到 lon=${lon}、lat=${lat}`, { argument: 'lon' });
  }
  if (lonInRange(lon) && latInRange(lat)) return;
  const looksSwapped = latInRange(lon) && lonInRange(lat);
  throw badUserInput(
    looksSwapped
      ? `经纬度疑似颠倒：lon 应为经度、lat 应为纬度，收到 lon=${lon}、lat=${lat}；请交换两者`
      : `坐标超出范围：lon（经度）须在 -180 到 180 之间，lat（纬度）须在 -90 到 90 之间，收到 lon=${lon}、lat=${lat}`,
    { argument: looksSwapped || !lonInRange(lon) ? 'lon' : 'lat' },
  );
}
