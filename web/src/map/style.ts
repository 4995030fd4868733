import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { INCIDENT_CATEGORIES } from '../graphql/queries.js';
import { CATEGORY_COLOURS } from './categories.js';
import { EVENT_LAYER_SPECS, EVENT_LAYERS, EVENT_SOURCE } from './eventStyle.js';
import { LABEL_FONT } from './fonts.js';
import { OVERLAY_LAYER_GROUPS, OVERLAY_LAYERS, OVERLAY_SOURCES } from './overlayStyle.js';

export const SOURCES = {
  children: 'children',
  childLabels: 'child-labels',
  selected: 'selected',
  incidents: 'incidents',
  incidentCells: 'incident-cells',
  incidentHeat: 'incident-heat',
  addressFocus: 'address-focus',
} as const;

/** Layers that draw incidents as points, clusters or grid cells; the heatmap mode hides them. */
export const INCIDENT_POINT_LAYERS = [
  'incident-cells',
  'incident-cell-counts',
  'incident-clusters',
  'incident-cluster-counts',
  'incident-points',
] as const;
export const HEATMAP_LAYER = 'incident-heat';
/** Raster layer of the optional external basemap; it exists only while one is configured. */
export const BASEMAP_LAYER = 'basemap';

/** Map layers of each toggle in the panel. */
export const LAYER_GROUPS = {
  children: ['children-fill', 'children-line', 'children-line-approximate', 'children-labels'],
  selected: ['selected-outline'],
  incidents: [...INCIDENT_POINT_LAYERS, HEATMAP_LAYER],
  ...OVERLAY_LAYER_GROUPS,
  events: EVENT_LAYERS,
  basemap: [BASEMAP_LAYER],
} as const;

export type LayerGroup = keyof typeof LAYER_GROUPS;

export const CHILD_FILL_LAYER = 'children-fill';
export const CLUSTER_LAYER = 'incident-clusters';
export const CELL_LAYER = 'incident-cells';
export const POINT_LAYER = 'incident-points';

export const BACKGROUND_COLOUR = '#eef1f4';
export const BOUNDARY_COLOUR = '#2b6cb0';
export const SELECTED_COLOUR = '#1a202c';
export const CLUSTER_COLOUR = '#4a5568';
/** Marker and radius ring of the address whose details panel is open. */
export const FOCUS_COLOUR = '#d53f8c';
/** Dash pattern of approximate boundaries, in line widths; the legend draws the same pattern in CSS. */
export const APPROXIMATE_DASH = [3, 2];

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

function categoryColour(): ExpressionSpecification {
  const pairs = INCIDENT_CATEGORIES.flatMap((category) => [category, CATEGORY_COLOURS[category]]);
  // The expression types cannot express a spread of label-output pairs, hence the cast.
  return ['match', ['get', 'category'], ...pairs, CATEGORY_COLOURS.OTHER] as unknown as ExpressionSpecification;
}

const isApproximate: ExpressionSpecification = ['==', ['get', 'approximate'], true];

const LAYERS: LayerSpecification[] = [
  { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOUR } },
  {
    id: 'children-fill',
    type: 'fill',
    source: SOURCES.children,
    paint: {
      'fill-color': BOUNDARY_COLOUR,
      'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.3, 0.12],
    },
  },
  {
    id: 'children-line',
    type: 'line',
    source: SOURCES.children,
    filter: ['!', isApproximate],
    paint: { 'line-color': BOUNDARY_COLOUR, 'line-width': 1.5 },
  },
  {
    id: 'children-line-approximate',
    type: 'line',
    source: SOURCES.children,
    filter: isApproximate,
    // NOTE: an edge shared by two approximate units is drawn twice with offset dashes, so it can look solid.
    paint: { 'line-color': BOUNDARY_COLOUR, 'line-width': 1.5, 'line-dasharray': APPROXIMATE_DASH },
  },
  {
    id: 'selected-outline',
    type: 'line',
    source: SOURCES.selected,
    paint: { 'line-color': SELECTED_COLOUR, 'line-width': 3 },
  },
  ...OVERLAY_LAYERS,
  {
    id: HEATMAP_LAYER,
    type: 'heatmap',
    source: SOURCES.incidentHeat,
    paint: {
      'heatmap-weight': ['get', 'weight'],
      'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 9, 0.6, 15, 2],
      'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 9, 14, 15, 28],
      'heatmap-opacity': 0.8,
    },
  },
  {
    id: 'incident-cells',
    type: 'circle',
    source: SOURCES.incidentCells,
    paint: {
      'circle-color': CLUSTER_COLOUR,
      'circle-opacity': 0.75,
      'circle-radius': ['step', ['get', 'count'], 10, 10, 14, 100, 19, 1000, 25, 10000, 30],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  },
  {
    id: 'incident-cell-counts',
    type: 'symbol',
    source: SOURCES.incidentCells,
    layout: {
      'text-field': ['to-string', ['get', 'count']],
      'text-font': LABEL_FONT,
      'text-size': 11,
      'text-allow-overlap': true,
      // Counts sit on their circles and must not push unit names off the map.
      'text-ignore-placement': true,
    },
    paint: { 'text-color': '#ffffff' },
  },
  {
    id: 'incident-clusters',
    type: 'circle',
    source: SOURCES.incidents,
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': CLUSTER_COLOUR,
      'circle-opacity': 0.75,
      'circle-radius': ['step', ['get', 'point_count'], 10, 10, 14, 50, 19, 200, 25],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  },
  {
    id: 'incident-cluster-counts',
    type: 'symbol',
    source: SOURCES.incidents,
    filter: ['has', 'point_count'],
    layout: {
      'text-field': ['to-string', ['get', 'point_count']],
      'text-font': LABEL_FONT,
      'text-size': 11,
      'text-allow-overlap': true,
      // Counts sit on their circles and must not push unit names off the map.
      'text-ignore-placement': true,
    },
    paint: { 'text-color': '#ffffff' },
  },
  {
    id: 'incident-points',
    type: 'circle',
    source: SOURCES.incidents,
    filter: ['!', ['has', 'point_count']],
    paint: {
      'circle-color': categoryColour(),
      'circle-radius': 5,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1,
    },
  },
  // Events sit above the incidents, so a fresh report is never hidden under a cluster.
  ...EVENT_LAYER_SPECS,
  // Unit names go above the incidents and the heatmap, which would otherwise hide them.
  {
    id: 'children-labels',
    type: 'symbol',
    source: SOURCES.childLabels,
    layout: {
      'text-field': ['get', 'name'],
      'text-font': LABEL_FONT,
      'text-size': 13,
      'text-padding': 4,
    },
    paint: { 'text-color': SELECTED_COLOUR, 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
  },
  {
    id: 'address-ring',
    type: 'line',
    source: SOURCES.addressFocus,
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'line-color': FOCUS_COLOUR, 'line-width': 2, 'line-dasharray': [2, 1] },
  },
  {
    id: 'address-point',
    type: 'circle',
    source: SOURCES.addressFocus,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-color': FOCUS_COLOUR,
      'circle-radius': 7,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  },
];

/**
 * Builds the whole style in code: a solid background as the basemap and GeoJSON sources filled from the API, so
 * the map requests no tiles, sprites or glyphs from any host.
 */
export function buildStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      [SOURCES.children]: { type: 'geojson', data: EMPTY, promoteId: 'code' },
      [SOURCES.childLabels]: { type: 'geojson', data: EMPTY },
      [SOURCES.selected]: { type: 'geojson', data: EMPTY },
      [OVERLAY_SOURCES.rentals]: { type: 'geojson', data: EMPTY },
      [OVERLAY_SOURCES.borderZones]: { type: 'geojson', data: EMPTY },
      [OVERLAY_SOURCES.hotspots]: { type: 'geojson', data: EMPTY },
      [OVERLAY_SOURCES.patrolZones]: { type: 'geojson', data: EMPTY },
      [SOURCES.incidents]: { type: 'geojson', data: EMPTY, cluster: true, clusterRadius: 40, clusterMaxZoom: 15 },
      [SOURCES.incidentCells]: { type: 'geojson', data: EMPTY },
      [SOURCES.incidentHeat]: { type: 'geojson', data: EMPTY },
      [SOURCES.addressFocus]: { type: 'geojson', data: EMPTY },
      [EVENT_SOURCE]: { type: 'geojson', data: EMPTY },
    },
    layers: LAYERS,
  };
}
