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
  /** A point inside the boundary where the map writes the unit's name. */
  labelPoint: PointGeometry | null;
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
  /** Linked standard address, if any. */
  address: { id: string } | null;
}

export const ORG_UNIT_QUERY = gql<{ orgUnit: OrgUnitDetail | null }, { code: string }>`
  query SituationMapOrgUnit($code: ID!) {
    orgUnit(code: $code) {
      code
      name
      level
      approximate
      boundary
      labelPoint
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
        labelPoint
      }
    }
  }
`;

/** Division code: 6 digits for a district, 9 for a street, 12 for a community, 15 for a grid. */
const ORG_UNIT_CODE = /^\d{6}(\d{3}){0,3}$/;

export function isOrgUnitCode(value: string): boolean {
  return ORG_UNIT_CODE.test(value);
}

/** Name of the signed-in user's own org unit, for the header. */
export const OWN_UNIT_QUERY = gql<{ orgUnit: UnitSummary | null }, { code: string }>`
  query SessionOwnUnit($code: ID!) {
    orgUnit(code: $code) {
      code
      name
      level
    }
  }
`;
