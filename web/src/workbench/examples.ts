/**
 * Example queries for analysts and auditors, built on fields of gateway/supergraph.graphql and on the demo region
 * (吴江区 and its border zones with 嘉善县). Titles and summaries are translated under `workbench:examples.<key>`.
 */

export interface ExampleQuery {
  /** Key of the title and summary in the `workbench:examples` translations. */
  key:
    | 'streetIncidents'
    | 'subdividedRentals'
    | 'borderHotspots'
    | 'plantedAddress'
    | 'patrolZones'
    | 'accessLog'
    | 'accessLogVerification';
  query: string;
  /** Returns the variables for a run at `now`. Periods such as "the last 30 days" end at `now`. */
  variables(now: Date): Record<string, unknown>;
}

const DAY_MS = 86_400_000;

function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

/** Examples for analysts: the departments' data of the district. */
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

/** Examples for auditors, who may query the access log (the audit subgraph serves it to auditors only). */
export const AUDITOR_EXAMPLE_QUERIES: ExampleQuery[] = [
  {
    key: 'accessLog',
    query: `query RecentAccessLog {
  accessLog(first: 50) {
    totalCount
    entries {
      id
      recordedAt
      userId
      userName
      orgUnit
      purpose
      operation
      fields
      rowCount
      disclosure
      reasons
    }
  }
}
`,
    variables: () => ({}),
  },
  {
    key: 'accessLogVerification',
    query: `query VerifyAccessLog {
  accessLogVerification {
    valid
    checked
    brokenAt
    problem
    lastId
    lastHash
  }
}
`,
    variables: () => ({}),
  },
];

/**
 * Returns the examples for a user's roles: analysts' examples, auditors' examples, or both for a user with both.
 * The roles are plain strings because the tests, which compile without the DOM library, import this module.
 */
export function examplesFor(roles: readonly string[]): ExampleQuery[] {
  return [
    ...(roles.includes('analyst') ? EXAMPLE_QUERIES : []),
    ...(roles.includes('auditor') ? AUDITOR_EXAMPLE_QUERIES : []),
  ];
}

/** Formats variables as the variables editor shows them; an operation without variables leaves the editor empty. */
export function formatVariables(variables: Record<string, unknown>): string {
  if (Object.keys(variables).length === 0) return '';
  return `${JSON.stringify(variables, null, 2)}\n`;
}
