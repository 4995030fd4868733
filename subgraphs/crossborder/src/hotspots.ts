import { createHash } from 'node:crypto';
import type { SubgraphContext } from '@lianfang/subgraph-kit';
import {
  assertIntegerInRange,
  assertMetresInRange,
  ForbiddenReason,
  forbidden,
  isOwnCity,
  parseTimeRange,
} from '@lianfang/subgraph-kit';
import { sharedIncidentCondition, sharedIncidentPattern } from './scope.js';
import { requireBorderZone } from './zones.js';

export const HOTSPOT_RADIUS_METRES = { min: 10, max: 5000 } as const;
export const HOTSPOT_MIN_INCIDENTS = { min: 2, max: 1000 } as const;
/**
 * Smallest clusters a partner city may ask for. Smaller ones would place single incidents within metres, while
 * `SharedIncident.location` itself may lie outside the agreement.
 */
export const PARTNER_HOTSPOT_FLOOR = { radiusMetres: 100, minIncidents: 5 } as const;
/** Decimal places of a partner's hotspot centroid: 3 places of a degree are about 100 m. */
const PARTNER_CENTROID_DIGITS = 3;
/** Margin around the convex hull of a cluster, so that a cluster of one line or point still has an area. */
const AREA_MARGIN_METRES = 50;

export interface HotspotArgs {
  zone: string;
  from?: Date | null;
  to?: Date | null;
  radiusMetres: number;
  minIncidents: number;
}

interface HotspotRow {
  id: string;
  count: number;
  centroid: string;
  area: string;
  categories: string[];
}

/** Counts each category of a cluster, most frequent first. */
function countCategories(categories: readonly string[]) {
  const counts = new Map<string, number>();
  for (const category of categories) counts.set(category, (counts.get(category) ?? 0) + 1);
  return [...counts]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
}

/**
 * Finds clusters of shared incidents in a zone with DBSCAN: a point with at least `minIncidents` incidents within
 * `radiusMetres` (itself included) starts or extends a cluster. Points are projected to UTM zone 51N (EPSG:32651)
 * so that the radius is in metres. That zone spans 120°E to 126°E, and the three districts lie at 120.36°E to
 * 121.04°E, where distances in the projection differ from ellipsoidal ones by less than 0.05 % (PostGIS, 30.9°N).
 */
export async function findHotspots(context: SubgraphContext, args: HotspotArgs) {
  assertMetresInRange(args.radiusMetres, HOTSPOT_RADIUS_METRES.min, HOTSPOT_RADIUS_METRES.max, 'radiusMetres');
  assertIntegerInRange(args.minIncidents, HOTSPOT_MIN_INCIDENTS.min, HOTSPOT_MIN_INCIDENTS.max, 'minIncidents');
  const range = parseTimeRange(args);
  await requireBorderZone(context, args.zone, 'zone');
  const partner = !isOwnCity(context);
  if (partner) assertPartnerFloor(context, args);

  // A border point reachable from two clusters joins only one of them, so a cluster can fall below minpoints.
  // HAVING drops such remnants.
  const { rows } = await context.database.query<HotspotRow>(
    `WITH clustered AS (
       SELECT id, category, location,
              ST_ClusterDBSCAN(ST_Transform(location, 32651), eps := $4::float8, minpoints := $5::integer) OVER () AS cluster
       FROM crossborder.shared_incidents
       WHERE zone_id = $1
         AND ($2::timestamptz IS NULL OR occurred_at >= $2::timestamptz)
         AND ($3::timestamptz IS NULL OR occurred_at < $3::timestamptz)
         AND ${sharedIncidentCondition(7)}
     )
     SELECT min(id) AS id, count(*)::integer AS count,
            ST_AsGeoJSON(ST_Centroid(ST_Collect(location)), $8::integer) AS centroid,
            ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Buffer(ST_ConvexHull(ST_Collect(location))::geography, $6::float8)::geometry), 7)
              AS area,
            array_agg(category ORDER BY category) AS categories
     FROM clustered WHERE cluster IS NOT NULL
     GROUP BY cluster HAVING count(*) >= $5::integer
     ORDER BY count DESC, id`,
    [
      args.zone,
      range.from,
      range.to,
      args.radiusMetres,
      args.minIncidents,
      AREA_MARGIN_METRES,
      sharedIncidentPattern(context),
      partner ? PARTNER_CENTROID_DIGITS : 7,
    ],
  );
  return rows.map((row) => ({
    ...row,
    // An own-city hotspot is named after its first incident; a partner's gets an opaque id instead.
    id: partner ? `HS-${createHash('sha256').update(row.id).digest('hex').slice(0, 16)}` : row.id,
    categories: countCategories(row.categories),
  }));
}

/** Rejects a partner's request for clusters small enough to locate single incidents. */
function assertPartnerFloor(context: SubgraphContext, args: HotspotArgs): void {
  const floor = PARTNER_HOTSPOT_FLOOR;
  if (args.radiusMetres >= floor.radiusMetres && args.minIncidents >= floor.minIncidents) return;
  context.access.deny('Query.borderHotspots', ForbiddenReason.OUTSIDE_AGREEMENT);
  throw forbidden(
    `合作城市查询热点时 radiusMetres 不得小于 ${floor.radiusMetres}、minIncidents 不得小于 ${floor.minIncidents}，` +
      `以免定位到单起警情；收到 radiusMetres=${args.radiusMetres}、minIncidents=${args.minIncidents}`,
    ForbiddenReason.OUTSIDE_AGREEMENT,
  );
}
