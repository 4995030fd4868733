import { gql } from '@urql/core';
import type { MultiPolygonGeometry, PointGeometry } from '../map/geometry.js';

export type OrgUnitLevel = 'DISTRICT' | 'STREET' | 'COMMUNITY' | 'GRID';

export const INCIDENT_CATEGORIES = [
  'THEFT',
  'FRAUD',
  'FIGHT',
  'DISPUTE',
  'NOISE',
  'FIRE_HAZARD',
  'TRAFFIC',
  'DRUGS',
  'GAMBLING',
  'OTHER',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export interface UnitSummary {
  code: string;
  name: string;
  level: OrgUnitLevel;
}

export interface UnitWithBoundary extends UnitSummary {
  /** True while the boundary is a generated approximation rather than an imported authoritative one. */
  approximate: boolean;
  boundary: MultiPolygonGeometry | null;
}

export interface OrgUnitDetail extends UnitWithBoundary {
  /** From the district down to this unit, this unit included. */
  ancestry: UnitSummary[];
  children: UnitWithBoundary[];
}

export interface IncidentNode {
  id: string;
  category: IncidentCategory;
  occurredAt: string;
  location: PointGeometry;
}

export const ORG_UNIT_QUERY = gql<{ orgUnit: OrgUnitDetail | null }, { code: string }>`
  query SituationMapOrgUnit($code: ID!) {
    orgUnit(code: $code) {
      code
      name
      level
      approximate
      boundary
      ancestry {
        code
        name
        level
      }
      children {
        code
        name
        level
        approximate
        boundary
      }
    }
  }
`;

/**
 * The API's maximum page size for `incidents`; the schema accepts 1 to 1000.
 * TODO: page with `after` or query by viewport `bbox` when a unit has more incidents in the period than this.
 */
export const MAX_INCIDENTS = 1000;

export const INCIDENTS_QUERY = gql<
  { incidents: { totalCount: number; edges: { node: IncidentNode }[] } },
  { code: string; from: string; first: number }
>`
  query SituationMapIncidents($code: ID!, $from: DateTime!, $first: Int!) {
    incidents(orgUnit: $code, from: $from, first: $first) {
      totalCount
      edges {
        node {
          id
          category
          occurredAt
          location
        }
      }
    }
  }
`;

/** Division code: 6 digits for a district, 9 for a street, 12 for a community, 15 for a grid. */
const ORG_UNIT_CODE = /^\d{6}(\d{3}){0,3}$/;

export function isOrgUnitCode(value: string): boolean {
  return ORG_UNIT_CODE.test(value);
}
