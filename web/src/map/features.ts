import type { IncidentCell } from '../graphql/incidents.js';
import type { IncidentNode, UnitWithBoundary } from '../graphql/queries.js';
import type { MultiPolygonGeometry, PointGeometry } from './geometry.js';

export interface Feature<G, P> {
  type: 'Feature';
  geometry: G;
  properties: P;
}

export interface FeatureCollection<G, P> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}

export type UnitProperties = { code: string; name: string; level: string; approximate: boolean };
export type UnitCollection = FeatureCollection<MultiPolygonGeometry, UnitProperties>;
export type IncidentCollection = FeatureCollection<
  PointGeometry,
  { id: string; category: string; occurredAt: string; addressId: string | null }
>;
export type LabelCollection = FeatureCollection<PointGeometry, { code: string; name: string }>;
export type CellCollection = FeatureCollection<PointGeometry, { count: number; topCategory: string }>;
/** Points of the heatmap, each weighted by the incidents it stands for. */
export type HeatCollection = FeatureCollection<PointGeometry, { weight: number }>;

/** Converts units to polygon features; a unit without a boundary is left out. */
export function unitFeatures(units: UnitWithBoundary[]): UnitCollection {
  const features = units.flatMap((unit) =>
    unit.boundary
      ? [
          {
            type: 'Feature' as const,
            geometry: unit.boundary,
            properties: { code: unit.code, name: unit.name, level: unit.level, approximate: unit.approximate },
          },
        ]
      : [],
  );
  return { type: 'FeatureCollection', features };
}

/** Converts units to points where their names are written; a unit without a label point is left out. */
export function labelFeatures(units: UnitWithBoundary[]): LabelCollection {
  const features = units.flatMap((unit) =>
    unit.labelPoint
      ? [{ type: 'Feature' as const, geometry: unit.labelPoint, properties: { code: unit.code, name: unit.name } }]
      : [],
  );
  return { type: 'FeatureCollection', features };
}

export function incidentFeatures(incidents: readonly IncidentNode[]): IncidentCollection {
  return {
    type: 'FeatureCollection',
    features: incidents.map((incident) => ({
      type: 'Feature',
      geometry: incident.location,
      properties: {
        id: incident.id,
        category: incident.category,
        occurredAt: incident.occurredAt,
        addressId: incident.address?.id ?? null,
      },
    })),
  };
}

export function cellFeatures(cells: readonly IncidentCell[]): CellCollection {
  return {
    type: 'FeatureCollection',
    features: cells.map((cell) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [cell.lon, cell.lat] },
      properties: { count: cell.count, topCategory: cell.topCategory },
    })),
  };
}

/**
 * Feeds the heatmap from single incidents when the grid returned them, else from the cells, each weighted by its
 * share of the largest cell so the colour scale stays the same whatever the zoom.
 */
export function heatFeatures(cells: readonly IncidentCell[], incidents: readonly IncidentNode[]): HeatCollection {
  if (incidents.length > 0) {
    const features = incidents.map((incident) => ({
      type: 'Feature' as const,
      geometry: incident.location,
      properties: { weight: 1 },
    }));
    return { type: 'FeatureCollection', features };
  }
  const largest = Math.max(1, ...cells.map((cell) => cell.count));
  const features = cells.map((cell) => ({
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: [cell.lon, cell.lat] as [number, number] },
    properties: { weight: cell.count / largest },
  }));
  return { type: 'FeatureCollection', features };
}
