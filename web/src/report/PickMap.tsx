import 'maplibre-gl/dist/maplibre-gl.css';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { useAppConfig } from '../appConfig.js';
import { ORG_UNIT_QUERY } from '../graphql/queries.js';
import { createMap } from '../map/createMap.js';
import { unitFeatures } from '../map/features.js';
import { boundsOf, type Position } from '../map/geometry.js';
import { BASEMAP_LAYER, CHILD_FILL_LAYER, SOURCES } from '../map/style.js';

declare global {
  interface Window {
    /** The report page's map, exposed so browser tests can click a known position. */
    __lianfangPickMap?: MapLibreMap;
  }
}

/** Initial view over 吴江区 until the grid's boundary arrives. */
const INITIAL_CENTER: [number, number] = [120.64, 31.0];

export interface PickMapProps {
  /** Division code of the grid worker's grid, whose outline the map shows and fits. */
  orgUnit: string;
  /** WGS84 position to mark, or null for none. */
  marked: Position | null;
  onPick(position: Position): void;
  onError(detail: string): void;
}

/** Creates the small map once with the main map's local style, and returns it after its style has loaded. */
function usePickMapInstance(container: React.RefObject<HTMLDivElement | null>, props: PickMapProps) {
  const handlers = useRef(props);
  handlers.current = props;
  const [map, setMap] = useState<MapLibreMap | null>(null);
  useEffect(() => {
    if (!container.current) return;
    const instance = createMap(container.current, { center: INITIAL_CENTER, zoom: 10 }, (detail) =>
      handlers.current.onError(detail),
    );
    if (!instance) return;
    window.__lianfangPickMap = instance;
    instance.on('load', () => setMap(instance));
    instance.on('click', (event) => handlers.current.onPick([event.lngLat.lng, event.lngLat.lat]));
    return () => {
      setMap(null);
      if (window.__lianfangPickMap === instance) window.__lianfangPickMap = undefined;
      instance.remove();
    };
  }, [container]);
  return map;
}

/**
 * Small map for picking the report's position: the grid's outline over the hub's configured basemap, or the plain
 * background without one, and a marker on the picked point. A tap reports the WGS84 position.
 */
export function PickMap(props: PickMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const map = usePickMapInstance(container, props);
  const config = useAppConfig();
  const [unitResult] = useQuery({ query: ORG_UNIT_QUERY, variables: { code: props.orgUnit } });
  const unit = unitResult.data?.orgUnit ?? null;

  useEffect(() => {
    const basemap = config.basemap;
    if (!map || !basemap || map.getSource(BASEMAP_LAYER)) return;
    map.addSource(BASEMAP_LAYER, { type: 'raster', tiles: [basemap.tiles], tileSize: basemap.tileSize });
    map.addLayer({ id: BASEMAP_LAYER, type: 'raster', source: BASEMAP_LAYER }, CHILD_FILL_LAYER);
  }, [map, config.basemap]);

  useEffect(() => {
    if (!map || !unit) return;
    map.getSource<GeoJSONSource>(SOURCES.selected)?.setData(unitFeatures([unit]));
    const bounds = unit.boundary && boundsOf(unit.boundary);
    if (bounds) map.fitBounds(bounds, { padding: 16, duration: 0 });
  }, [map, unit]);

  const lon = props.marked?.[0];
  const lat = props.marked?.[1];
  useEffect(() => {
    const source = map?.getSource<GeoJSONSource>(SOURCES.addressFocus);
    if (!source) return;
    const features =
      lon === undefined || lat === undefined
        ? []
        : [{ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [lon, lat] }, properties: {} }];
    source.setData({ type: 'FeatureCollection', features });
  }, [map, lon, lat]);

  return <div ref={container} className="pick-map" data-testid="pick-map" />;
}
