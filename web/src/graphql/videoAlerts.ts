/**
 * Operations of video alerts. `IngestVideoAlert` is sent by the camera analytics' service account (role
 * `video_feed`), which may only run persisted operations; `VideoAlerts` lists the alerts of an org unit.
 */
import { gql } from '@urql/core';
import type { PointGeometry } from '../map/geometry.js';

export const VIDEO_ALERT_KINDS = ['LOITERING', 'FIGHTING', 'RUNNING', 'REPEATED_ENTRY'] as const;
export type VideoAlertKind = (typeof VIDEO_ALERT_KINDS)[number];

export interface VideoAlertInput {
  cameraId: string;
  kind: VideoAlertKind;
  /** ISO 8601 with time zone; at most 5 minutes ahead of the server and at most 24 hours old. */
  detectedAt: string;
  /** 0 to 1. */
  confidence: number;
  durationSeconds?: number | null;
  /** The analytics system's own id of the detection; resending it returns the first result. */
  externalId?: string | null;
}

export interface VideoAlertNode {
  id: string;
  kind: VideoAlertKind;
  camera: { id: string; name: string; location: PointGeometry };
  detections: number;
  firstDetectedAt: string;
  lastDetectedAt: string;
  maxConfidence: number;
  durationSeconds: number | null;
  incident: { id: string; category: string; status: string; occurredAt: string } | null;
  patrolZone: { id: string; name: string; unitName: string } | null;
  routingDistanceMetres: number | null;
  routingNote: string;
}

const VIDEO_ALERT_FIELDS = `
  id
  kind
  camera {
    id
    name
    location
  }
  detections
  firstDetectedAt
  lastDetectedAt
  maxConfidence
  durationSeconds
  incident {
    id
    category
    status
    occurredAt
  }
  patrolZone {
    id
    name
    unitName
  }
  routingDistanceMetres
  routingNote
`;

export const INGEST_VIDEO_ALERT_MUTATION = gql<
  { ingestVideoAlert: { alert: VideoAlertNode; merged: boolean; replayed: boolean } },
  { input: VideoAlertInput }
>`
  mutation IngestVideoAlert($input: VideoAlertInput!) {
    ingestVideoAlert(input: $input) {
      alert {
        ${VIDEO_ALERT_FIELDS}
      }
      merged
      replayed
    }
  }
`;

export const VIDEO_ALERTS_QUERY = gql<
  { videoAlerts: VideoAlertNode[] },
  { orgUnit: string; from?: string | null; to?: string | null; first?: number }
>`
  query VideoAlerts($orgUnit: ID!, $from: DateTime, $to: DateTime, $first: Int) {
    videoAlerts(orgUnit: $orgUnit, from: $from, to: $to, first: $first) {
      ${VIDEO_ALERT_FIELDS}
    }
  }
`;

export const VIDEO_ALERT_OPERATIONS = [INGEST_VIDEO_ALERT_MUTATION, VIDEO_ALERTS_QUERY] as const;
