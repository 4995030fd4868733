import 'maplibre-gl/dist/maplibre-gl.css';
import { AttributionControl, type GeoJSONSource, type Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import type { BasemapSettings } from '../appConfig.js';
import type { EventSummary } from '../graphql/events.js';
import type { IncidentGrid } from '../graphql/incidents.js';
import type { UnitWithBoundary } from '../graphql/queries.js';
import { createMap } from './createMap.js';
import { EVENT_SOURCE, eventFeatures } from './eventStyle.js';
import { cellFeatures, heatFeatures, incidentFeatures, labelFeatures, unitFeatures } from './features.js';
import { boundsOf, circlePolygon, type PolygonGeometry, type Position } from './geometry.js';
import { bindInteractions, type MapHandlers, viewportOf } from './interactions.js';
import {
  BASEMAP_LAYER,
  CHILD_FILL_LAYER,
  HEATMAP_LAYER,
  INCIDENT_POINT_LAYERS,
  LAYER_GROUPS,
  type LayerGroup,
  SOURCES,
} from './style.js';
import { type DrawTool, useAreaDrawing } from './useAreaDrawing.js';
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

/** Initial view over 吴江区 until the selected unit's boundary arrives. */
const INITIAL_CENTER: [number, number] = [120.64, 31.0];

/** Display mode of the incident layer: points, clusters and cells, or a heatmap. */
export type IncidentMode = 'points' | 'heatmap';

export interface SituationMapProps extends Omit<MapHandlers, 'isDrawing'> {
  selected: UnitWithBoundary | null;
  childUnits: UnitWithBoundary[];
  grid: IncidentGrid | null;
  incidentMode: IncidentMode;
  overlays: OverlayFeatures;
  /** Open events of the selected unit, drawn as markers coloured by status. */
  events: readonly EventSummary[];
  visibility: Record<LayerGroup, boolean>;
  /** Drawing tool in use, or null when the user is not drawing. */
  drawTool: DrawTool | null;
  /** Whether a finished area stays drawn while no tool is in use. */
  keepArea: boolean;
  onAreaDrawn(area: PolygonGeometry): void;
  /** External raster basemap, drawn under the boundaries; null keeps the built-in background only. */
  basemap: BasemapSettings | null;
  /** Address whose details panel is open, marked with its search radius. */
  focus: AddressFocus | null;
}

export interface AddressFocus {
  location: Position;
  radiusMetres: number;
}

/** Marks the focused address and its radius, and brings it into view when it lies outside. */
function useAddressFocus(map: MapLibreMap | null, focus: AddressFocus | null): void {
  const lon = focus?.location[0];
  const lat = focus?.location[1];
  const radius = focus?.radiusMetres;
  useEffect(() => {
    const source = map?.getSource<GeoJSONSource>(SOURCES.addressFocus);
    if (!map || !source) return;
    if (lon === undefined || lat === undefined || radius === undefined) {
      source.setData({ type: 'FeatureCollection', features: [] });
      return;
    }
    const location: Position = [lon, lat];
    source.setData({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: location }, properties: {} },
        { type: 'Feature', geometry: circlePolygon(location, radius), properties: {} },
      ],
    });
    if (!map.getBounds().contains(location)) map.easeTo({ center: location, zoom: Math.max(map.getZoom(), 14) });
  }, [map, lon, lat, radius]);
}

/** Creates the map once; returns it after its style has loaded, or null before that and when WebGL fails. */
function useMapInstance(container: React.RefObject<HTMLDivElement | null>, handlers: React.RefObject<MapHandlers>) {
  const [map, setMap] = useState<MapLibreMap | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const instance = createMap(container.current, { center: INITIAL_CENTER, zoom: 9 }, (detail) =>
      handlers.current.onError(detail),
    );
    if (!instance) return;
    window.__lianfangMap = instance;
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
 * Renders the map area: child-unit boundaries with names, the selected unit's outline, border zones with their
 * hotspots, patrol zones, rentals, incidents as points, clusters, grid cells or a heatmap, and a drawn area.
 */
/** Adds the configured raster basemap under the unit boundaries, with its attribution, once. */
function useBasemap(map: MapLibreMap | null, basemap: BasemapSettings | null): boolean {
  const [added, setAdded] = useState(false);
  useEffect(() => {
    if (!map || !basemap || map.getSource(BASEMAP_LAYER)) return;
    map.addSource(BASEMAP_LAYER, {
      type: 'raster',
      tiles: [basemap.tiles],
      tileSize: basemap.tileSize,
      attribution: basemap.attribution,
    });
    map.addLayer({ id: BASEMAP_LAYER, type: 'raster', source: BASEMAP_LAYER }, CHILD_FILL_LAYER);
    if (basemap.attribution) map.addControl(new AttributionControl({ compact: true }));
    setAdded(true);
  }, [map, basemap]);
  return added;
}

export function SituationMap(props: SituationMapProps) {
  const { selected, childUnits, grid, incidentMode, overlays, visibility, drawTool, keepArea, onAreaDrawn } = props;
  const container = useRef<HTMLDivElement>(null);
  const handlersRef = useRef<MapHandlers>({ ...props, isDrawing: () => drawTool !== null });
  handlersRef.current = { ...props, isDrawing: () => drawTool !== null };
  const map = useMapInstance(container, handlersRef);
  useAreaDrawing(map, drawTool, keepArea, onAreaDrawn);
  const basemapAdded = useBasemap(map, props.basemap);
  useAddressFocus(map, props.focus);

  useEffect(() => {
    map?.getSource<GeoJSONSource>(SOURCES.children)?.setData(unitFeatures(childUnits));
    map?.getSource<GeoJSONSource>(SOURCES.childLabels)?.setData(labelFeatures(childUnits));
    map?.getSource<GeoJSONSource>(SOURCES.selected)?.setData(unitFeatures(selected ? [selected] : []));
  }, [map, selected, childUnits]);

  // Each source keeps its old data until the new grid arrives, so the layer never blinks empty while panning.
  useEffect(() => {
    if (!map || !grid) return;
    const pointMode = grid.incidents.length > 0 || grid.totalCount === 0;
    map.getSource<GeoJSONSource>(SOURCES.incidents)?.setData(incidentFeatures(grid.incidents));
    map.getSource<GeoJSONSource>(SOURCES.incidentCells)?.setData(cellFeatures(pointMode ? [] : grid.cells));
    map.getSource<GeoJSONSource>(SOURCES.incidentHeat)?.setData(heatFeatures(grid.cells, grid.incidents));
  }, [map, grid]);
  useOverlaySources(map, overlays);
  const events = props.events;
  useEffect(() => {
    map?.getSource<GeoJSONSource>(EVENT_SOURCE)?.setData(eventFeatures(events));
  }, [map, events]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the basemap layer is added later, and must then get its visibility too.
  useEffect(() => {
    if (!map) return;
    for (const [group, layers] of Object.entries(LAYER_GROUPS)) {
      for (const layer of layers) {
        if (!map.getLayer(layer)) continue;
        const hiddenByMode =
          (incidentMode === 'heatmap' && (INCIDENT_POINT_LAYERS as readonly string[]).includes(layer)) ||
          (incidentMode === 'points' && layer === HEATMAP_LAYER);
        const visible = visibility[group as LayerGroup] && !hiddenByMode;
        map.setLayoutProperty(layer, 'visibility', visible ? 'visible' : 'none');
      }
    }
  }, [map, visibility, incidentMode, basemapAdded]);

  // The first fit jumps without animation, and the viewport is first reported when it ends, so the page sends no
  // incident request for the initial placeholder view. A unit without a boundary reports the view as it is.
  const selectedBoundary = selected?.boundary ?? null;
  const hasSelection = selected !== null;
  const fitted = useRef(false);
  useEffect(() => {
    if (!map || !hasSelection) return;
    const bounds = selectedBoundary && boundsOf(selectedBoundary);
    if (bounds) {
      map.fitBounds(bounds, { padding: 32, duration: fitted.current ? 500 : 0 });
      fitted.current = true;
    } else {
      handlersRef.current.onViewport(viewportOf(map));
    }
  }, [map, hasSelection, selectedBoundary]);

  return <div ref={container} className="map" data-testid="map" />;
}
