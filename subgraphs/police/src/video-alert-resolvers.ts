/**
 * Resolvers of cameras and video alerts, merged into the police resolver map by type in `resolvers.ts`.
 */
import { entityWithinJurisdiction, type SubgraphContext } from '@lianfang/subgraph-kit';
import { type CameraRow, cameraLoader, listCameras } from './cameras.js';
import { type IncidentRow, incidentLoader } from './incidents.js';
import { type PatrolZoneRow, patrolZoneLoader } from './patrol-zones.js';
import { ingestVideoAlert } from './video-alert-ingest.js';
import type { VideoAlertInput } from './video-alert-input.js';
import {
  searchVideoAlerts,
  type VideoAlertRow,
  type VideoAlertSearchArgs,
  videoAlertByIncidentLoader,
  zoneVideoAlertsLoader,
} from './video-alerts.js';

export const videoQueryResolvers = {
  cameras(_: unknown, args: { orgUnit: string; first: number }, context: SubgraphContext) {
    return listCameras(context, args);
  },
  videoAlerts(_: unknown, args: VideoAlertSearchArgs, context: SubgraphContext) {
    return searchVideoAlerts(context, args);
  },
};

export const videoMutationResolvers = {
  ingestVideoAlert(_: unknown, args: { input: VideoAlertInput }, context: SubgraphContext) {
    return ingestVideoAlert(context, args.input);
  },
};

export const cameraResolvers = {
  async __resolveReference(reference: { id: string }, context: SubgraphContext) {
    const row = await cameraLoader(context).load(reference.id);
    return entityWithinJurisdiction(context, row, (camera) => camera.orgUnitCode, `Camera(${reference.id})`);
  },
  orgUnit(camera: CameraRow) {
    return { code: camera.orgUnitCode };
  },
};

// The zone an alert or incident was routed to is part of the routing. A caller who may read the alert or incident
// may read the zone too, even when it belongs to a neighbouring street.
function routedZone(context: SubgraphContext, zoneId: string | null): Promise<PatrolZoneRow | null> | null {
  return zoneId ? patrolZoneLoader(context).load(zoneId) : null;
}

export const videoAlertResolvers = {
  async camera(alert: VideoAlertRow, _: unknown, context: SubgraphContext) {
    const row = await cameraLoader(context).load(alert.cameraId);
    return entityWithinJurisdiction(context, row, (camera) => camera.orgUnitCode, `Camera(${alert.cameraId})`);
  },
  async incident(alert: VideoAlertRow, _: unknown, context: SubgraphContext) {
    const row = await incidentLoader(context).load(alert.incidentId);
    return entityWithinJurisdiction(context, row, (incident) => incident.orgUnitCode, `Incident(${alert.incidentId})`);
  },
  patrolZone(alert: VideoAlertRow, _: unknown, context: SubgraphContext) {
    return routedZone(context, alert.patrolZoneId);
  },
  orgUnit(alert: VideoAlertRow) {
    return { code: alert.orgUnitCode };
  },
};

export const incidentVideoResolvers = {
  patrolZone(incident: IncidentRow, _: unknown, context: SubgraphContext) {
    return routedZone(context, incident.patrolZoneId);
  },
  videoAlert(incident: IncidentRow, _: unknown, context: SubgraphContext) {
    return incident.source === 'VIDEO' ? videoAlertByIncidentLoader(context).load(incident.id) : null;
  },
};

export const patrolZoneVideoResolvers = {
  videoAlerts(zone: PatrolZoneRow, args: { from?: Date | null; to?: Date | null }, context: SubgraphContext) {
    return zoneVideoAlertsLoader(context, args).load(zone.id);
  },
};
