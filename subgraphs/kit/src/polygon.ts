import { LostPostgisError } from '@lianfang/db';
import type { SubgraphContext } from './context.js';
import { BadInputReason, badUserInput } from './errors.js';

/**
 * Limits of a search area. Vertices count every position of every ring, closing positions included, and the area
 * is measured on the WGS84 ellipsoid.
 */
export const SEARCH_AREA_LIMITS = { maxVertices: 5000, maxAreaSquareKm: 2000 } as const;

type Position = [number, number];
type PolygonCoordinates = Position[][];

/** Polygon or MultiPolygon in canonical form: `[lon, lat]` positions and no members besides `type` and `coordinates`. */
export type SearchAreaGeometry =
  | { type: 'Polygon'; coordinates: PolygonCoordinates }
  | { type: 'MultiPolygon'; coordinates: PolygonCoordinates[] };

/** A validated search area. */
export interface SearchArea {
  /** Canonical GeoJSON text, the value to pass to `ST_GeomFromGeoJSON`. */
  geojson: string;
  /** Area on the WGS84 ellipsoid in square kilometres. */
  areaSquareKm: number;
}

const lonInRange = (value: number) => value >= -180 && value <= 180;
const latInRange = (value: number) => value >= -90 && value <= 90;

/** A position with where it sits, as `coordinates[…]` for developers and as a ring label for people. */
interface Located {
  position: Position;
  path: string;
}

function formatPosition([lon, lat]: Position): string {
  return `[${lon}, ${lat}]`;
}

/** Names a ring as people count: the outer ring or the n-th hole, prefixed by the polygon's number in a MultiPolygon. */
function ringLabel(multi: boolean, polygon: number, ring: number): string {
  const part = multi ? `第 ${polygon + 1} 个多边形的` : '';
  return ring === 0 ? `${part}外环` : `${part}第 ${ring} 个内环`;
}

/**
 * Reads the nested coordinate arrays into polygons of `[lon, lat]` positions, dropping any altitude. Only the
 * structure is checked here: numbers in arrays of the right depth.
 */
function readPolygons(argument: string, geometry: { type: string; coordinates: unknown }): PolygonCoordinates[] {
  const multi = geometry.type === 'MultiPolygon';
  const invalid = (path: string) =>
    badUserInput(
      `${argument} 的坐标结构无效（${path}）：${
        multi ? 'MultiPolygon 应为多边形的数组，每个多边形' : 'Polygon '
      }应为环的数组，每个环是 [经度, 纬度] 点的数组，且至少有一个环`,
      { argument, reason: BadInputReason.INVALID_COORDINATES },
    );
  const polygonsValue = multi ? geometry.coordinates : [geometry.coordinates];
  if (!Array.isArray(polygonsValue) || polygonsValue.length === 0) throw invalid('coordinates');

  return polygonsValue.map((polygonValue: unknown, polygonIndex) => {
    const polygonPath = multi ? `coordinates[${polygonIndex}]` : 'coordinates';
    if (!Array.isArray(polygonValue) || polygonValue.length === 0) throw invalid(polygonPath);
    return polygonValue.map((ringValue: unknown, ringIndex) => {
      const ringPath = `${polygonPath}[${ringIndex}]`;
      if (!Array.isArray(ringValue)) throw invalid(ringPath);
      return ringValue.map((positionValue: unknown, positionIndex): Position => {
        const isPosition =
          Array.isArray(positionValue) &&
          (positionValue.length === 2 || positionValue.length === 3) &&
          positionValue.every((number) => typeof number === 'number');
        if (!isPosition) throw invalid(`${ringPath}[${positionIndex}]`);
        return [positionValue[0] as number, positionValue[1] as number];
      });
    });
  });
}

function locatePositions(polygons: PolygonCoordinates[], multi: boolean): Located[] {
  return polygons.flatMap((polygon, polygonIndex) =>
    polygon.flatMap((ring, ringIndex) =>
      ring.map((position, positionIndex) => ({
        position,
        path: `coordinates${multi ? `[${polygonIndex}]` : ''}[${ringIndex}][${positionIndex}]`,
      })),
    ),
  );
}

/** Checks that every coordinate is a finite WGS84 value, naming latitude-first input as such. */
function checkCoordinates(argument: string, positions: Located[]): void {
  const infinite = positions.find(({ position }) => !position.every(Number.isFinite));
  if (infinite) {
    throw badUserInput(`${argument} 的坐标须为有限数字，收到 ${infinite.path} = ${formatPosition(infinite.position)}`, {
      argument,
      reason: BadInputReason.INVALID_COORDINATES,
    });
  }
  const outOfRange = positions.find(({ position: [lon, lat] }) => !lonInRange(lon) || !latInRange(lat));
  if (!outOfRange) return;
  // Like parseBbox: when swapping every position would put all of them in range, the input was latitude-first.
  const looksSwapped = positions.every(({ position: [lon, lat] }) => latInRange(lon) && lonInRange(lat));
  if (looksSwapped) {
    throw badUserInput(
      `${argument} 的经纬度顺序疑似颠倒：GeoJSON 要求每个点为 [经度, 纬度]，收到 ${outOfRange.path} = ${formatPosition(
        outOfRange.position,
      )}；请交换每个点的两个值`,
      { argument, reason: BadInputReason.COORDINATES_SWAPPED },
    );
  }
  throw badUserInput(
    `${argument} 的坐标超出范围：经度须在 -180 到 180 之间，纬度须在 -90 到 90 之间，收到 ${outOfRange.path} = ${formatPosition(
      outOfRange.position,
    )}`,
    { argument, reason: BadInputReason.COORDINATE_OUT_OF_RANGE },
  );
}

/** Checks that every ring has at least 4 positions and ends where it starts. */
function checkRings(argument: string, polygons: PolygonCoordinates[], multi: boolean): void {
  for (const [polygonIndex, polygon] of polygons.entries()) {
    for (const [ringIndex, ring] of polygon.entries()) {
      const label = ringLabel(multi, polygonIndex, ringIndex);
      if (ring.length < 4) {
        throw badUserInput(`${argument} 的${label}只有 ${ring.length} 个点：闭合环至少需要 4 个点（首末两点相同）`, {
          argument,
          reason: BadInputReason.RING_TOO_SHORT,
        });
      }
      const first = ring[0] as Position;
      const last = ring[ring.length - 1] as Position;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        throw badUserInput(
          `${argument} 的${label}未闭合：首点 ${formatPosition(first)} 与末点 ${formatPosition(last)} 须相同；请在环末尾补上首点`,
          { argument, reason: BadInputReason.RING_NOT_CLOSED },
        );
      }
    }
  }
}

/**
 * Checks a search area without the database: a GeoJSON Polygon or MultiPolygon with 1 to 5000 vertices, finite
 * WGS84 coordinates and closed rings of at least 4 positions. Returns it in canonical form. `parseSearchArea`
 * checks the topology.
 */
export function checkSearchAreaShape(value: unknown, argument = 'within'): SearchAreaGeometry {
  const geometry = value as { type?: unknown; coordinates?: unknown } | null;
  const type = typeof geometry === 'object' && geometry !== null ? geometry.type : undefined;
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    throw badUserInput(
      `${argument} 须为 GeoJSON Polygon 或 MultiPolygon（经度在前，WGS84），收到类型 ${JSON.stringify(type ?? null)}`,
      { argument, reason: BadInputReason.INVALID_GEOMETRY_TYPE },
    );
  }
  const polygons = readPolygons(argument, { type, coordinates: geometry?.coordinates });
  const multi = type === 'MultiPolygon';

  const positions = locatePositions(polygons, multi);
  if (positions.length > SEARCH_AREA_LIMITS.maxVertices) {
    throw badUserInput(
      `${argument} 共有 ${positions.length} 个顶点，超过上限 ${SEARCH_AREA_LIMITS.maxVertices}；请简化多边形后重试`,
      { argument, reason: BadInputReason.TOO_MANY_VERTICES },
    );
  }
  checkCoordinates(argument, positions);
  checkRings(argument, polygons, multi);
  return multi ? { type, coordinates: polygons } : { type, coordinates: polygons[0] as PolygonCoordinates };
}

// Reasons that ST_IsValidReason takes from GEOS, in Chinese. Any other reason is quoted as it is.
// "Ring Self-intersection" precedes "Self-intersection" because the first matching prefix wins.
const VALIDITY_REASONS: [prefix: string, chinese: string][] = [
  ['Ring Self-intersection', '环在一点处与自身相接'],
  ['Self-intersection', '边界交叉（自相交，或多个部分相互重叠）'],
  ['Hole lies outside shell', '内环不在外环之内'],
  ['Holes are nested', '内环相互嵌套'],
  ['Interior is disconnected', '内环把多边形分成了不相连的部分'],
  ['Nested shells', '一个多边形位于另一个多边形之内'],
  ['Duplicate Rings', '有重复的环'],
  ['Too few points in geometry component', '环中不重复的点太少，构不成面'],
  ['Invalid Coordinate', '坐标无效'],
  ['Ring is not closed', '环未闭合'],
  ['Repeated Point', '有重复的点'],
];

/** Turns `Self-intersection[120.65 31.15]` into a Chinese sentence with the location, or quotes an unknown reason. */
export function describeValidityReason(reason: string): string {
  const match = /^(.*?)\s*(?:\[(\S+) (\S+)\])?$/.exec(reason.trim());
  const text = match?.[1] ?? reason;
  const where = match?.[2] && match[3] ? `，位置约 [${match[2]}, ${match[3]}]` : '';
  const known = VALIDITY_REASONS.find(([prefix]) => text.startsWith(prefix));
  return known ? `${known[1]}${where}` : `PostGIS 判定无效：${JSON.stringify(reason)}`;
}

/**
 * True for errors that the geometry itself caused: SQLSTATE class 22 (data exception), XX000 (what PostGIS's own
 * errors carry), or an error the embedded backend lost. Connection and server failures stay internal errors.
 */
function isGeometryFault(error: unknown): boolean {
  if (error instanceof LostPostgisError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code === 'XX000');
}

/**
 * Validates a search area argument: the checks of `checkSearchAreaShape`, then validity per PostGIS (`ST_IsValid`)
 * and an area of at most 2000 km². Returns undefined for a missing argument. Every rejection is BAD_USER_INPUT with
 * `extensions.argument` and `extensions.reason`.
 */
export async function parseSearchArea(
  context: SubgraphContext,
  value: unknown,
  argument = 'within',
): Promise<SearchArea | undefined> {
  if (value === null || value === undefined) return undefined;
  const geojson = JSON.stringify(checkSearchAreaShape(value, argument));

  let checked: { valid: boolean; reason: string; areaSquareMetres: number | null } | undefined;
  try {
    const { rows } = await context.database.query<NonNullable<typeof checked>>(
      `SELECT ST_IsValid(area) AS valid, ST_IsValidReason(area) AS reason,
              CASE WHEN ST_IsValid(area) THEN ST_Area(area::geography) END AS "areaSquareMetres"
       FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS area) AS input`,
      [geojson],
    );
    checked = rows[0];
  } catch (error) {
    // NOTE: no test reaches this branch. After the checks above, none of the invalid inputs in the tests makes
    // ST_IsValid fail on GEOS 3.11 (server) or 3.14 (embedded). The branch guards inputs not yet found.
    if (!isGeometryFault(error)) throw error;
    context.logger.warn({ err: error, argument }, 'PostGIS failed to check a search area');
    throw badUserInput(
      `${argument} 多边形无效：PostGIS 无法处理该多边形；请检查是否有重复的点、极窄的尖角或交叉的边，然后重新绘制`,
      { argument, reason: BadInputReason.INVALID_POLYGON },
    );
  }
  if (!checked) throw new Error('The search area check returned no row');

  if (!checked.valid) {
    throw badUserInput(`${argument} 多边形无效：${describeValidityReason(checked.reason)}；请修正后重新绘制`, {
      argument,
      reason: BadInputReason.INVALID_POLYGON,
    });
  }
  const areaSquareKm = (checked.areaSquareMetres ?? 0) / 1e6;
  if (areaSquareKm > SEARCH_AREA_LIMITS.maxAreaSquareKm) {
    throw badUserInput(
      `${argument} 的面积约 ${Math.round(areaSquareKm)} 平方千米，超过上限 ${SEARCH_AREA_LIMITS.maxAreaSquareKm} 平方千米；请缩小范围，或分几次查询`,
      { argument, reason: BadInputReason.POLYGON_TOO_LARGE },
    );
  }
  return { geojson, areaSquareKm };
}
