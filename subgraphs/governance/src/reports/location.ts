/**
 * The location of a report: conversion of the device's or map's coordinates to WGS84, and the org units of the
 * hub's own city that cover the point.
 */
import { geometryToWgs84, type Queryable } from '@lianfang/db';
import { BadInputReason, badUserInput } from '@lianfang/subgraph-kit';

export type CoordinateSystem = 'WGS84' | 'CGCS2000' | 'GCJ02' | 'BD09';
export type LocationSource = 'DEVICE' | 'MAP' | 'CAMERA';

export interface LocationInput {
  longitude: number;
  latitude: number;
  crs?: CoordinateSystem | null;
  source?: LocationSource | null;
}

/** A WGS84 point with the coordinate system and source it arrived in. */
export interface ReportLocation {
  longitude: number;
  latitude: number;
  inputCrs: CoordinateSystem;
  source: LocationSource;
}

/** Stable reasons of a rejected location, sent as `extensions.reason`. */
export const LocationReason = {
  COORDINATES_SWAPPED: BadInputReason.COORDINATES_SWAPPED,
  COORDINATE_OUT_OF_RANGE: BadInputReason.COORDINATE_OUT_OF_RANGE,
  INVALID_COORDINATES: BadInputReason.INVALID_COORDINATES,
  OUTSIDE_JURISDICTION: 'OUTSIDE_JURISDICTION',
} as const;

const inRange = (value: number, min: number, max: number) => value >= min && value <= max;

/**
 * True when the pair looks like latitude first: China lies within longitude 73–135 and latitude 3–54, so a latitude
 * in the first range and a longitude in the second are the two values swapped.
 */
function looksSwapped(longitude: number, latitude: number): boolean {
  return inRange(latitude, 73, 135) && inRange(longitude, 3, 54);
}

/**
 * Checks the coordinates and converts them to WGS84. CGCS2000 differs from WGS84 by centimetres and is kept as is;
 * GCJ-02 and BD-09 are converted with gcoord.
 */
export function toReportLocation(input: LocationInput): ReportLocation {
  const { longitude, latitude } = input;
  const argument = 'input.location';
  if (!Number.isFinite(longitude) || !Number.isFinite(latitude)) {
    throw badUserInput(`经纬度须为有限数字，收到经度 ${longitude}、纬度 ${latitude}`, {
      argument,
      reason: LocationReason.INVALID_COORDINATES,
    });
  }
  if (looksSwapped(longitude, latitude)) {
    throw badUserInput(
      `经纬度疑似颠倒：经度在前（longitude，国内约 73 到 135），纬度在后（latitude，国内约 3 到 54），收到 longitude=${longitude}、latitude=${latitude}；请交换两者后重新提交`,
      { argument, reason: LocationReason.COORDINATES_SWAPPED },
    );
  }
  if (!inRange(longitude, -180, 180) || !inRange(latitude, -90, 90)) {
    throw badUserInput(
      `坐标超出范围：经度须在 -180 到 180 之间，纬度须在 -90 到 90 之间，收到 longitude=${longitude}、latitude=${latitude}`,
      { argument, reason: LocationReason.COORDINATE_OUT_OF_RANGE },
    );
  }
  const inputCrs = input.crs ?? 'WGS84';
  const source = input.source ?? 'DEVICE';
  const point = { type: 'Point' as const, coordinates: [longitude, latitude] };
  const converted = inputCrs === 'GCJ02' || inputCrs === 'BD09' ? geometryToWgs84(point, inputCrs) : point;
  const [wgsLongitude, wgsLatitude] = converted.coordinates as [number, number];
  return { longitude: wgsLongitude, latitude: wgsLatitude, inputCrs, source };
}

/** An org unit whose boundary covers a point. */
export interface CoveringUnit {
  code: string;
  name: string;
  level: 'DISTRICT' | 'STREET' | 'COMMUNITY' | 'GRID';
}

/**
 * Returns the org units of the caller's city whose boundary covers the point, smallest first (grid, community,
 * street, district). The caller's city is the `city_name` of the district their org unit lies in, so a partner
 * city's districts, which the same table holds for the cross-border views, never count.
 */
export async function coveringUnits(
  queryable: Queryable,
  location: Pick<ReportLocation, 'longitude' | 'latitude'>,
  callerOrgUnit: string,
): Promise<CoveringUnit[]> {
  const { rows } = await queryable.query<CoveringUnit>(
    `WITH own_district AS (
       SELECT code, city_name FROM governance.org_units WHERE code = left($3, 6) AND level = 'DISTRICT'
     ), own_districts AS (
       SELECT d.code FROM governance.org_units d, own_district o
       WHERE d.level = 'DISTRICT' AND (d.code = o.code OR d.city_name = o.city_name)
     )
     SELECT u.code, u.name, u.level FROM governance.org_units u
     WHERE left(u.code, 6) IN (SELECT code FROM own_districts)
       AND ST_Covers(u.boundary, ST_SetSRID(ST_MakePoint($1, $2), 4326))
     ORDER BY length(u.code) DESC, u.code`,
    [location.longitude, location.latitude, callerOrgUnit],
  );
  return rows;
}

/** Rejects a point that no district of the caller's city covers. */
export function outsideJurisdiction(location: ReportLocation): Error {
  return badUserInput(
    `位置（经度 ${location.longitude.toFixed(6)}、纬度 ${location.latitude.toFixed(6)}）不在本市辖区内；请确认定位是否准确，或在地图上重新选点`,
    { argument: 'input.location', reason: LocationReason.OUTSIDE_JURISDICTION },
  );
}
