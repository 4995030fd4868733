import 'maplibre-gl/dist/maplibre-gl.css';
import { type GeoJSONSource, Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import type { IncidentNode, UnitWithBoundary } from '../graphql/queries.js';
import { incidentFeatures, unitFeatures } from './features.js';
import { boundsOf } from './geometry.js';
import { bindInteractions, type MapHandlers } from './interactions.js';
import { buildStyle, LAYER_GROUPS, type LayerGroup, SOURCES } from './style.js';
import { type OverlayFeatures, useOverlaySources } from './useOverlaySources.js';

declare global {
  interface Window {
    /** The map instance, exposed on every page load so browser tests can call `queryRenderedFeatures`. */
    __lianfangMap?: MapLibreMap;
  }
}

// MapLibre 6 locates its worker next to its own module at run time, which a bundle breaks; Vite emits the worker as
// a hashed asset on our origin instead.
setWorkerUrl(workerUrl);

/** CJK glyphs come from fonts installed on the user's machine, so the map needs no glyph server for them. */
const LOCAL_IDEOGRAPH_FONTS = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';
/** Initial view over 吴江区 until the selected unit's boundary arrives. */
const INITIAL_CENTER: [number, number] = [120.64, 31.0];

export interface SituationMapProps extends MapHandlers {
  selected: UnitWithBoundary | null;
  childUnits: UnitWithBoundary[];
  incidents: IncidentNode[];
  overlays: OverlayFeatures;
  visibility: Record<LayerGroup, boolean>;
}

function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates the map once; returns it after its style has loaded, or null before that and when WebGL fails. */
function useMapInstance(container: React.RefObject<HTMLDivElement | null>, handlers: React.RefObject<MapHandlers>) {
  const [map, setMap] = useState<MapLibreMap | null>(null);

  useEffect(() => {
    if (!container.current) return;
    let instance: MapLibreMap;
    try {
      instance = new MapLibreMap({
        container: container.current,
        style: buildStyle(),
        center: INITIAL_CENTER,
        zoom: 9,
        localIdeographFontFamily: LOCAL_IDEOGRAPH_FONTS,
        attributionControl: false,
      });
    } catch (error) {
      handlers.current.onError(errorDetail(error));
      return;
    }
    window.__lianfangMap = instance;
    instance.on('error', (event) => handlers.current.onError(errorDetail(event.error)));
    instance.on('load', () => setMap(instance));
    const unbind = bindInteractions(instance, () => handlers.current);
    return () => {
      unbind();
      setMap(null);
      if (window.__lianfangMap === instance) window.__lianfangMap = undefined;
      instance.remove();
    };
  }, [container, handlers]);

  return map;
}

/**
 * Renders the map area: child-unit boundaries, the selected unit's outline, border zones with their hotspots, patrol
 * zones, rentals and clustered incidents.
 */
export function SituationMap(props: SituationMapProps) {
  const { selected, childUnits, incidents, overlays, visibility, ...handlers } = props;
  const container = useRef<HTMLDivElement>(null);
  const handlersRef = useRef<MapHandlers>(handlers);
  handlersRef.current = handlers;
  const map = useMapInstance(container, handlersRef);

  useEffect(() => {
    map?.getSource<GeoJSONSource>(SOURCES.children)?.setData(unitFeatures(childUnits));
    map?.getSource<GeoJSONSource>(SOURCES.selected)?.setData(unitFeatures(selected ? [selected] : []));
  }, [map, selected, childUnits]);

  useEffect(() => {
    map?.getSource<GeoJSONSource>(SOURCES.incidents)?.setData(incidentFeatures(incidents));
  }, [map, incidents]);
  useOverlaySources(map, overlays);

  useEffect(() => {
    if (!map) return;
    for (const [group, layers] of Object.entries(LAYER_GROUPS)) {
      const value = visibility[group as LayerGroup] ? 'visible' : 'none';
      for (const layer of layers) map.setLayoutProperty(layer, 'visibility', value);
    }
  }, [map, visibility]);

  const selectedBoundary = selected?.boundary ?? null;
  useEffect(() => {
    const bounds = selectedBoundary && boundsOf(selectedBoundary);
    if (map && bounds) map.fitBounds(bounds, { padding: 32, duration: 500 });
  }, [map, selectedBoundary]);

  return <div ref={container} className="map" data-testid="map" />;
}
