import { gql } from '@urql/core';
import type { MultiPolygonGeometry, PointGeometry, PolygonGeometry } from '../map/geometry.js';

export const INSPECTION_STATES = ['NOT_INSPECTED', 'PASSED', 'RECTIFYING', 'FAILED'] as const;
export type InspectionState = (typeof INSPECTION_STATES)[number];

export const PATROL_SHIFTS = ['DAY', 'NIGHT', 'ALL_DAY'] as const;
export type PatrolShift = (typeof PATROL_SHIFTS)[number];

export interface RentalNode {
  id: string;
  rooms: number;
  tenants: number;
  /** True for a subdivided rental (群租, rooms partitioned and let separately). */
  subdivided: boolean;
  inspectionState: InspectionState;
  location: PointGeometry;
  /** Standard address of the rental, whose details panel a click opens. */
  address: { id: string } | null;
}

export interface BorderZoneNode {
  id: string;
  name: string;
  /** Division codes of the two districts on either side of the border. */
  districtCodes: string[];
  band: MultiPolygonGeometry;
}

export interface HotspotNode {
  id: string;
  /** Incidents in the cluster. */
  count: number;
  area: PolygonGeometry;
}

export interface PatrolZoneNode {
  id: string;
  name: string;
  unitName: string;
  shift: PatrolShift;
  zone: MultiPolygonGeometry;
}

/**
 * The API's maximum page size for `rentals`; the schema accepts 1 to 1000. The map loads the rentals of the viewport,
 * so only a view with more than this many rentals is cut short, and the panel then shows a notice.
 */
export const MAX_RENTALS = 1000;

export const RENTALS_QUERY = gql<
  { rentals: { totalCount: number; edges: { node: RentalNode }[] } },
  { code: string; bbox: [number, number, number, number] | null; first: number }
>`
  query SituationMapRentals($code: ID!, $bbox: [Float!], $first: Int!) {
    rentals(orgUnit: $code, bbox: $bbox, first: $first) {
      totalCount
      edges {
        node {
          id
          rooms
          tenants
          subdivided
          inspectionState
          location
          address {
            id
          }
        }
      }
    }
  }
`;

/** All border zones; the API has no filter by unit, so the app keeps those touching the selected district. */
export const BORDER_ZONES_QUERY = gql<{ borderZones: BorderZoneNode[] }, Record<string, never>>`
  query SituationMapBorderZones {
    borderZones {
      id
      name
      districtCodes
      band
    }
  }
`;

/** Hotspots of one zone in the map's period, with the API's default radius (300 m) and minimum (5 incidents). */
export const BORDER_HOTSPOTS_QUERY = gql<{ borderHotspots: HotspotNode[] }, { zone: string; from: string; to: string }>`
  query SituationMapBorderHotspots($zone: ID!, $from: DateTime!, $to: DateTime!) {
    borderHotspots(zone: $zone, from: $from, to: $to) {
      id
      count
      area
    }
  }
`;

export const PATROL_ZONES_QUERY = gql<{ patrolZones: PatrolZoneNode[] }, { code: string }>`
  query SituationMapPatrolZones($code: ID!) {
    patrolZones(orgUnit: $code) {
      id
      name
      unitName
      shift
      zone
    }
  }
`;
