/**
 * The pan and zoom path of the viewport measurement: the views of a 1440 × 900 screen while a user looks over the
 * district and then zooms in on its centre of town. Bounding boxes follow MapLibre's Web Mercator with 512-pixel
 * tiles, so each is the `getBounds()` of an unrotated map at that centre and zoom.
 */
import { type Database, PLANTED } from '@lianfang/db';

export type LonLat = [number, number];
export type Bbox = [number, number, number, number];

export const SCREEN = { width: 1440, height: 900 } as const;
const TILE_SIZE = 512;
/** Zoom of the district view, then the levels the path zooms in to. */
export const DISTRICT_ZOOM = 10;
export const ZOOM_LEVELS = [DISTRICT_ZOOM, 12, 14, 16] as const;
/** Each pan moves the view by this fraction of its width or height. */
const PAN_FRACTION = 1 / 3;
const DIRECTIONS = [
  ['N', 0, -1],
  ['NE', 1, -1],
  ['E', 1, 0],
  ['SE', 1, 1],
  ['S', 0, 1],
  ['SW', -1, 1],
  ['W', -1, 0],
  ['NW', -1, -1],
] as const;

export interface View {
  /** For example `z12 centre` or `z12 pan NE`. */
  label: string;
  zoom: number;
  center: LonLat;
  bbox: Bbox;
}

function worldSize(zoom: number): number {
  return TILE_SIZE * 2 ** zoom;
}

function project([lon, lat]: LonLat, zoom: number): [number, number] {
  const size = worldSize(zoom);
  const sin = Math.sin((lat * Math.PI) / 180);
  const x = ((lon + 180) / 360) * size;
  const y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size;
  return [x, y];
}

function unproject([x, y]: [number, number], zoom: number): LonLat {
  const size = worldSize(zoom);
  const lon = (x / size) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / size))) * 180) / Math.PI;
  return [lon, lat];
}

/** Returns the bbox `[west, south, east, north]` that a screen of `SCREEN` size shows at `center` and `zoom`. */
export function viewBbox(center: LonLat, zoom: number): Bbox {
  const [x, y] = project(center, zoom);
  const [west, north] = unproject([x - SCREEN.width / 2, y - SCREEN.height / 2], zoom);
  const [east, south] = unproject([x + SCREEN.width / 2, y + SCREEN.height / 2], zoom);
  return [west, south, east, north];
}

/** Returns the centre of the view at `center` moved by (dx, dy) screen fractions, where +dy moves south. */
function panned(center: LonLat, zoom: number, dx: number, dy: number): LonLat {
  const [x, y] = project(center, zoom);
  return unproject([x + dx * SCREEN.width, y + dy * SCREEN.height], zoom);
}

/** Returns the view at `center` and the eight views a third of a screen away from it, clockwise from north. */
function levelViews(center: LonLat, zoom: number): View[] {
  const views: View[] = [{ label: `z${zoom} centre`, zoom, center, bbox: viewBbox(center, zoom) }];
  for (const [name, dx, dy] of DIRECTIONS) {
    const moved = panned(center, zoom, dx * PAN_FRACTION, dy * PAN_FRACTION);
    views.push({ label: `z${zoom} pan ${name}`, zoom, center: moved, bbox: viewBbox(moved, zoom) });
  }
  return views;
}

/**
 * Builds the path: the district view at zoom 10 centred on the district's extent and its 8 pans, then zoom 12,
 * 14 and 16 centred on the planted address of 松陵街道 (the district's seat) with 8 pans each: 36 views.
 */
export function buildPath(districtCenter: LonLat, townCenter: LonLat): View[] {
  return ZOOM_LEVELS.flatMap((zoom) => levelViews(zoom === DISTRICT_ZOOM ? districtCenter : townCenter, zoom));
}

export interface PathAnchors {
  districtCenter: LonLat;
  townCenter: LonLat;
  districtExtent: Bbox;
}

/** Reads the centre of the district's extent and the location of the planted address in 松陵街道. */
export async function readPathAnchors(database: Database, districtCode: string): Promise<PathAnchors> {
  const { rows } = await database.query<{ west: number; south: number; east: number; north: number }>(
    `SELECT ST_XMin(extent) AS west, ST_YMin(extent) AS south, ST_XMax(extent) AS east, ST_YMax(extent) AS north
     FROM (SELECT ST_Extent(boundary) AS extent FROM governance.org_units WHERE code = $1) AS district`,
    [districtCode],
  );
  const town = await database.query<{ lon: number; lat: number }>(
    'SELECT ST_X(location) AS lon, ST_Y(location) AS lat FROM police.addresses WHERE id = $1',
    [PLANTED.abnormal.addressId],
  );
  const extent = rows[0];
  const address = town.rows[0];
  if (!extent || extent.west === null || !address) {
    throw new Error(`District ${districtCode} or address ${PLANTED.abnormal.addressId} not found in the bench data`);
  }
  return {
    districtCenter: [(extent.west + extent.east) / 2, (extent.south + extent.north) / 2],
    townCenter: [address.lon, address.lat],
    districtExtent: [extent.west, extent.south, extent.east, extent.north],
  };
}
