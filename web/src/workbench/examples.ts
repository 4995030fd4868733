/**
 * Example queries for analysts, built on fields of gateway/supergraph.graphql and on the demo region (吴江区 and
 * its border zones with 嘉善县). Titles and summaries are translated under `workbench:examples.<key>`.
 */

export interface ExampleQuery {
  /** Key of the title and summary in the `workbench:examples` translations. */
  key: 'streetIncidents' | 'subdividedRentals' | 'borderHotspots' | 'plantedAddress' | 'patrolZones';
  query: string;
  /** Returns the variables for a run at `now`. Periods such as "the last 30 days" end at `now`. */
  variables(now: Date): Record<string, unknown>;
}

const DAY_MS = 86_400_000;

function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

export const EXAMPLE_QUERIES: ExampleQuery[] = [
  {
    key: 'streetIncidents',
    query: `query StreetIncidentsLast30Days($street: ID!, $from: DateTime!) {
  orgUnit(code: $street) {
    name
    incidentCount(from: $from)
  }
  incidents(orgUnit: $street, from: $from, first: 500) {
    totalCount
    edges {
      node {
        id
        category
        status
        occurredAt
        location
        orgUnit {
          name
        }
        address {
          text
        }
      }
    }
  }
}
`,
    variables: (now) => ({ street: '320509001', from: daysBefore(now, 30) }),
  },
  {
    key: 'subdividedRentals',
    query: `query SubdividedRentalsAndElectricity($district: ID!) {
  rentals(orgUnit: $district, subdivided: true, first: 200) {
    totalCount
    edges {
      node {
        id
        rooms
        tenants
        inspectionState
        landlordName
        community {
          name
        }
        location
        address {
          text
          utilityUsage(months: 3) {
            month
            electricityKwh
            baselineKwh
            ratio
          }
        }
      }
    }
  }
}
`,
    variables: () => ({ district: '320509' }),
  },
  {
    key: 'borderHotspots',
    query: `query BorderZoneHotspots($zone: ID!, $from: DateTime!) {
  borderZone(id: $zone) {
    name
    bandWidthMetres
    incidentCount(from: $from)
  }
  borderHotspots(zone: $zone, from: $from, radiusMetres: 300, minIncidents: 5) {
    id
    count
    area
    centroid
    categories {
      category
      count
    }
  }
}
`,
    variables: (now) => ({ zone: 'BZ-320509-330421', from: daysBefore(now, 30) }),
  },
  {
    key: 'plantedAddress',
    query: `query AddressAcrossDepartments($id: ID!) {
  address(id: $id) {
    text
    location
    residents {
      name
      idNumber
      residenceType
      registeredOn
    }
    rental {
      rooms
      tenants
      subdivided
      inspectionState
    }
    enterprises {
      name
      creditCode
      status
    }
    utilityUsage(months: 3) {
      month
      electricityKwh
      baselineKwh
      ratio
    }
    parcelsByMonth(months: 3) {
      month
      parcels
    }
  }
}
`,
    variables: () => ({ id: 'A-PLANTED-ABNORMAL' }),
  },
  {
    key: 'patrolZones',
    query: `query PatrolZonesOfDistrict($district: ID!) {
  patrolZones(orgUnit: $district) {
    id
    name
    unitName
    shift
    orgUnit {
      name
    }
    zone
  }
}
`,
    variables: () => ({ district: '320509' }),
  },
];

/** Formats variables as the variables editor shows them. */
export function formatVariables(variables: Record<string, unknown>): string {
  return `${JSON.stringify(variables, null, 2)}\n`;
}
