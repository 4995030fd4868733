import { gql } from '@urql/core';
import type { PointGeometry } from '../map/geometry.js';
import type { InspectionState } from './overlays.js';
import type { IncidentCategory } from './queries.js';

export interface ResidentNode {
  id: string;
  /** Masked by the API, e.g. 张**. */
  name: string;
  /** Masked by the API, e.g. 320509********1234. */
  idNumber: string;
  phone: string | null;
  residenceType: 'PERMANENT' | 'FLOATING';
  registeredOn: string;
}

export interface UsageMonth {
  month: string;
  electricityKwh: number;
  baselineKwh: number;
  ratio: number | null;
  householdType: string;
}

export interface AddressDetails {
  id: string;
  text: string;
  location: PointGeometry;
  community: { code: string; name: string } | null;
  residents: ResidentNode[];
  rental: {
    id: string;
    rooms: number;
    tenants: number;
    subdivided: boolean;
    inspectionState: InspectionState;
    landlordName: string;
    registeredOn: string;
  } | null;
  enterprises: { creditCode: string; name: string; status: string }[] | null;
  utilityUsage: UsageMonth[] | null;
  nearbyIncidents: {
    id: string;
    category: IncidentCategory;
    occurredAt: string;
    status: string;
    location: PointGeometry;
  }[];
}

export interface AddressVariables {
  id: string;
  radius: number;
  from: string;
  to: string;
}

/** Radii the panel offers for nearby incidents, in metres; the API accepts 1 to 20000. */
export const RADIUS_CHOICES = [100, 300, 500, 1000, 2000] as const;
export const DEFAULT_RADIUS = 500;
/** Most nearby incidents the panel lists. */
export const NEARBY_LIMIT = 100;

/**
 * Everything the details panel shows about one address, from four departments in one federated request: police
 * (address, residents, nearby incidents), housing (rental), market regulation (enterprises) and utilities (usage).
 */
export const ADDRESS_DETAILS_QUERY = gql<{ address: AddressDetails | null }, AddressVariables>`
  query SituationMapAddress($id: ID!, $radius: Float!, $from: DateTime!, $to: DateTime!) {
    address(id: $id) {
      id
      text
      location
      community {
        code
        name
      }
      residents {
        id
        name
        idNumber
        phone
        residenceType
        registeredOn
      }
      rental {
        id
        rooms
        tenants
        subdivided
        inspectionState
        landlordName
        registeredOn
      }
      enterprises {
        creditCode
        name
        status
      }
      utilityUsage(months: 12) {
        month
        electricityKwh
        baselineKwh
        ratio
        householdType
      }
      nearbyIncidents(radiusMetres: $radius, from: $from, to: $to, first: 100) {
        id
        category
        occurredAt
        status
        location
      }
    }
  }
`;
