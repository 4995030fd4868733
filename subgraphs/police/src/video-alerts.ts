import {
  assertFirst,
  assertOrgUnitCode,
  assertWithinJurisdiction,
  groupBy,
  jurisdictionPattern,
  parseTimeRange,
  requestListLoader,
  requestLoader,
  type SubgraphContext,
  timeRangeParams,
} from '@lianfang/subgraph-kit';

/** Video alert row as the resolvers receive it. */
export interface VideoAlertRow {
  id: string;
  kind: string;
  cameraId: string;
  orgUnitCode: string;
  firstDetectedAt: Date;
  lastDetectedAt: Date;
  detections: number;
  maxConfidence: number;
  durationSeconds: number | null;
  incidentId: string;
  patrolZoneId: string | null;
  routingDistanceMetres: number | null;
  routingNote: string;
}

export const VIDEO_ALERT_COLUMNS = `id, kind, camera_id AS "cameraId", org_unit_code AS "orgUnitCode",
  first_detected_at AS "firstDetectedAt", last_detected_at AS "lastDetectedAt", detections,
  max_confidence AS "maxConfidence", duration_seconds AS "durationSeconds", incident_id AS "incidentId",
  patrol_zone_id AS "patrolZoneId", routing_distance_metres AS "routingDistanceMetres", routing_note AS "routingNote"`;

export const MAX_VIDEO_ALERT_PAGE = 1000;
/** Alerts `PatrolZone.videoAlerts` lists per zone at most. */
export const MAX_ZONE_VIDEO_ALERTS = 200;

/** Loads the alert that created each incident; incidents of the reception desk have none. */
export function videoAlertByIncidentLoader(context: SubgraphContext) {
  return requestLoader<string, VideoAlertRow>(context, 'videoAlertByIncident', async (incidentIds) => {
    const { rows } = await context.database.query<VideoAlertRow>(
      `SELECT ${VIDEO_ALERT_COLUMNS} FROM police.video_alerts WHERE incident_id = ANY($1)`,
      [incidentIds],
    );
    return new Map(rows.map((row) => [row.incidentId, row]));
  });
}

export interface VideoAlertSearchArgs {
  orgUnit: string;
  from?: Date | null;
  to?: Date | null;
  first: number;
}

/** Lists the alerts of an org unit and everything below it, latest detection first. */
export async function searchVideoAlerts(
  context: SubgraphContext,
  args: VideoAlertSearchArgs,
): Promise<VideoAlertRow[]> {
  assertOrgUnitCode(args.orgUnit);
  assertWithinJurisdiction(context, args.orgUnit, 'Query.videoAlerts');
  assertFirst(args.first, MAX_VIDEO_ALERT_PAGE);
  const range = parseTimeRange(args);
  const { rows } = await context.database.query<VideoAlertRow>(
    `SELECT ${VIDEO_ALERT_COLUMNS} FROM police.video_alerts
     WHERE org_unit_code LIKE $1::text || '%'
       AND ($2::timestamptz IS NULL OR last_detected_at >= $2::timestamptz)
       AND ($3::timestamptz IS NULL OR last_detected_at < $3::timestamptz)
     ORDER BY last_detected_at DESC, id DESC LIMIT $4`,
    [args.orgUnit, ...timeRangeParams(range), args.first],
  );
  return rows;
}

/**
 * Loads the alerts routed to each patrol zone, latest detection first and at most 200 per zone. Only alerts of the
 * caller's jurisdiction are listed, because a zone can receive alerts from cameras of a neighbouring street.
 */
export function zoneVideoAlertsLoader(context: SubgraphContext, args: { from?: Date | null; to?: Date | null }) {
  const [from, to] = timeRangeParams(parseTimeRange(args));
  return requestListLoader<string, VideoAlertRow>(context, `zoneVideoAlerts:${from}:${to}`, async (zoneIds) => {
    const { rows } = await context.database.query<VideoAlertRow>(
      `SELECT * FROM (
         SELECT ${VIDEO_ALERT_COLUMNS},
                row_number() OVER (PARTITION BY patrol_zone_id ORDER BY last_detected_at DESC, id DESC) AS rank
         FROM police.video_alerts
         WHERE patrol_zone_id = ANY($1::text[]) AND org_unit_code LIKE $2::text
           AND ($3::timestamptz IS NULL OR last_detected_at >= $3::timestamptz)
           AND ($4::timestamptz IS NULL OR last_detected_at < $4::timestamptz)
       ) AS ranked
       WHERE rank <= $5
       ORDER BY "patrolZoneId", "lastDetectedAt" DESC, id DESC`,
      [zoneIds, jurisdictionPattern(context), from, to, MAX_ZONE_VIDEO_ALERTS],
    );
    return groupBy(rows, (row) => row.patrolZoneId as string);
  });
}
