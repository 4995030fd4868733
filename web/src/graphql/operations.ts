import type { TypedDocumentNode } from '@urql/core';
import { ADDRESS_DETAILS_QUERY } from './address.js';
import { EVENT_OPERATIONS } from './events.js';
import { AREA_QUERY, INCIDENT_GRID_QUERY, INCIDENT_PAGE_QUERY } from './incidents.js';
import { BORDER_HOTSPOTS_QUERY, BORDER_ZONES_QUERY, PATROL_ZONES_QUERY, RENTALS_QUERY } from './overlays.js';
import { ORG_UNIT_QUERY, OWN_UNIT_QUERY } from './queries.js';
import { VIDEO_ALERT_OPERATIONS } from './videoAlerts.js';

/**
 * Every operation the map sends through the urql client. The build persists exactly these (see
 * vite-plugins/persisted-operations.ts) and fails when a `gql` document outside the workbench is missing here.
 */
export const APP_OPERATIONS: readonly TypedDocumentNode<unknown, never>[] = [
  ORG_UNIT_QUERY,
  OWN_UNIT_QUERY,
  INCIDENT_GRID_QUERY,
  AREA_QUERY,
  INCIDENT_PAGE_QUERY,
  RENTALS_QUERY,
  BORDER_ZONES_QUERY,
  BORDER_HOTSPOTS_QUERY,
  PATROL_ZONES_QUERY,
  ADDRESS_DETAILS_QUERY,
  ...EVENT_OPERATIONS,
  ...VIDEO_ALERT_OPERATIONS,
];
