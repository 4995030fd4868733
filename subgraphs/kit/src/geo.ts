import { badUserInput, quoted } from './errors.js';

/** `[west, south, east, north]` in degrees, WGS84. */
export type Bbox = [number, number, number, number];

/**
 * Validates a bounding box argument: four finite numbers, longitudes within -180..180 and latitudes within
 * -90..90, west below east and south below north. Latitude-first boxes are named as such, since that is the usual
 * mistake.
 */
export function parseBbox(value: readonly number[] | null | undefined): Bbox | undefined {
  if (value === null || value === undefined) return undefined;
  if (value.length !== 4 || value.some((number) => !Number.isFinite(number))) {
    throw badUserInput(`bbox 须为 4 个数字 [西经度, 南纬度, 东经度, 北纬度]，收到 ${quoted(value)}`, {
      argument: 'bbox',
    });
  }
  const [west, south, east, north] = value as Bbox;
  const lonOk = (lon: number) => lon >= -180 && lon <= 180;
  const latOk = (lat: number) => lat >= -90 && lat <= 90;
  if (!lonOk(west) || !lonOk(east) || !latOk(south) || !latOk(north)) {
    const looksSwapped = latOk(west) && latOk(east) && lonOk(south) && lonOk(north);
    throw badUserInput(
      looksSwapped
        ? `bbox 经纬度顺序疑似颠倒：应为 [西经度, 南纬度, 东经度, 北纬度]，收到 ${JSON.stringify(value)}`
        : `bbox 超出范围：经度须在 -180 到 180 之间，纬度须在 -90 到 90 之间，收到 ${JSON.stringify(value)}`,
      { argument: 'bbox' },
    );
  }
  if (west >= east || south >= north) {
    throw badUserInput(`bbox 须满足 西 < 东 且 南 < 北，收到 ${JSON.stringify(value)}`, { argument: 'bbox' });
  }
  return [west, south, east, north];
}
