import { gql } from '@urql/core';
import type { PolygonalGeometry } from '../map/geometry.js';
import type { IncidentCategory, IncidentNode } from './queries.js';

/** `[west, south, east, north]` in degrees. */
export type Bbox = [number, number, number, number];

/** Most incidents the map draws one by one; above it the layer shows the server's grid cells. */
export const POINT_LIMIT = 2000;

export interface IncidentCell {
  lon: number;
  lat: number;
  count: number;
  topCategory: IncidentCategory;
}

export interface IncidentGrid {
  /** Incidents of the unit in the viewport and period. */
  totalCount: number;
  cellDegrees: number;
  cells: IncidentCell[];
  /** Every matching incident when `totalCount` is at most the point limit, otherwise empty. */
  incidents: IncidentNode[];
}

export interface IncidentGridVariables {
  code: string;
  bbox: Bbox;
  zoom: number;
  from: string;
  to: string;
  pointLimit: number;
}

/**
 * Incidents of the viewport, clustered on the server. The viewport, zoom and period are variables, so the operation
 * text, and with it the gateway's query plan, stays the same while the user pans, zooms and plays the period.
 */
export const INCIDENT_GRID_QUERY = gql<{ incidentGrid: IncidentGrid }, IncidentGridVariables>`
  query SituationMapIncidentGrid(
    $code: ID!
    $bbox: [Float!]!
    $zoom: Float!
    $from: DateTime!
    $to: DateTime!
    $pointLimit: Int!
  ) {
    incidentGrid(orgUnit: $code, bbox: $bbox, zoom: $zoom, from: $from, to: $to, pointLimit: $pointLimit) {
      totalCount
      cellDegrees
      cells {
        lon
        lat
        count
        topCategory
      }
      incidents {
        id
        category
        occurredAt
        location
        address {
          id
        }
      }
    }
  }
`;

export interface AreaVariables {
  code: string;
  from: string;
  to: string;
  within: PolygonalGeometry;
  first: number;
}

export interface AreaAddress {
  id: string;
  text: string;
}

export interface AreaResult {
  incidents: { totalCount: number; edges: { node: IncidentNode }[] };
  addresses: { totalCount: number; edges: { node: AreaAddress }[] };
}

/** Page size of the lists under a drawn area; the counts cover every match. */
export const AREA_LIST_SIZE = 100;

/** Incidents of the period and addresses inside an area drawn on the map, both within the selected unit. */
export const AREA_QUERY = gql<AreaResult, AreaVariables>`
  query SituationMapArea($code: ID!, $from: DateTime!, $to: DateTime!, $within: GeoJSON!, $first: Int!) {
    incidents(orgUnit: $code, from: $from, to: $to, within: $within, first: $first) {
      totalCount
      edges {
        node {
          id
          category
          occurredAt
          location
          address {
            id
          }
        }
      }
    }
    addresses(orgUnit: $code, within: $within, first: $first) {
      totalCount
      edges {
        node {
          id
          text
        }
      }
    }
  }
`;

export interface IncidentPageVariables {
  code: string;
  from: string;
  to: string;
  bbox: Bbox | null;
  within: PolygonalGeometry | null;
  categories: IncidentCategory[] | null;
  first: number;
  after: string | null;
}

export interface IncidentPage {
  incidents: {
    totalCount: number;
    edges: { node: IncidentNode & { status: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** One page of incidents for the export, with every filter the map applies. */
export const INCIDENT_PAGE_QUERY = gql<IncidentPage, IncidentPageVariables>`
  query SituationMapIncidentPage(
    $code: ID!
    $from: DateTime!
    $to: DateTime!
    $bbox: [Float!]
    $within: GeoJSON
    $categories: [IncidentCategory!]
    $first: Int!
    $after: String
  ) {
    incidents(
      orgUnit: $code
      from: $from
      to: $to
      bbox: $bbox
      within: $within
      categories: $categories
      first: $first
      after: $after
    ) {
      totalCount
      edges {
        node {
          id
          category
          occurredAt
          status
          location
          address {
            id
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
