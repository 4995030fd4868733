/**
 * Conversion of consumer-map coordinates to WGS84 with gcoord. CGCS2000, China's geodetic datum, differs from
 * WGS84 by centimetres and is treated as equal; GCJ-02 (the offset datum of consumer maps) and BD-09 (Baidu's)
 * are shifted by hundreds of metres and must be converted on the way in.
 */
import { createRequire } from 'node:module';
import type { Geometry } from 'geojson';

export type InputCrs = 'WGS84' | 'GCJ02' | 'BD09';

/** The part of gcoord 1.0.7 used here. */
interface Gcoord {
  WGS84: string;
  GCJ02: string;
  BD09: string;
  transform<T>(input: T, from: string, to: string): T;
}

// gcoord 1.0.7 is CommonJS and its type declarations describe an ES default export that TypeScript's NodeNext
// resolution cannot see through, so the module is loaded with require and typed by the interface above.
const gcoord = createRequire(import.meta.url)('gcoord') as Gcoord;

/** Converts a geometry given in `crs` to WGS84; returns a new object and leaves the input unchanged. */
export function geometryToWgs84<G extends Geometry>(geometry: G, crs: InputCrs): G {
  if (crs === 'WGS84') return geometry;
  const from = crs === 'GCJ02' ? gcoord.GCJ02 : gcoord.BD09;
  return gcoord.transform(structuredClone(geometry), from, gcoord.WGS84);
}

/** Converts WGS84 to `crs`; used to build test inputs and exports for consumer maps. */
export function geometryFromWgs84<G extends Geometry>(geometry: G, crs: InputCrs): G {
  if (crs === 'WGS84') return geometry;
  const to = crs === 'GCJ02' ? gcoord.GCJ02 : gcoord.BD09;
  return gcoord.transform(structuredClone(geometry), gcoord.WGS84, to);
}
