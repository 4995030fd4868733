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
export type IncidentCollection = FeatureCollection<PointGeometry, { id: string; category: string; occurredAt: string }>;

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

export function incidentFeatures(incidents: IncidentNode[]): IncidentCollection {
  return {
    type: 'FeatureCollection',
    features: incidents.map((incident) => ({
      type: 'Feature',
      geometry: incident.location,
      properties: { id: incident.id, category: incident.category, occurredAt: incident.occurredAt },
    })),
  };
}
