import {
  notFound,
  outOfJurisdiction,
  requestLoader,
  type SubgraphContext,
  type TimeRange,
} from '@lianfang/subgraph-kit';
import { sharedIncidentCondition, sharedIncidentPattern, zoneVisibility } from './scope.js';

/** Border zone row as the resolvers receive it, with `band` as GeoJSON text. */
export interface BorderZoneRow {
  id: string;
  name: string;
  districtCodes: string[];
  bandWidthMetres: number;
  band: string;
}

const COLUMNS = `id, name, district_codes AS "districtCodes", band_width_m AS "bandWidthMetres",
  ST_AsGeoJSON(ST_ForcePolygonCCW(band), 7) AS band`;

/** Loads zones by id, whether or not the caller may see them. */
function anyBorderZoneLoader(context: SubgraphContext) {
  return requestLoader<string, BorderZoneRow>(context, 'anyBorderZoneById', async (ids) => {
    const { rows } = await context.database.query<BorderZoneRow>(
      `SELECT ${COLUMNS} FROM crossborder.border_zones WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  });
}

/** Loads zones by id. A zone the caller may not see (see `zoneVisibility`) loads as null, like a missing one. */
export function borderZoneLoader(context: SubgraphContext) {
  return requestLoader<string, BorderZoneRow>(context, 'borderZoneById', async (ids) => {
    const visible = await zoneVisibility(context);
    const zones = await anyBorderZoneLoader(context).loadMany(ids);
    const found = new Map<string, BorderZoneRow>();
    for (const zone of zones) {
      if (zone && !(zone instanceof Error) && visible(zone.districtCodes)) found.set(zone.id, zone);
    }
    return found;
  });
}

/** Lists the zones the caller may see, by id. */
export async function listBorderZones(context: SubgraphContext): Promise<BorderZoneRow[]> {
  const visible = await zoneVisibility(context);
  const { rows } = await context.database.query<BorderZoneRow>(
    `SELECT ${COLUMNS} FROM crossborder.border_zones ORDER BY id`,
  );
  return rows.filter((zone) => visible(zone.districtCodes));
}

/**
 * Loads a zone that an argument names, raising NOT_FOUND when it does not exist and FORBIDDEN
 * (`OUT_OF_JURISDICTION`, recorded for the audit log) when the caller may not see it.
 */
export async function requireBorderZone(context: SubgraphContext, id: string, argument: string) {
  const zone = await anyBorderZoneLoader(context).load(id);
  if (!zone) {
    throw notFound(`未找到编号为 ${JSON.stringify(id)} 的交界地带；请用 borderZones 查询现有的编号`, { argument });
  }
  const visible = await zoneVisibility(context);
  if (!visible(zone.districtCodes)) {
    throw outOfJurisdiction(context, `BorderZone(${id})`, zone.districtCodes.join('、'));
  }
  return zone;
}

/** Counts the shared incidents of each zone within one time window. */
export function zoneIncidentCountLoader(context: SubgraphContext, range: TimeRange) {
  return requestLoader<string, number>(context, `zoneIncidentCount:${range.from}:${range.to}`, async (ids) => {
    const { rows } = await context.database.query<{ id: string; count: number }>(
      `SELECT zone.id, (
         SELECT count(*) FROM crossborder.shared_incidents
         WHERE zone_id = zone.id
           AND ($2::timestamptz IS NULL OR occurred_at >= $2::timestamptz)
           AND ($3::timestamptz IS NULL OR occurred_at < $3::timestamptz)
           AND ${sharedIncidentCondition(4)}
       )::integer AS count
       FROM unnest($1::text[]) AS zone(id)`,
      [ids, range.from, range.to, sharedIncidentPattern(context)],
    );
    return new Map(rows.map((row) => [row.id, row.count]));
  });
}
