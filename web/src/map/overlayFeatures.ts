import type { BorderZoneNode, HotspotNode, PatrolZoneNode, RentalNode } from '../graphql/overlays.js';
import type { FeatureCollection } from './features.js';
import type { MultiPolygonGeometry, PointGeometry, PolygonGeometry } from './geometry.js';

export type RentalCollection = FeatureCollection<
  PointGeometry,
  { id: string; rooms: number; tenants: number; subdivided: boolean; inspectionState: string; addressId: string | null }
>;
export type BorderZoneCollection = FeatureCollection<MultiPolygonGeometry, { id: string; name: string }>;
export type HotspotCollection = FeatureCollection<PolygonGeometry, { id: string; count: number }>;
export type PatrolZoneCollection = FeatureCollection<
  MultiPolygonGeometry,
  { id: string; name: string; unitName: string; shift: string }
>;

export function rentalFeatures(rentals: readonly RentalNode[]): RentalCollection {
  return {
    type: 'FeatureCollection',
    features: rentals.map(({ location, address, ...properties }) => ({
      type: 'Feature',
      geometry: location,
      properties: { ...properties, addressId: address?.id ?? null },
    })),
  };
}

export function borderZoneFeatures(zones: readonly BorderZoneNode[]): BorderZoneCollection {
  return {
    type: 'FeatureCollection',
    features: zones.map((zone) => ({
      type: 'Feature',
      geometry: zone.band,
      properties: { id: zone.id, name: zone.name },
    })),
  };
}

export function hotspotFeatures(hotspots: readonly HotspotNode[]): HotspotCollection {
  return {
    type: 'FeatureCollection',
    features: hotspots.map(({ area, ...properties }) => ({ type: 'Feature', geometry: area, properties })),
  };
}

export function patrolZoneFeatures(zones: readonly PatrolZoneNode[]): PatrolZoneCollection {
  return {
    type: 'FeatureCollection',
    features: zones.map(({ zone, ...properties }) => ({ type: 'Feature', geometry: zone, properties })),
  };
}
