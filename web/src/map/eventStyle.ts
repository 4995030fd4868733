import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { EVENT_STATUSES, type EventStatus, type EventSummary } from '../graphql/events.js';
import type { FeatureCollection } from './features.js';
import type { PointGeometry } from './geometry.js';

export const EVENT_SOURCE = 'events';
/** Marker of an open event, coloured by status. Browser tests read its features' `id`. */
export const EVENT_POINT_LAYER = 'event-points';
/** Red ring under the marker of an event with an overdue task. */
export const EVENT_OVERDUE_LAYER = 'event-overdue';
/** Map layers of the events toggle in the panel. */
export const EVENT_LAYERS = [EVENT_OVERDUE_LAYER, EVENT_POINT_LAYER] as const;

/** Marker colour of each event status, read by both the legend and the map layer. */
export const EVENT_STATUS_COLOURS: Record<EventStatus, string> = {
  REPORTED: '#e53e3e',
  DISPATCHED: '#dd6b20',
  IN_PROGRESS: '#d69e2e',
  RESOLVED: '#3182ce',
  VERIFIED: '#38a169',
  CLOSED: '#718096',
};
export const OVERDUE_COLOUR = '#c53030';

export type EventCollection = FeatureCollection<
  PointGeometry,
  { id: string; status: EventStatus; category: string; overdue: boolean }
>;

/** Converts events to point features for the events source. */
export function eventFeatures(events: readonly EventSummary[]): EventCollection {
  return {
    type: 'FeatureCollection',
    features: events.map((event) => ({
      type: 'Feature',
      geometry: event.location,
      properties: { id: event.id, status: event.status, category: event.category, overdue: event.overdue },
    })),
  };
}

function statusColour(): ExpressionSpecification {
  const pairs = EVENT_STATUSES.flatMap((status) => [status, EVENT_STATUS_COLOURS[status]]);
  // The expression types cannot express a spread of label-output pairs, hence the cast.
  return ['match', ['get', 'status'], ...pairs, EVENT_STATUS_COLOURS.CLOSED] as unknown as ExpressionSpecification;
}

export const EVENT_LAYER_SPECS: LayerSpecification[] = [
  {
    id: EVENT_OVERDUE_LAYER,
    type: 'circle',
    source: EVENT_SOURCE,
    filter: ['==', ['get', 'overdue'], true],
    paint: {
      'circle-color': 'rgba(0, 0, 0, 0)',
      'circle-radius': 13,
      'circle-stroke-color': OVERDUE_COLOUR,
      'circle-stroke-width': 3,
    },
  },
  {
    id: EVENT_POINT_LAYER,
    type: 'circle',
    source: EVENT_SOURCE,
    paint: {
      'circle-color': statusColour(),
      'circle-radius': 8,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  },
];
