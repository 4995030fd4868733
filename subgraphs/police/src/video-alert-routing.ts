import type { Queryable } from '@lianfang/db';

/** Farthest a patrol zone may lie from a camera outside every zone and still receive its alerts, in metres. */
export const NEAREST_ZONE_MAX_METRES = 3000;

/** The patrol zone an alert goes to, with the distance and the note shown to the commanders. */
export interface PatrolRoute {
  zoneId: string | null;
  /** 0 when the zone covers the camera, null without a zone. */
  distanceMetres: number | null;
  note: string;
}

/**
 * Finds the patrol zone of a camera's district that covers the camera (ST_Covers, so a camera on the boundary
 * counts), or else the nearest one within 3 km on the ellipsoid. Zones of other districts are left out, because each
 * district's police patrol their own zones. Ties go to the lower zone id.
 */
export async function routeToPatrolZone(tx: Queryable, cameraId: string): Promise<PatrolRoute> {
  const { rows } = await tx.query<{ id: string; name: string; unitName: string; covers: boolean; distance: number }>(
    `SELECT zone.id, zone.name, zone.unit_name AS "unitName", ST_Covers(zone.zone, camera.location) AS covers,
            ST_Distance(zone.zone::geography, camera.location::geography) AS distance
     FROM police.cameras AS camera
     JOIN police.patrol_zones AS zone
       ON zone.org_unit_code LIKE left(camera.org_unit_code, 6) || '%'
      AND ST_DWithin(zone.zone::geography, camera.location::geography, $2::float8)
     WHERE camera.id = $1
     ORDER BY covers DESC, distance, zone.id
     LIMIT 1`,
    [cameraId, NEAREST_ZONE_MAX_METRES],
  );
  const zone = rows[0];
  if (!zone) {
    return {
      zoneId: null,
      distanceMetres: null,
      note: '摄像头 3 公里内没有本区的巡逻区，警情未派出；请指挥中心人工指派处置力量',
    };
  }
  if (zone.covers) {
    return { zoneId: zone.id, distanceMetres: 0, note: `摄像头位于巡逻区“${zone.name}”内，已派往${zone.unitName}` };
  }
  const metres = Math.round(zone.distance);
  return {
    zoneId: zone.id,
    distanceMetres: zone.distance,
    note: `摄像头不在本区任何巡逻区内，已派往 ${metres} 米外最近的巡逻区“${zone.name}”（${zone.unitName}）`,
  };
}
