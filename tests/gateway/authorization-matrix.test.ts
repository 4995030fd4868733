/**
 * The authorization matrix: users of each level and department run representative queries through the gateway
 * (by org unit, bbox, radius, id, nested, aliased and entity-reference paths). Each cell states the expected
 * result (allowed, masked or forbidden) before the request, and every response is scanned for raw personal data
 * the user may not read.
 */
import type { Identity } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';

const DISTRICT = '320509';
const STREET = '320509001';
const OWN = '320509001001';
const OTHER = '320509001002';
const PURPOSE = '苏公(吴)立字[2026]118号';

function user(
  sub: string,
  level: Identity['level'],
  orgUnit: string,
  department: Identity['department'],
  roles: Identity['roles'],
): Identity {
  return { sub, name: sub, level, orgUnit, department, roles };
}

const USERS: Identity[] = [
  user('district.police', 'DISTRICT', DISTRICT, 'police', ['analyst']),
  user('street.police', 'STREET', STREET, 'police', ['analyst']),
  user('district.governance', 'DISTRICT', DISTRICT, 'governance', ['analyst']),
  user('community.governance', 'COMMUNITY', OWN, 'governance', ['analyst']),
  user('community2.governance', 'COMMUNITY', OTHER, 'governance', ['analyst']),
  user('grid.governance', 'GRID', `${OWN}001`, 'governance', ['analyst']),
  user('district.housing', 'DISTRICT', DISTRICT, 'housing', ['staff', 'analyst']),
  user('community.police', 'COMMUNITY', OWN, 'police', ['analyst']),
  user('district.auditor', 'DISTRICT', DISTRICT, 'audit', ['auditor']),
  user('district.commander', 'DISTRICT', DISTRICT, 'governance', ['commander']),
  user('grid.worker', 'GRID', `${OWN}001`, 'governance', ['grid_worker']),
];

type Outcome = 'allowed' | 'masked' | 'forbidden' | 'persisted only';

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; reason?: string } }[];
}

interface Facts {
  ownAddress: string;
  otherAddress: string;
  /** Incidents recorded under each unit and below. */
  incidentCount: (code: string) => number;
  /** Raw ID numbers and phones of residents, by community. */
  residentValues: Map<string, string[]>;
  /** Raw phones of landlords, by community. */
  landlordValues: Map<string, string[]>;
  /** A point in the other community, and the incidents within 3 km of it by org unit code. */
  point: [number, number];
  nearby: { id: string; code: string }[];
}

let testHub: TestHub;
let facts: Facts;

beforeAll(async () => {
  testHub = await startTestHub({ incidentsPerYear: 2000, addressesPerCommunity: 4 });
  facts = await readFacts();
}, 240_000);

afterAll(async () => {
  await testHub?.stop();
});

async function readFacts(): Promise<Facts> {
  const { database } = testHub.hub;
  const incidents = await database.query<{ code: string; count: number }>(
    'SELECT org_unit_code AS code, count(*)::int AS count FROM police.incidents GROUP BY 1',
  );
  const addresses = await database.query<{ id: string; community: string }>(
    `SELECT a.id, a.community_code AS community FROM police.addresses a
     WHERE a.community_code IN ($1, $2) AND EXISTS (SELECT 1 FROM police.residents r WHERE r.address_id = a.id)
     ORDER BY a.id`,
    [OWN, OTHER],
  );
  const residents = await database.query<{ community: string; id_number: string; phone: string | null }>(
    `SELECT a.community_code AS community, r.id_number, r.phone
     FROM police.residents r JOIN police.addresses a ON a.id = r.address_id WHERE a.community_code IN ($1, $2)`,
    [OWN, OTHER],
  );
  const rentalAddresses = new Map(addresses.rows.map((row) => [row.id, row.community]));
  const landlords = await database.query<{ address_id: string; landlord_phone: string }>(
    'SELECT address_id, landlord_phone FROM housing.rentals WHERE address_id = ANY($1)',
    [[...rentalAddresses.keys()]],
  );
  const residentValues = new Map<string, string[]>([
    [OWN, []],
    [OTHER, []],
  ]);
  const landlordValues = new Map<string, string[]>([
    [OWN, []],
    [OTHER, []],
  ]);
  for (const row of residents.rows) {
    residentValues.get(row.community)?.push(row.id_number, ...(row.phone ? [row.phone] : []));
  }
  for (const row of landlords.rows) {
    landlordValues.get(rentalAddresses.get(row.address_id) as string)?.push(row.landlord_phone);
  }
  const point = await database.query<{ lon: number; lat: number }>(
    'SELECT ST_X(location) AS lon, ST_Y(location) AS lat FROM police.addresses WHERE community_code = $1 ORDER BY id LIMIT 1',
    [OTHER],
  );
  const { lon, lat } = point.rows[0] as { lon: number; lat: number };
  const nearby = await database.query<{ id: string; code: string }>(
    `SELECT id, org_unit_code AS code FROM police.incidents
     WHERE ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 3000)`,
    [lon, lat],
  );
  const own = addresses.rows.find((row) => row.community === OWN);
  const other = addresses.rows.find((row) => row.community === OTHER);
  if (!own || !other) throw new Error('demo data lacks addresses with residents in both communities');
  return {
    ownAddress: own.id,
    otherAddress: other.id,
    incidentCount: (code) =>
      incidents.rows.filter((row) => row.code.startsWith(code)).reduce((sum, row) => sum + row.count, 0),
    residentValues,
    landlordValues,
    point: [lon, lat],
    nearby: nearby.rows,
  };
}

async function run(identity: Identity, query: string, purpose?: string) {
  const response = await fetch(`${testHub.hub.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await testHub.auth(identity)) },
    body: JSON.stringify({ query, ...(purpose ? { extensions: { purpose } } : {}) }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as GraphQLBody };
}

const within = (identity: Identity, code: string) => code.startsWith(identity.orgUnit);
const freeQueries = (identity: Identity) => identity.roles.some((role) => role === 'analyst' || role === 'auditor');

/** Returns a root field of the answer, failing with the answer's errors when it is missing. */
function field<T>(body: GraphQLBody, name: string): T {
  const value = body.data?.[name];
  if (value === undefined || value === null) throw new Error(`no ${name} in ${JSON.stringify(body).slice(0, 500)}`);
  return value as T;
}

function errorAt(body: GraphQLBody, path: (string | number)[]) {
  return body.errors?.find((error) => JSON.stringify(error.path) === JSON.stringify(path));
}

function expectForbidden(body: GraphQLBody, path: (string | number)[], reason?: string) {
  const error = errorAt(body, path);
  expect(error?.extensions?.code, `error at ${path.join('.')}`).toBe('FORBIDDEN');
  if (reason) expect(error?.extensions?.reason).toBe(reason);
  expect(error?.message).toMatch(/[\u4e00-\u9fff]/);
}

/** Raw values the user may read with a purpose: residents' for police, landlords' for housing and police, in scope. */
function readableRaw(identity: Identity, purpose: boolean): Set<string> {
  const readable = new Set<string>();
  if (!purpose) return readable;
  const sources = [
    ...(identity.department === 'police' ? [facts.residentValues] : []),
    ...(identity.department === 'police' || identity.department === 'housing' ? [facts.landlordValues] : []),
  ];
  for (const source of sources) {
    for (const [community, values] of source) {
      if (within(identity, community)) for (const value of values) readable.add(value);
    }
  }
  return readable;
}

/** Fails when the response contains a raw personal value the user may not read. */
function expectNoLeak(identity: Identity, text: string, purpose: boolean) {
  const readable = readableRaw(identity, purpose);
  const all = [...facts.residentValues.values(), ...facts.landlordValues.values()].flat();
  for (const value of all.filter((candidate) => text.includes(candidate))) {
    expect(readable.has(value), `raw value ${value} in the answer to ${identity.sub}`).toBe(true);
  }
}

interface Cell {
  name: string;
  query: (identity: Identity) => string;
  purpose?: boolean;
  expected: (identity: Identity) => Outcome;
  check: (identity: Identity, body: GraphQLBody) => void;
}

const CELLS: Cell[] = [
  {
    name: 'incidents of the other community by org unit',
    query: () => `{ incidents(orgUnit: "${OTHER}", first: 1) { totalCount } }`,
    expected: (identity) => (within(identity, OTHER) ? 'allowed' : 'forbidden'),
    check(identity, body) {
      if (within(identity, OTHER)) {
        expect(field<{ totalCount: number }>(body, 'incidents').totalCount).toBe(facts.incidentCount(OTHER));
      } else {
        expectForbidden(body, ['incidents'], 'OUT_OF_JURISDICTION');
      }
    },
  },
  {
    name: 'incident grid of the own unit over the whole district',
    query: (identity) =>
      `{ incidentGrid(orgUnit: "${identity.orgUnit}", bbox: [120.3, 30.7, 121.0, 31.3], zoom: 9, pointLimit: 0) { totalCount } }`,
    expected: () => 'allowed',
    check(identity, body) {
      expect(field<{ totalCount: number }>(body, 'incidentGrid').totalCount).toBe(
        facts.incidentCount(identity.orgUnit),
      );
    },
  },
  {
    name: 'incidents within 3 km of a point in the other community',
    query: () =>
      `{ incidentsNear(lon: ${facts.point[0]}, lat: ${facts.point[1]}, radiusMetres: 3000, first: 1000) { id } }`,
    expected: () => 'allowed',
    check(identity, body) {
      const ids = field<{ id: string }[]>(body, 'incidentsNear')
        .map((incident) => incident.id)
        .sort();
      const expected = facts.nearby
        .filter((incident) => within(identity, incident.code))
        .map((incident) => incident.id);
      expect(ids).toEqual(expected.sort());
    },
  },
  {
    name: 'address of the other community by id',
    query: () => `{ address(id: "${facts.otherAddress}") { id text } }`,
    expected: (identity) => (within(identity, OTHER) ? 'allowed' : 'forbidden'),
    check(identity, body) {
      if (within(identity, OTHER)) {
        expect(field<{ id: string }>(body, 'address').id).toBe(facts.otherAddress);
      } else {
        expectForbidden(body, ['address'], 'OUT_OF_JURISDICTION');
        expect(body.data?.address ?? null).toBeNull();
      }
    },
  },
  {
    name: 'nested incident count of the other community',
    query: () => `{ orgUnit(code: "${OTHER}") { name incidentCount } }`,
    expected: (identity) => (within(identity, OTHER) ? 'allowed' : 'forbidden'),
    check(identity, body) {
      const unit = body.data?.orgUnit as { name: string; incidentCount: number | null };
      expect(unit.name).toBe('北门社区居委会');
      if (within(identity, OTHER)) expect(unit.incidentCount).toBe(facts.incidentCount(OTHER));
      else expectForbidden(body, ['orgUnit', 'incidentCount'], 'OUT_OF_JURISDICTION');
    },
  },
  {
    name: 'aliased counts of both communities',
    query: () =>
      `{ own: incidents(orgUnit: "${OWN}", first: 1) { totalCount } other: incidents(orgUnit: "${OTHER}", first: 1) { totalCount } }`,
    expected: (identity) => (within(identity, OWN) && within(identity, OTHER) ? 'allowed' : 'forbidden'),
    check(identity, body) {
      const aliases = [
        ['own', OWN],
        ['other', OTHER],
      ] as const;
      const refused = aliases.filter(([, code]) => !within(identity, code));
      if (refused.length === 0) {
        for (const [alias, code] of aliases) {
          expect(field<{ totalCount: number }>(body, alias).totalCount).toBe(facts.incidentCount(code));
        }
        return;
      }
      // Both root fields are non-null, so the first refusal nulls the whole answer: graphql-js then reports that
      // one error only, and an allowed count is not sent either.
      expect(body.data ?? null).toBeNull();
      const paths = (body.errors ?? []).map((error) => error.path?.[0]);
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) expect(refused.map(([alias]) => alias)).toContain(path);
      for (const error of body.errors ?? []) expect(error.extensions?.reason).toBe('OUT_OF_JURISDICTION');
    },
  },
  {
    name: 'residents and landlord of an own address with a purpose',
    purpose: true,
    query: () =>
      `{ address(id: "${facts.ownAddress}") { residents { idNumber records { offence } } rental { landlordPhone } } }`,
    expected: (identity) => {
      if (!within(identity, OWN)) return 'forbidden';
      return identity.department === 'police' ? 'allowed' : 'masked';
    },
    check(identity, body) {
      if (!within(identity, OWN)) {
        expectForbidden(body, ['address'], 'OUT_OF_JURISDICTION');
        return;
      }
      const address = body.data?.address as {
        residents: { idNumber: string; records: unknown[] | null }[];
        rental: { landlordPhone: string } | null;
      };
      expect(address.residents.length).toBeGreaterThan(0);
      for (const [index, resident] of address.residents.entries()) {
        if (identity.department === 'police') {
          expect(resident.idNumber).toMatch(/^\d{17}[\dX]$/);
          expect(Array.isArray(resident.records)).toBe(true);
        } else {
          expect(resident.idNumber).toMatch(/^\d{6}\*{8}[\dX*]{4}$/);
          expectForbidden(body, ['address', 'residents', index, 'records'], 'DEPARTMENT_SCOPE');
        }
      }
      if (address.rental) {
        const raw = identity.department === 'police' || identity.department === 'housing';
        expect(address.rental.landlordPhone).toMatch(raw ? /^1\d{10}$/ : /^1\d{2}\*{4}\d{4}$/);
      }
    },
  },
  {
    name: 'residents of an own address without a purpose',
    query: () => `{ address(id: "${facts.ownAddress}") { residents { idNumber records { offence } } } }`,
    expected: (identity) => (within(identity, OWN) ? 'masked' : 'forbidden'),
    check(identity, body) {
      if (!within(identity, OWN)) {
        expectForbidden(body, ['address'], 'OUT_OF_JURISDICTION');
        return;
      }
      const residents = field<{ residents: { idNumber: string }[] }>(body, 'address').residents;
      for (const [index, resident] of residents.entries()) {
        expect(resident.idNumber).toMatch(/^\d{6}\*{8}[\dX*]{4}$/);
        const reason = identity.department === 'police' ? 'PURPOSE_REQUIRED' : 'DEPARTMENT_SCOPE';
        expectForbidden(body, ['address', 'residents', index, 'records'], reason);
      }
    },
  },
  {
    name: 'rentals of the other community with their addresses',
    purpose: true,
    query: () =>
      `{ rentals(orgUnit: "${OTHER}", first: 20) { totalCount edges { node { landlordPhone address { text residents { idNumber } } } } } }`,
    expected: (identity) => (within(identity, OTHER) ? 'allowed' : 'forbidden'),
    check(identity, body) {
      if (within(identity, OTHER)) expect(body.data?.rentals).not.toBeNull();
      else expectForbidden(body, ['rentals'], 'OUT_OF_JURISDICTION');
    },
  },
  {
    name: 'access log',
    query: () => '{ accessLog(first: 1) { totalCount } }',
    expected: (identity) => (identity.roles.includes('auditor') ? 'allowed' : 'forbidden'),
    check(identity, body) {
      if (identity.roles.includes('auditor')) {
        expect(field<{ totalCount: number }>(body, 'accessLog').totalCount).toBeGreaterThan(0);
      } else {
        expectForbidden(body, ['accessLog'], 'ROLE');
      }
    },
  },
];

describe('authorization matrix through the gateway', () => {
  for (const identity of USERS) {
    for (const cell of CELLS) {
      const expected: Outcome = freeQueries(identity) ? cell.expected(identity) : 'persisted only';
      it(`${identity.sub} × ${cell.name}: ${expected}`, async () => {
        const { status, text, body } = await run(identity, cell.query(identity), cell.purpose ? PURPOSE : undefined);
        expect(status).toBeLessThan(500);
        expectNoLeak(identity, text, cell.purpose === true);
        if (expected === 'persisted only') {
          expect(status).toBe(403);
          expect(body.errors?.[0]?.extensions?.reason).toBe('PERSISTED_QUERY_REQUIRED');
          return;
        }
        expect(status).toBe(200);
        cell.check(identity, body);
      });
    }
  }
});
