import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { INSPECTION_STATES, type InspectionState, PATROL_SHIFTS, type PatrolShift } from '../graphql/overlays.js';
import { LABEL_FONT } from './fonts.js';

export const OVERLAY_SOURCES = {
  rentals: 'rentals',
  borderZones: 'border-zones',
  hotspots: 'hotspots',
  patrolZones: 'patrol-zones',
} as const;

/** Map layers of the rental, border and patrol toggles in the panel. */
export const OVERLAY_LAYER_GROUPS = {
  rentals: ['rental-points'],
  border: ['border-band-fill', 'border-band-line', 'hotspot-fill', 'hotspot-line', 'hotspot-counts'],
  patrols: ['patrol-line'],
} as const;

/** Fill colour of a rental marker by inspection state. The legend and the map layer both read this table. */
export const INSPECTION_COLOURS: Record<InspectionState, string> = {
  NOT_INSPECTED: '#a0aec0',
  PASSED: '#38a169',
  RECTIFYING: '#d69e2e',
  FAILED: '#e53e3e',
};
/** Ring around the marker of a subdivided rental (群租). */
export const SUBDIVIDED_RING_COLOUR = '#1a202c';
export const BORDER_BAND_COLOUR = '#805ad5';
export const HOTSPOT_COLOUR = '#c53030';
export const PATROL_COLOURS: Record<PatrolShift, string> = {
  DAY: '#dd6b20',
  NIGHT: '#2c5282',
  ALL_DAY: '#2f855a',
};
/** Hotspot fill opacity at 5 incidents and at 20 or more. The legend swatch uses the high end. */
export const HOTSPOT_OPACITY = { low: 0.25, high: 0.7 } as const;

function matchColour(property: string, table: Record<string, string>, keys: readonly string[]) {
  const pairs = keys.flatMap((key) => [key, table[key]]);
  // The expression types cannot express a spread of label-output pairs, hence the cast.
  return ['match', ['get', property], ...pairs, '#000000'] as unknown as ExpressionSpecification;
}

const isSubdivided: ExpressionSpecification = ['==', ['get', 'subdivided'], true];

/** Layers drawn above the boundaries and below the incidents, in drawing order. */
export const OVERLAY_LAYERS: LayerSpecification[] = [
  {
    id: 'border-band-fill',
    type: 'fill',
    source: OVERLAY_SOURCES.borderZones,
    paint: { 'fill-color': BORDER_BAND_COLOUR, 'fill-opacity': 0.15 },
  },
  {
    id: 'border-band-line',
    type: 'line',
    source: OVERLAY_SOURCES.borderZones,
    paint: { 'line-color': BORDER_BAND_COLOUR, 'line-width': 1, 'line-opacity': 0.6 },
  },
  {
    id: 'patrol-line',
    type: 'line',
    source: OVERLAY_SOURCES.patrolZones,
    paint: { 'line-color': matchColour('shift', PATROL_COLOURS, PATROL_SHIFTS), 'line-width': 2 },
  },
  {
    id: 'hotspot-fill',
    type: 'fill',
    source: OVERLAY_SOURCES.hotspots,
    paint: {
      'fill-color': HOTSPOT_COLOUR,
      'fill-opacity': ['interpolate', ['linear'], ['get', 'count'], 5, HOTSPOT_OPACITY.low, 20, HOTSPOT_OPACITY.high],
    },
  },
  {
    id: 'hotspot-line',
    type: 'line',
    source: OVERLAY_SOURCES.hotspots,
    paint: { 'line-color': HOTSPOT_COLOUR, 'line-width': 2.5 },
  },
  {
    id: 'hotspot-counts',
    type: 'symbol',
    source: OVERLAY_SOURCES.hotspots,
    minzoom: 11,
    layout: { 'text-field': ['to-string', ['get', 'count']], 'text-font': LABEL_FONT, 'text-size': 12 },
    paint: { 'text-color': HOTSPOT_COLOUR, 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
  },
  {
    id: 'rental-points',
    type: 'circle',
    source: OVERLAY_SOURCES.rentals,
    paint: {
      'circle-color': matchColour('inspectionState', INSPECTION_COLOURS, INSPECTION_STATES),
      'circle-radius': ['case', isSubdivided, 6, 4],
      'circle-stroke-color': ['case', isSubdivided, SUBDIVIDED_RING_COLOUR, '#ffffff'],
      'circle-stroke-width': ['case', isSubdivided, 2.5, 1],
    },
  },
];
