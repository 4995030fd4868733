import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useEffect } from 'react';
import type { BorderZoneNode, HotspotNode, PatrolZoneNode, RentalNode } from '../graphql/overlays.js';
import { borderZoneFeatures, hotspotFeatures, patrolZoneFeatures, rentalFeatures } from './overlayFeatures.js';
import { OVERLAY_SOURCES } from './overlayStyle.js';

/** Features of the rental, border and patrol layers. An empty list clears its layer. */
export interface OverlayFeatures {
  rentals: readonly RentalNode[];
  borderZones: readonly BorderZoneNode[];
  hotspots: readonly HotspotNode[];
  patrolZones: readonly PatrolZoneNode[];
}

/** Copies the overlay data into the map's GeoJSON sources whenever it changes. */
export function useOverlaySources(map: MapLibreMap | null, overlays: OverlayFeatures): void {
  const { rentals, borderZones, hotspots, patrolZones } = overlays;
  useEffect(() => {
    map?.getSource<GeoJSONSource>(OVERLAY_SOURCES.rentals)?.setData(rentalFeatures(rentals));
  }, [map, rentals]);
  useEffect(() => {
    map?.getSource<GeoJSONSource>(OVERLAY_SOURCES.borderZones)?.setData(borderZoneFeatures(borderZones));
  }, [map, borderZones]);
  useEffect(() => {
    map?.getSource<GeoJSONSource>(OVERLAY_SOURCES.hotspots)?.setData(hotspotFeatures(hotspots));
  }, [map, hotspots]);
  useEffect(() => {
    map?.getSource<GeoJSONSource>(OVERLAY_SOURCES.patrolZones)?.setData(patrolZoneFeatures(patrolZones));
  }, [map, patrolZones]);
}
