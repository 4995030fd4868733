import type { GeoJSONSource, MapLayerMouseEvent, Map as MapLibreMap } from 'maplibre-gl';
import { CHILD_FILL_LAYER, CLUSTER_LAYER, SOURCES } from './style.js';

export interface MapHandlers {
  onSelectUnit(code: string): void;
  onError(detail: string): void;
}

/** Binds drill-down on child units, zoom-in on clusters and the hover highlight; returns the unbinding function. */
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
  const onUnitClick = (event: MapLayerMouseEvent) => {
    // A click on a cluster drawn above a unit zooms in rather than drilling down.
    if (map.queryRenderedFeatures(event.point, { layers: [CLUSTER_LAYER] }).length > 0) return;
    const code = event.features?.[0]?.properties.code;
    if (typeof code === 'string') handlers().onSelectUnit(code);
  };
  const onClusterClick = (event: MapLayerMouseEvent) => {
    const feature = event.features?.[0];
    const clusterId = feature?.properties.cluster_id;
    if (!feature || typeof clusterId !== 'number' || feature.geometry.type !== 'Point') return;
    const center = feature.geometry.coordinates as [number, number];
    const source = map.getSource<GeoJSONSource>(SOURCES.incidents);
    source
      ?.getClusterExpansionZoom(clusterId)
      .then((zoom) => map.easeTo({ center, zoom }))
      .catch((error: unknown) => handlers().onError(error instanceof Error ? error.message : String(error)));
  };

  map.on('mousemove', CHILD_FILL_LAYER, onUnitMove);
  map.on('mouseleave', CHILD_FILL_LAYER, onUnitLeave);
  map.on('click', CHILD_FILL_LAYER, onUnitClick);
  map.on('click', CLUSTER_LAYER, onClusterClick);
  return () => {
    map.off('mousemove', CHILD_FILL_LAYER, onUnitMove);
    map.off('mouseleave', CHILD_FILL_LAYER, onUnitLeave);
    map.off('click', CHILD_FILL_LAYER, onUnitClick);
    map.off('click', CLUSTER_LAYER, onClusterClick);
  };
}
