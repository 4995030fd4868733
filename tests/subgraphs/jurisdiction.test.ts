import { createLogger } from '@lianfang/db';
import { governanceSubgraph } from '@lianfang/subgraph-governance';
import { housingSubgraph } from '@lianfang/subgraph-housing';
import {
  CLAIMS_HEADER,
  ClaimsSigner,
  ClaimsVerifier,
  generateClaimsKeyPair,
  type RunningSubgraph,
  type SubgraphDefinition,
  startSubgraphServer,
} from '@lianfang/subgraph-kit';
import { marketSubgraph } from '@lianfang/subgraph-market';
import { policeSubgraph } from '@lianfang/subgraph-police';
import { utilitiesSubgraph } from '@lianfang/subgraph-utilities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CITY, testKeyPair } from '../support/access.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import {
  ADDRESSES,
  insertJurisdictionFixtures,
  lastAuditRecord,
  NEIGHBOUR,
  NEIGHBOUR_CREDIT_CODE,
  OWN,
  OWN_CREDIT_CODE,
  origin,
  RECORDS,
  STREET,
  USERS,
} from './jurisdiction-fixtures.js';
import { dataOf, errorOf, type GraphQLResponse, startTestSubgraph, type TestSubgraph } from './support.js';

// Every request runs as the analyst of community 320509001001 unless it names another identity.
let handle: TestDatabase;
let grids: { ownGrid: string; neighbourGrid: string };
const subgraphs: Record<string, TestSubgraph> = {};
const partnerServers: RunningSubgraph[] = [];

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  grids = await insertJurisdictionFixtures(handle);
  for (const definition of [policeSubgraph, housingSubgraph, marketSubgraph, utilitiesSubgraph, governanceSubgraph]) {
    subgraphs[definition.name] = await startTestSubgraph(definition, handle.database, USERS.communityAnalyst);
  }
});

afterAll(async () => {
  for (const subgraph of Object.values(subgraphs)) await subgraph.stop();
  for (const server of partnerServers) await server.stop();
  await handle?.dispose();
});

const police = () => subgraphs.police as TestSubgraph;

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await handle.database.query<{ count: number }>(sql, params);
  return rows[0]?.count ?? -1;
}

type ErrorWithReason = { path?: (string | number)[]; extensions?: { code?: string; reason?: string } };

/**
 * Checks that `response` has exactly the FORBIDDEN errors at `paths`, each with `reason`. Resolvers of one list run
 * concurrently, so the errors may come in any order.
 */
function expectForbidden(response: GraphQLResponse<unknown>, paths: (string | number)[][], reason: string): void {
  const errors = (response.errors ?? []) as ErrorWithReason[];
  const byPath = (a?: (string | number)[], b?: (string | number)[]) =>
    JSON.stringify(a).localeCompare(JSON.stringify(b));
  expect(errors.map((error) => error.path).sort(byPath)).toEqual([...paths].sort(byPath));
  for (const error of errors) {
    expect(error.extensions?.code).toBe('FORBIDDEN');
    expect(error.extensions?.reason).toBe(reason);
  }
}

/** Checks that the last access-log record is the rejection of `target` for `userId`. */
async function expectRejectionLogged(userId: string, target: string, reason = 'OUT_OF_JURISDICTION'): Promise<void> {
  const record = await lastAuditRecord(handle);
  expect(record?.userId).toBe(userId);
  expect(record?.fields).toContain(target);
  expect(record?.reasons).toContain(reason);
  expect(record?.disclosure).toBe('DENIED');
}

const ENTITIES = (selection: string) =>
  `query ($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`;

const INCIDENT_IDS = `query ($orgUnit: ID!, $bbox: [Float!]) {
  incidents(orgUnit: $orgUnit, bbox: $bbox) { totalCount edges { node { id } } }
}`;

type IncidentIds = { incidents: { totalCount: number; edges: { node: { id: string } }[] } };

const idsOf = (data: IncidentIds) => data.incidents.edges.map((edge) => edge.node.id).sort();

// A box around every address of both communities of 松陵街道 in the fixtures.
const BOTH_COMMUNITIES_BBOX = [origin[0] - 0.001, origin[1] - 0.001, origin[0] + 0.03, origin[1] + 0.001];

describe('org unit arguments', () => {
  it('rejects incidents of a neighbouring community', async () => {
    const response = await police().request(INCIDENT_IDS, { orgUnit: NEIGHBOUR });
    expect(response.data).toBeNull();
    expectForbidden(response, [['incidents']], 'OUT_OF_JURISDICTION');
    expect(errorOf(response).message).toContain(NEIGHBOUR);
    await expectRejectionLogged(USERS.communityAnalyst.sub, `Query.incidents(${NEIGHBOUR})`);
  });

  it('lists the incidents of the own community', async () => {
    const data = dataOf(await police().request<IncidentIds>(INCIDENT_IDS, { orgUnit: OWN }));
    const expected = await count(`SELECT count(*)::int AS count FROM police.incidents WHERE org_unit_code LIKE $1`, [
      `${OWN}%`,
    ]);
    expect(data.incidents.totalCount).toBe(expected);
    expect(idsOf(data)).toEqual(['J-I-A1', 'J-I-A2', 'J-I-A3']);
  });

  it('rejects the street above the own community', async () => {
    expectForbidden(await police().request(INCIDENT_IDS, { orgUnit: STREET }), [['incidents']], 'OUT_OF_JURISDICTION');
  });

  const rejectedQueries = [
    ['incidentGrid', `{ incidentGrid(orgUnit: "${NEIGHBOUR}", bbox: [120, 31, 121, 32], zoom: 8) { totalCount } }`],
    ['addresses', `{ addresses(orgUnit: "${NEIGHBOUR}") { totalCount } }`],
    ['patrolZones', `{ patrolZones(orgUnit: "${NEIGHBOUR}") { id } }`],
  ];
  for (const [field, query] of rejectedQueries) {
    it(`rejects ${field} of a neighbouring community`, async () => {
      expectForbidden(await police().request(query as string), [[field as string]], 'OUT_OF_JURISDICTION');
      await expectRejectionLogged(USERS.communityAnalyst.sub, `Query.${field}(${NEIGHBOUR})`);
    });
  }
});

describe('geometry queries', () => {
  it('keeps own incidents of a bbox covering both communities', async () => {
    const data = dataOf(
      await police().request<IncidentIds>(INCIDENT_IDS, { orgUnit: OWN, bbox: BOTH_COMMUNITIES_BBOX }),
    );
    const inBox = (prefix: string) =>
      count(
        `SELECT count(*)::int AS count FROM police.incidents
         WHERE org_unit_code LIKE $1 AND location && ST_MakeEnvelope($2, $3, $4, $5, 4326)`,
        [`${prefix}%`, ...BOTH_COMMUNITIES_BBOX],
      );
    expect(await inBox(NEIGHBOUR)).toBe(2);
    expect(data.incidents.totalCount).toBe(await inBox(OWN));
    expect(idsOf(data)).toEqual(['J-I-A1', 'J-I-A2', 'J-I-A3']);
  });

  it('counts only own incidents in the grid of that bbox', async () => {
    const query = `query ($bbox: [Float!]!) { incidentGrid(orgUnit: "${OWN}", bbox: $bbox, zoom: 10) { totalCount } }`;
    const data = dataOf(
      await police().request<{ incidentGrid: { totalCount: number } }>(query, { bbox: BOTH_COMMUNITIES_BBOX }),
    );
    expect(data.incidentGrid.totalCount).toBe(3);
  });

  const NEAR = `query ($lon: Float!, $lat: Float!) {
    incidentsNear(lon: $lon, lat: $lat, radiusMetres: 400) { id }
  }`;

  it('leaves neighbouring incidents out of a radius reaching across', async () => {
    const neighbours = await count(
      `SELECT count(*)::int AS count FROM police.incidents
       WHERE org_unit_code LIKE $1 AND ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 400)`,
      [`${NEIGHBOUR}%`, ...origin],
    );
    expect(neighbours).toBe(1);
    const near = dataOf(
      await police().request<{ incidentsNear: { id: string }[] }>(NEAR, { lon: origin[0], lat: origin[1] }),
    );
    expect(near.incidentsNear.map((incident) => incident.id)).toEqual(['J-I-A1', 'J-I-A3', 'J-I-A2']);
  });

  it('leaves neighbouring incidents out of nearbyIncidents', async () => {
    const data = dataOf(
      await police().request<{ address: { nearbyIncidents: { id: string }[] } }>(
        '{ address(id: "J-A1") { nearbyIncidents(radiusMetres: 400) { id } } }',
      ),
    );
    expect(data.address.nearbyIncidents.map((incident) => incident.id)).toEqual(['J-I-A1', 'J-I-A3', 'J-I-A2']);
  });

  it('shows a street user both communities', async () => {
    const as = { identity: USERS.streetAnalyst };
    const near = dataOf(
      await police().request<{ incidentsNear: { id: string }[] }>(NEAR, { lon: origin[0], lat: origin[1] }, as),
    );
    expect(near.incidentsNear.map((incident) => incident.id)).toEqual(['J-I-A1', 'J-I-A3', 'J-I-A2', 'J-I-B1']);

    const street = dataOf(await police().request<IncidentIds>(INCIDENT_IDS, { orgUnit: STREET }, as));
    const expected = await count(`SELECT count(*)::int AS count FROM police.incidents WHERE org_unit_code LIKE $1`, [
      `${STREET}%`,
    ]);
    expect(street.incidents.totalCount).toBe(expected);
    expect(idsOf(street)).toEqual(['J-I-A1', 'J-I-A2', 'J-I-A3', 'J-I-B1', 'J-I-B2']);

    const neighbour = await police().request<{ address: { id: string } }>('{ address(id: "J-B1") { id } }', {}, as);
    expect(dataOf(neighbour).address).toEqual({ id: 'J-B1' });
  });
});

describe('lookups by id', () => {
  it('rejects an address of a neighbouring community', async () => {
    const response = await police().request('{ address(id: "J-B1") { id text } }');
    expect(response.data).toEqual({ address: null });
    expectForbidden(response, [['address']], 'OUT_OF_JURISDICTION');
    await expectRejectionLogged(USERS.communityAnalyst.sub, 'Query.address(J-B1)');
  });

  it('returns an own address and null for an unknown one', async () => {
    const data = dataOf(
      await police().request<{ own: { text: string }; unknown: null }>(
        '{ own: address(id: "J-A1") { text } unknown: address(id: "J-NONE") { text } }',
      ),
    );
    expect(data).toEqual({ own: { text: '吴江区辖区测试路 J-A1 号' }, unknown: null });
  });

  it('rejects Address and Incident representations of a neighbouring community', async () => {
    const response = await police().request(ENTITIES('... on Address { id } ... on Incident { id orgUnit { code } }'), {
      representations: [
        { __typename: 'Address', id: 'J-A1' },
        { __typename: 'Address', id: 'J-B1' },
        { __typename: 'Address', id: 'J-NONE' },
        { __typename: 'Incident', id: 'J-I-A3' },
        { __typename: 'Incident', id: 'J-I-B2' },
      ],
    });
    expect(response.data?._entities).toEqual([
      { id: 'J-A1' },
      null,
      null,
      { id: 'J-I-A3', orgUnit: { code: `${OWN}001` } },
      null,
    ]);
    expectForbidden(
      response,
      [
        ['_entities', 1],
        ['_entities', 4],
      ],
      'OUT_OF_JURISDICTION',
    );
  });

  it('rejects nested counts of a neighbouring community', async () => {
    const response = await police().request(ENTITIES('... on OrgUnit { code incidentCount addressCount }'), {
      representations: [
        { __typename: 'OrgUnit', code: OWN },
        { __typename: 'OrgUnit', code: NEIGHBOUR },
      ],
    });
    const ownAddresses = ADDRESSES.filter((address) => address.community === OWN).length;
    expect(response.data?._entities).toEqual([
      { code: OWN, incidentCount: 3, addressCount: ownAddresses },
      { code: NEIGHBOUR, incidentCount: null, addressCount: null },
    ]);
    expectForbidden(
      response,
      [
        ['_entities', 1, 'incidentCount'],
        ['_entities', 1, 'addressCount'],
      ],
      'OUT_OF_JURISDICTION',
    );
  });

  it('lists the patrol zone of the own street only', async () => {
    const response = await police().request(ENTITIES('... on PatrolZone { id }'), {
      representations: [
        { __typename: 'PatrolZone', id: 'J-PZ-1' },
        { __typename: 'PatrolZone', id: 'J-PZ-2' },
      ],
    });
    expect(response.data?._entities).toEqual([{ id: 'J-PZ-1' }, null]);
    expectForbidden(response, [['_entities', 1]], 'OUT_OF_JURISDICTION');
  });
});

describe('department fields of an address', () => {
  const addresses = (...ids: string[]) => ids.map((id) => ({ __typename: 'Address', id }));

  it('rejects the rental of a neighbouring address', async () => {
    const response = await (subgraphs.housing as TestSubgraph).request(
      ENTITIES('... on Address { id rental { id } }'),
      {
        representations: addresses('J-A1', 'J-B1'),
      },
    );
    expect(response.data?._entities).toEqual([
      { id: 'J-A1', rental: { id: 'J-H-A1' } },
      { id: 'J-B1', rental: null },
    ]);
    expectForbidden(response, [['_entities', 1, 'rental']], 'OUT_OF_JURISDICTION');
    await expectRejectionLogged(USERS.communityAnalyst.sub, 'Address.rental(J-B1)');
  });

  it('rejects rentals of a neighbouring community by id and org unit', async () => {
    const housing = subgraphs.housing as TestSubgraph;
    const byId = await housing.request('{ rental(id: "J-H-B1") { id } }');
    expect(byId.data).toEqual({ rental: null });
    expectForbidden(byId, [['rental']], 'OUT_OF_JURISDICTION');
    expectForbidden(
      await housing.request(`{ rentals(orgUnit: "${NEIGHBOUR}") { totalCount } }`),
      [['rentals']],
      'OUT_OF_JURISDICTION',
    );
    const own = dataOf(
      await housing.request<{ rentals: { totalCount: number } }>(`{ rentals(orgUnit: "${OWN}") { totalCount } }`),
    );
    expect(own.rentals.totalCount).toBe(
      await count('SELECT count(*)::int AS count FROM housing.rentals WHERE community_code LIKE $1', [`${OWN}%`]),
    );
  });

  it('rejects the enterprises of a neighbouring address', async () => {
    const market = subgraphs.market as TestSubgraph;
    const response = await market.request(ENTITIES('... on Address { id enterprises { creditCode } }'), {
      representations: addresses('J-A1', 'J-B1'),
    });
    expect(response.data?._entities).toEqual([
      { id: 'J-A1', enterprises: [{ creditCode: OWN_CREDIT_CODE }] },
      { id: 'J-B1', enterprises: null },
    ]);
    expectForbidden(response, [['_entities', 1, 'enterprises']], 'OUT_OF_JURISDICTION');

    const byCode = await market.request(`{ enterprise(creditCode: "${NEIGHBOUR_CREDIT_CODE}") { name } }`);
    expect(byCode.data).toEqual({ enterprise: null });
    expectForbidden(byCode, [['enterprise']], 'OUT_OF_JURISDICTION');
    expectForbidden(
      await market.request(`{ enterprises(orgUnit: "${NEIGHBOUR}") { totalCount } }`),
      [['enterprises']],
      'OUT_OF_JURISDICTION',
    );
  });

  it('rejects the utility usage of a neighbouring address', async () => {
    const response = await (subgraphs.utilities as TestSubgraph).request(
      ENTITIES('... on Address { id utilityUsage { month electricityKwh } }'),
      {
        representations: [
          { __typename: 'Address', id: 'J-A1', community: { code: OWN } },
          { __typename: 'Address', id: 'J-B1', community: { code: NEIGHBOUR } },
          // A reference without the community that utilityUsage requires cannot be placed.
          { __typename: 'Address', id: 'J-A1' },
        ],
      },
    );
    expect(response.data?._entities).toEqual([
      { id: 'J-A1', utilityUsage: [{ month: '2026-01', electricityKwh: 180 }] },
      { id: 'J-B1', utilityUsage: null },
      { id: 'J-A1', utilityUsage: null },
    ]);
    expectForbidden(
      response,
      [
        ['_entities', 1, 'utilityUsage'],
        ['_entities', 2, 'utilityUsage'],
      ],
      'OUT_OF_JURISDICTION',
    );
  });
});

describe('governance', () => {
  const governance = () => subgraphs.governance as TestSubgraph;

  it('keeps org units open for the breadcrumb', async () => {
    const data = dataOf(
      await governance().request<{ orgUnit: { ancestry: { code: string }[] }; district: { children: unknown[] } }>(
        `{ orgUnit(code: "${OWN}") { ancestry { code } } district: orgUnit(code: "320509") { children { code } } }`,
      ),
    );
    expect(data.orgUnit.ancestry.map((unit) => unit.code)).toEqual(['320509', STREET, OWN]);
    expect(data.district.children).toHaveLength(
      await count(`SELECT count(*)::int AS count FROM governance.org_units WHERE parent_code = '320509'`),
    );
  });

  it('limits grid workers to the own community', async () => {
    const response = await governance().request(
      `{ own: orgUnit(code: "${OWN}") { gridWorkers { id } } other: orgUnit(code: "${NEIGHBOUR}") { gridWorkers { id } } }`,
    );
    expect(response.data).toEqual({ own: { gridWorkers: [{ id: `J-GW-${OWN}` }] }, other: null });
    expectForbidden(response, [['other', 'gridWorkers']], 'OUT_OF_JURISDICTION');

    const entities = await governance().request(ENTITIES('... on GridWorker { id grid { code } }'), {
      representations: [
        { __typename: 'GridWorker', id: `J-GW-${OWN}` },
        { __typename: 'GridWorker', id: `J-GW-${NEIGHBOUR}` },
      ],
    });
    expect(entities.data?._entities).toEqual([{ id: `J-GW-${OWN}`, grid: { code: grids.ownGrid } }, null]);
    expectForbidden(entities, [['_entities', 1]], 'OUT_OF_JURISDICTION');
  });
});

describe('personal data', () => {
  const RESIDENTS = `{ address(id: "J-A1") { residents { id name idNumber phone records { offence decidedOn authority } } } }`;
  type Residents = { address: { residents: Record<string, unknown>[] } | null };

  it('gives police with a purpose the raw values and records', async () => {
    const data = dataOf(
      await police().request<Residents>(RESIDENTS, {}, { identity: USERS.policeAnalyst, purpose: '案件 2026-001' }),
    );
    expect(data.address?.residents).toEqual([
      { id: 'J-R-A1-1', name: '张三丰', idNumber: '320509199001011234', phone: '13812345678', records: RECORDS },
      { id: 'J-R-A1-2', name: '李小红', idNumber: '320509199202025678', phone: null, records: [] },
    ]);
    const record = await lastAuditRecord(handle);
    expect(record?.fields).toEqual(['Resident.idNumber', 'Resident.name', 'Resident.phone', 'Resident.records']);
    expect(record?.disclosure).toBe('RAW');
  });

  const maskedResidents = [
    { id: 'J-R-A1-1', name: '张**', idNumber: '320509********1234', phone: '138****5678', records: null },
    { id: 'J-R-A1-2', name: '李**', idNumber: '320509********5678', phone: null, records: null },
  ];
  const recordPaths = [
    ['address', 'residents', 0, 'records'],
    ['address', 'residents', 1, 'records'],
  ];

  it('masks values and rejects records to police without a purpose', async () => {
    const response = await police().request<Residents>(RESIDENTS, {}, { identity: USERS.policeAnalyst });
    expect(response.data?.address?.residents).toEqual(maskedResidents);
    expectForbidden(response, recordPaths, 'PURPOSE_REQUIRED');
  });

  it('masks values and rejects records to housing staff', async () => {
    const response = await police().request<Residents>(
      RESIDENTS,
      {},
      { identity: USERS.housingStaff, purpose: '检查' },
    );
    expect(response.data?.address?.residents).toEqual(maskedResidents);
    expectForbidden(response, recordPaths, 'DEPARTMENT_SCOPE');
    const record = await lastAuditRecord(handle);
    expect(record?.userId).toBe(USERS.housingStaff.sub);
    expect(record?.fields).toContain('Resident.records');
    expect(record?.reasons).toEqual(['DEPARTMENT_SCOPE']);
    expect(record?.disclosure).toBe('MIXED');
  });
});

/** Serves `definition` to a partner city's gateway as well, as a hub that trusted its key would. */
async function startPartnerReachable(definition: SubgraphDefinition) {
  const partner = await generateClaimsKeyPair('jiaxing');
  const verifier = await ClaimsVerifier.of({
    [TEST_CITY]: (await testKeyPair()).publicJwk,
    jiaxing: partner.publicJwk,
  });
  const running = await startSubgraphServer({
    definition,
    database: handle.database,
    logger: createLogger('test'),
    port: 0,
    host: '127.0.0.1',
    access: { city: TEST_CITY, verifier },
  });
  partnerServers.push(running);
  const signer = await ClaimsSigner.of(partner);
  return async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: await signer.sign(USERS.partnerAnalyst) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<Record<string, unknown>>;
  };
}

describe('partner city callers', () => {
  it('get nothing from police', async () => {
    const request = await startPartnerReachable(policeSubgraph);
    const near = await request(`{ incidentsNear(lon: ${origin[0]}, lat: ${origin[1]}, radiusMetres: 400) { id } }`);
    expect(near.data).toBeNull();
    expectForbidden(near, [['incidentsNear']], 'OUTSIDE_AGREEMENT');
    await expectRejectionLogged(USERS.partnerAnalyst.sub, 'Query.incidentsNear', 'OUTSIDE_AGREEMENT');

    const entities = await request(ENTITIES('... on Address { id }'), {
      representations: [{ __typename: 'Address', id: 'J-A1' }],
    });
    expect(entities.data?._entities).toEqual([null]);
    expectForbidden(entities, [['_entities', 0]], 'OUTSIDE_AGREEMENT');
  });

  it('get no org units from governance', async () => {
    const request = await startPartnerReachable(governanceSubgraph);
    const response = await request('{ orgUnit(code: "320509") { name } }');
    expect(response.data).toEqual({ orgUnit: null });
    expectForbidden(response, [['orgUnit']], 'OUTSIDE_AGREEMENT');
  });
});
