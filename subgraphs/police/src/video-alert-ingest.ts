import { randomUUID } from 'node:crypto';
import type { Queryable } from '@lianfang/db';
import {
  badUserInput,
  isWithinJurisdiction,
  notFound,
  outOfJurisdiction,
  quoted,
  type SubgraphContext,
} from '@lianfang/subgraph-kit';
import {
  assertMaySendVideoAlerts,
  assertValidVideoAlertInput,
  dedupeWindowMinutes,
  type VideoAlertInput,
  type VideoAlertKind,
} from './video-alert-input.js';
import { routeToPatrolZone } from './video-alert-routing.js';
import { VIDEO_ALERT_COLUMNS, type VideoAlertRow } from './video-alerts.js';

export interface VideoAlertResult {
  alert: VideoAlertRow;
  merged: boolean;
  replayed: boolean;
}

/** Incident category of each alert kind. Kinds without a category of their own are recorded as OTHER. */
const INCIDENT_CATEGORY: Record<VideoAlertKind, string> = {
  FIGHTING: 'FIGHT',
  LOITERING: 'OTHER',
  RUNNING: 'OTHER',
  REPEATED_ENTRY: 'OTHER',
};

interface Outcome {
  alertId: string;
  merged: boolean;
  replayed: boolean;
}

/**
 * Receives one detection of a camera's analytics. A resent `externalId` returns its first outcome and writes
 * nothing. A detection within the dedupe window of an alert of the same camera and kind merges into the nearest such
 * alert (see `mergeIntoAlert`). Any other
 * detection creates an alert and an incident at the camera, routed to a patrol zone. Every step runs in one
 * transaction that holds a row lock on the camera, so concurrent detections of one camera are applied one by one
 * and create at most one alert per burst.
 */
export async function ingestVideoAlert(context: SubgraphContext, input: VideoAlertInput): Promise<VideoAlertResult> {
  assertMaySendVideoAlerts(context);
  assertValidVideoAlertInput(input, new Date());
  const windowMinutes = dedupeWindowMinutes();

  const { outcome, alert } = await context.database.transaction(async (tx) => {
    if (input.externalId) {
      // Two requests with one external id but different cameras would not meet at the camera lock.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `video-alert:${context.claims.sub}:${input.externalId}`,
      ]);
    }
    await lockCamera(tx, context, input.cameraId);
    const result =
      (await findReplay(tx, context, input)) ??
      (await mergeIntoAlert(tx, input, windowMinutes)) ??
      (await createAlert(tx, input));
    if (input.externalId && !result.replayed) await recordExternalId(tx, context, input, result);
    const { rows } = await tx.query<VideoAlertRow>(
      `SELECT ${VIDEO_ALERT_COLUMNS} FROM police.video_alerts WHERE id = $1`,
      [result.alertId],
    );
    return { outcome: result, alert: rows[0] as VideoAlertRow };
  });

  context.logger.info(
    {
      cameraId: input.cameraId,
      kind: input.kind,
      alertId: alert.id,
      incidentId: alert.incidentId,
      patrolZoneId: alert.patrolZoneId,
      merged: outcome.merged,
      replayed: outcome.replayed,
    },
    'video alert received',
  );
  return { alert, merged: outcome.merged, replayed: outcome.replayed };
}

/** Locks the camera's row until the transaction ends; rejects an unknown camera or one outside the jurisdiction. */
async function lockCamera(tx: Queryable, context: SubgraphContext, cameraId: string): Promise<void> {
  const { rows } = await tx.query<{ orgUnitCode: string }>(
    `SELECT org_unit_code AS "orgUnitCode" FROM police.cameras WHERE id = $1 FOR UPDATE`,
    [cameraId],
  );
  const camera = rows[0];
  if (!camera) {
    throw notFound(`摄像头 ${quoted(cameraId)} 不存在；请核对视频分析系统中配置的摄像头编号`, {
      argument: 'cameraId',
    });
  }
  if (!isWithinJurisdiction(context, camera.orgUnitCode)) {
    throw outOfJurisdiction(context, `Camera(${cameraId})`, camera.orgUnitCode);
  }
}

/** Returns the first outcome of a resent external id; rejects an id that was used for another detection. */
async function findReplay(tx: Queryable, context: SubgraphContext, input: VideoAlertInput): Promise<Outcome | null> {
  if (!input.externalId) return null;
  const { rows } = await tx.query<{
    alertId: string;
    cameraId: string;
    kind: string;
    detectedAt: Date;
    merged: boolean;
  }>(
    `SELECT alert_id AS "alertId", camera_id AS "cameraId", kind, detected_at AS "detectedAt", merged
     FROM police.video_alert_external_ids WHERE sent_by = $1 AND external_id = $2`,
    [context.claims.sub, input.externalId],
  );
  const previous = rows[0];
  if (!previous) return null;
  if (
    previous.cameraId !== input.cameraId ||
    previous.kind !== input.kind ||
    previous.detectedAt.getTime() !== input.detectedAt.getTime()
  ) {
    throw badUserInput(
      `externalId ${quoted(input.externalId)} 已用于另一次检测（摄像头 ${previous.cameraId}、类型 ${previous.kind}、检测时间 ${previous.detectedAt.toISOString()}）；每次检测须使用新的编号`,
      { argument: 'externalId' },
    );
  }
  return { alertId: previous.alertId, merged: previous.merged, replayed: true };
}

/**
 * Merges the detection into an alert of the camera and kind whose span, widened by the window on both sides,
 * contains the detection time. Detections arrive out of order, so several alerts may qualify: the one whose span is
 * nearest to the detection wins, and on equal distance the earlier one. A candidate whose widened span would contain
 * another alert of the camera and kind is skipped, so alerts never nest.
 */
async function mergeIntoAlert(tx: Queryable, input: VideoAlertInput, windowMinutes: number): Promise<Outcome | null> {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE police.video_alerts SET
       detections = detections + 1,
       first_detected_at = LEAST(first_detected_at, $3::timestamptz),
       last_detected_at = GREATEST(last_detected_at, $3::timestamptz),
       max_confidence = GREATEST(max_confidence, $4::float8),
       duration_seconds = CASE WHEN $5::integer IS NULL THEN duration_seconds
                               ELSE GREATEST(coalesce(duration_seconds, 0), $5::integer) END
     WHERE id = (
       SELECT candidate.id FROM police.video_alerts candidate
       WHERE candidate.camera_id = $1 AND candidate.kind = $2
         AND $3::timestamptz BETWEEN candidate.first_detected_at - make_interval(mins => $6::integer)
                                 AND candidate.last_detected_at + make_interval(mins => $6::integer)
         AND NOT EXISTS (
           SELECT 1 FROM police.video_alerts other
           WHERE other.camera_id = $1 AND other.kind = $2 AND other.id <> candidate.id
             AND other.first_detected_at >= LEAST(candidate.first_detected_at, $3::timestamptz)
             AND other.last_detected_at <= GREATEST(candidate.last_detected_at, $3::timestamptz)
         )
       ORDER BY GREATEST(candidate.first_detected_at - $3::timestamptz,
                         $3::timestamptz - candidate.last_detected_at,
                         interval '0'),
                candidate.first_detected_at, candidate.id
       LIMIT 1
     )
     RETURNING id`,
    [
      input.cameraId,
      input.kind,
      input.detectedAt.toISOString(),
      input.confidence,
      input.durationSeconds ?? null,
      windowMinutes,
    ],
  );
  return rows[0] ? { alertId: rows[0].id, merged: true, replayed: false } : null;
}

/** Creates an alert and its incident at the camera's location, in the camera's community, routed to a zone. */
async function createAlert(tx: Queryable, input: VideoAlertInput): Promise<Outcome> {
  const route = await routeToPatrolZone(tx, input.cameraId);
  const incidentId = `VI-${randomUUID()}`;
  const alertId = `VA-${randomUUID()}`;
  // An incident routed to no zone waits at the reception desk for a commander to dispatch it.
  const status = route.zoneId ? 'DISPATCHED' : 'REPORTED';
  await tx.query(
    `INSERT INTO police.incidents
       (id, category, occurred_at, status, org_unit_code, address_id, location, source, patrol_zone_id)
     SELECT $1, $2, $3::timestamptz, $4, org_unit_code, NULL, location, 'VIDEO', $5
     FROM police.cameras WHERE id = $6`,
    [incidentId, INCIDENT_CATEGORY[input.kind], input.detectedAt.toISOString(), status, route.zoneId, input.cameraId],
  );
  await tx.query(
    `INSERT INTO police.video_alerts
       (id, camera_id, kind, org_unit_code, first_detected_at, last_detected_at, detections, max_confidence,
        duration_seconds, incident_id, patrol_zone_id, routing_distance_metres, routing_note)
     SELECT $1, id, $2, org_unit_code, $3::timestamptz, $3::timestamptz, 1, $4, $5, $6, $7, $8, $9
     FROM police.cameras WHERE id = $10`,
    [
      alertId,
      input.kind,
      input.detectedAt.toISOString(),
      input.confidence,
      input.durationSeconds ?? null,
      incidentId,
      route.zoneId,
      route.distanceMetres,
      route.note,
      input.cameraId,
    ],
  );
  return { alertId, merged: false, replayed: false };
}

async function recordExternalId(
  tx: Queryable,
  context: SubgraphContext,
  input: VideoAlertInput,
  outcome: Outcome,
): Promise<void> {
  await tx.query(
    `INSERT INTO police.video_alert_external_ids (sent_by, external_id, alert_id, camera_id, kind, detected_at, merged)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      context.claims.sub,
      input.externalId,
      outcome.alertId,
      input.cameraId,
      input.kind,
      input.detectedAt.toISOString(),
      outcome.merged,
    ],
  );
}
