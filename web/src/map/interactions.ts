import {
  type GeoJSONSource,
  type MapLayerMouseEvent,
  type Map as MapLibreMap,
  type MapMouseEvent,
  Popup,
} from 'maplibre-gl';
import type { Viewport } from '../graphql/useIncidentGrid.js';
import { errorDetail } from './createMap.js';
import { EVENT_POINT_LAYER } from './eventStyle.js';
import { OVERLAY_LAYER_GROUPS } from './overlayStyle.js';
import { CELL_LAYER, CHILD_FILL_LAYER, CLUSTER_LAYER, POINT_LAYER, SOURCES } from './style.js';

/** Area layers whose features open a popup from `describeFeature`, topmost first; one click opens one popup. */
export const DESCRIBED_LAYERS = ['hotspot-fill', 'patrol-line', 'border-band-fill'] as const;
/** Described layers, and incident points without an address, which get a popup instead of the address panel. */
export type DescribedLayer = (typeof DESCRIBED_LAYERS)[number] | typeof POINT_LAYER;

export interface MapHandlers {
  onSelectUnit(code: string): void;
  onOpenAddress(id: string): void;
  /** Opens the details panel of an event whose marker was clicked. */
  onOpenEvent(id: string): void;
  onViewport(viewport: Viewport): void;
  /** Returns the popup lines of a hotspot, patrol zone, border zone or incident, or null for none. */
  describeFeature(layer: DescribedLayer, properties: Record<string, unknown>): string[] | null;
  onError(detail: string): void;
  /** True while the user draws an area, when clicks must not drill down or open panels. */
  isDrawing(): boolean;
}

const ADDRESS_LAYERS = [POINT_LAYER, OVERLAY_LAYER_GROUPS.rentals[0]];
/** Layers drawn above the unit fills; a click on one of them does not drill down. */
const FEATURE_LAYERS = [EVENT_POINT_LAYER, CLUSTER_LAYER, CELL_LAYER, ...ADDRESS_LAYERS];

/** Reads the visible area, clamped to valid coordinates since the view can reach past the poles and 180°. */
export function viewportOf(map: MapLibreMap): Viewport {
  const bounds = map.getBounds();
  const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value));
  return {
    bbox: [
      clamp(bounds.getWest(), 180),
      clamp(bounds.getSouth(), 85),
      clamp(bounds.getEast(), 180),
      clamp(bounds.getNorth(), 85),
    ],
    zoom: map.getZoom(),
  };
}

function showPopup(map: MapLibreMap, event: MapMouseEvent, lines: string[]): void {
  const content = document.createElement('div');
  content.className = 'map-popup';
  for (const line of lines) {
    const paragraph = document.createElement('p');
    paragraph.textContent = line;
    content.append(paragraph);
  }
  new Popup({ closeButton: true, maxWidth: '280px' }).setLngLat(event.lngLat).setDOMContent(content).addTo(map);
}

/**
 * Binds the map's mouse handling and returns the function that unbinds it. A click drills down into a unit, zooms
 * into a cluster or cell, opens the address panel of an incident or rental, or opens a popup on an area. Moves
 * report the viewport, and hovering highlights a unit.
 */
export function bindInteractions(map: MapLibreMap, handlers: () => MapHandlers): () => void {
  let hovered: string | number | undefined;

  const setHover = (id: string | number | undefined) => {
    if (hovered !== undefined) map.setFeatureState({ source: SOURCES.children, id: hovered }, { hover: false });
    hovered = id;
    if (hovered !== undefined) map.setFeatureState({ source: SOURCES.children, id: hovered }, { hover: true });
    map.getCanvas().style.cursor = hovered === undefined ? '' : 'pointer';
  };

  const onUnitMove = (event: MapLayerMouseEvent) => setHover(event.features?.[0]?.id);
  const onUnitLeave = () => setHover(undefined);
  // A click on a point, cluster or area drawn above the units is that feature's click, not a drill-down.
  const onUnitClick = (event: MapLayerMouseEvent) => {
    if (handlers().isDrawing()) return;
    const layers = [...FEATURE_LAYERS, ...DESCRIBED_LAYERS].filter((layer) => map.getLayer(layer));
    if (map.queryRenderedFeatures(event.point, { layers }).length > 0) return;
    const code = event.features?.[0]?.properties.code;
    if (typeof code === 'string') handlers().onSelectUnit(code);
  };
  const onEventMarker = (event: MapLayerMouseEvent) =>
    map.getLayer(EVENT_POINT_LAYER) !== undefined &&
    map.queryRenderedFeatures(event.point, { layers: [EVENT_POINT_LAYER] }).length > 0;
  const onClusterClick = (event: MapLayerMouseEvent) => {
    if (onEventMarker(event)) return;
    const feature = event.features?.[0];
    const clusterId = feature?.properties.cluster_id;
    if (!feature || typeof clusterId !== 'number' || feature.geometry.type !== 'Point') return;
    const center = feature.geometry.coordinates as [number, number];
    map
      .getSource<GeoJSONSource>(SOURCES.incidents)
      ?.getClusterExpansionZoom(clusterId)
      .then((zoom) => map.easeTo({ center, zoom }))
      .catch((error: unknown) => handlers().onError(errorDetail(error)));
  };
  const onCellClick = (event: MapLayerMouseEvent) => {
    if (onEventMarker(event)) return;
    const feature = event.features?.[0];
    if (feature?.geometry.type !== 'Point') return;
    map.easeTo({ center: feature.geometry.coordinates as [number, number], zoom: map.getZoom() + 2 });
  };
  const onAddressClick = (event: MapLayerMouseEvent) => {
    if (handlers().isDrawing() || onEventMarker(event)) return;
    const feature = event.features?.[0];
    const id = feature?.properties.addressId;
    if (typeof id === 'string' && id !== '') {
      handlers().onOpenAddress(id);
      return;
    }
    // An incident without a linked address has no panel, so it gets a popup with its own details.
    const lines = feature && handlers().describeFeature(POINT_LAYER, feature.properties);
    if (lines) showPopup(map, event, lines);
  };
  // An event marker sits above incidents and rentals, so the click opens the event alone.
  const onEventClick = (event: MapLayerMouseEvent) => {
    if (handlers().isDrawing()) return;
    const id = event.features?.[0]?.properties.id;
    if (typeof id === 'string') handlers().onOpenEvent(id);
  };
  const onAreaClick = (event: MapMouseEvent) => {
    if (handlers().isDrawing()) return;
    const points = FEATURE_LAYERS.filter((name) => map.getLayer(name));
    if (map.queryRenderedFeatures(event.point, { layers: points }).length > 0) return;
    for (const layer of DESCRIBED_LAYERS) {
      if (!map.getLayer(layer)) continue;
      const feature = map.queryRenderedFeatures(event.point, { layers: [layer] })[0];
      if (!feature) continue;
      const lines = handlers().describeFeature(layer, feature.properties);
      if (lines) showPopup(map, event, lines);
      return;
    }
  };
  const onMoveEnd = () => handlers().onViewport(viewportOf(map));

  type Listener = (event: MapLayerMouseEvent) => void;
  const bindings: ['click' | 'mousemove' | 'mouseleave', string, Listener][] = [
    ['mousemove', CHILD_FILL_LAYER, onUnitMove],
    ['mouseleave', CHILD_FILL_LAYER, onUnitLeave],
    ['click', CHILD_FILL_LAYER, onUnitClick],
    ['click', CLUSTER_LAYER, onClusterClick],
    ['click', CELL_LAYER, onCellClick],
    ['click', EVENT_POINT_LAYER, onEventClick],
  ];
  for (const layer of ADDRESS_LAYERS) bindings.push(['click', layer, onAddressClick]);
  for (const [type, layer, listener] of bindings) map.on(type, layer, listener);
  map.on('click', onAreaClick);
  map.on('moveend', onMoveEnd);
  return () => {
    for (const [type, layer, listener] of bindings) map.off(type, layer, listener);
    map.off('click', onAreaClick);
    map.off('moveend', onMoveEnd);
  };
}
