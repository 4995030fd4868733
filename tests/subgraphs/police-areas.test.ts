import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsHeaders } from '../support/access.js';
import type { TestDatabase } from '../support/database.js';
import {
  addressById,
  C1,
  incidentsUnder,
  newestFirst,
  origin,
  pad,
  STREET,
  startPoliceFixture,
} from './police-fixtures.js';
import {
  countStatements,
  dataOf,
  errorOf,
  type GraphQLResponse,
  isChinese,
  offsetMetres,
  type TestSubgraph,
} from './support.js';

let handle: TestDatabase;
let subgraph: TestSubgraph;

beforeAll(async () => {
  ({ handle, subgraph } = await startPoliceFixture());
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

type Position = [number, number];

/** Closed ring of the rectangle between two offsets in metres from the fixture origin, counter-clockwise. */
function rectangle(west: number, south: number, east: number, north: number): Position[] {
  return [
    offsetMetres(origin, west, south),
    offsetMetres(origin, east, south),
    offsetMetres(origin, east, north),
    offsetMetres(origin, west, north),
    offsetMetres(origin, west, south),
  ];
}

/** Closed ring of `count` distinct points on a circle around the origin, plus the closing point. */
function circle(radiusMetres: number, count: number): Position[] {
  const ring = Array.from({ length: count }, (_, i) => {
    const angle = (2 * Math.PI * i) / count;
    return offsetMetres(origin, radiusMetres * Math.cos(angle), radiusMetres * Math.sin(angle));
  });
  return [...ring, ring[0] as Position];
}

const ids = (prefix: string, numbers: number[]) => numbers.map((n) => `${prefix}${pad(n)}`);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// The addresses of 西塘 sit 50 m apart on a line running east from the origin. Incident pi-00n lies at address
// pa-c1-00n for n up to 24. The four incidents of 北门 and the address pa-c2-001 sit 2 km south of the origin.
// STRIP covers 75–325 m east: addresses 3 to 7.
const STRIP = { type: 'Polygon', coordinates: [rectangle(75, -20, 325, 20)] };
// Two parts: 0–100 m east (addresses 1 to 3) and the point 2 km south.
const MULTI = {
  type: 'MultiPolygon',
  coordinates: [[rectangle(-25, -20, 125, 20)], [rectangle(-25, -2025, 25, -1975)]],
};
// 0–1000 m east (addresses 1 to 21) less a hole over 300–500 m (addresses 7 to 11).
const HOLED = { type: 'Polygon', coordinates: [rectangle(-25, -20, 1025, 20), rectangle(275, -10, 525, 10)] };
const HOLED_NUMBERS = [...range(1, 6), ...range(12, 21)];

const INCIDENTS = `query ($orgUnit: ID!, $within: GeoJSON, $categories: [IncidentCategory!], $bbox: [Float!],
    $first: Int) {
  incidents(orgUnit: $orgUnit, within: $within, categories: $categories, bbox: $bbox, first: $first) {
    totalCount edges { node { id } }
  }
}`;

const ADDRESSES = `query ($orgUnit: ID!, $within: GeoJSON, $bbox: [Float!], $first: Int, $after: String) {
  addresses(orgUnit: $orgUnit, within: $within, bbox: $bbox, first: $first, after: $after) {
    totalCount edges { node { id } } pageInfo { hasNextPage endCursor }
  }
}`;

interface IncidentPage {
  incidents: { totalCount: number; edges: { node: { id: string } }[] };
}

interface AddressPage {
  addresses: {
    totalCount: number;
    edges: { node: { id: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

async function incidentIds(variables: Record<string, unknown>): Promise<{ totalCount: number; ids: string[] }> {
  const data = dataOf(await subgraph.request<IncidentPage>(INCIDENTS, variables));
  return { totalCount: data.incidents.totalCount, ids: data.incidents.edges.map((edge) => edge.node.id).sort() };
}

async function addressIds(variables: Record<string, unknown>): Promise<{ totalCount: number; ids: string[] }> {
  const data = dataOf(await subgraph.request<AddressPage>(ADDRESSES, { first: 1000, ...variables }));
  return { totalCount: data.addresses.totalCount, ids: data.addresses.edges.map((edge) => edge.node.id).sort() };
}

describe('incidents within an area', () => {
  it('returns the incidents inside a polygon', async () => {
    const result = await incidentIds({ orgUnit: '320509', within: STRIP });
    expect(result).toEqual({ totalCount: 5, ids: ids('pi-', range(3, 7)) });
  });

  it('returns the incidents inside a MultiPolygon', async () => {
    const result = await incidentIds({ orgUnit: '320509', within: MULTI });
    expect(result).toEqual({ totalCount: 7, ids: [...ids('pi-', range(1, 3)), 'pi-t1', 'pi-t2', 'pi-t3', 'pi-t4'] });
  });

  it('leaves out the incidents in a hole', async () => {
    const result = await incidentIds({ orgUnit: STREET, within: HOLED });
    expect(result).toEqual({ totalCount: 16, ids: ids('pi-', HOLED_NUMBERS) });
  });

  it('combines the area with org unit, categories and bbox', async () => {
    expect(await incidentIds({ orgUnit: C1, within: MULTI })).toEqual({ totalCount: 3, ids: ids('pi-', [1, 2, 3]) });
    // THEFT is the category of every tenth incident of 西塘: 1, 11 and 21, and 11 lies in the hole.
    expect(await incidentIds({ orgUnit: STREET, within: HOLED, categories: ['THEFT'] })).toEqual({
      totalCount: 2,
      ids: ids('pi-', [1, 21]),
    });
    const bbox = [...offsetMetres(origin, -10, -10), ...offsetMetres(origin, 210, 10)];
    expect(await incidentIds({ orgUnit: STREET, within: STRIP, bbox })).toEqual({
      totalCount: 3,
      ids: ids('pi-', [3, 4, 5]),
    });
  });

  it('filters by categories alone', async () => {
    const categories = ['NOISE', 'GAMBLING'];
    const expected = incidentsUnder('320509').filter((incident) => categories.includes(incident.category));
    const data = dataOf(
      await subgraph.request<IncidentPage>(INCIDENTS, { orgUnit: '320509', categories, first: 1000 }),
    );
    expect(data.incidents.totalCount).toBe(expected.length);
    expect(data.incidents.edges.map((edge) => edge.node.id)).toEqual(newestFirst(expected));
    expect((await incidentIds({ orgUnit: '320509', categories: [] })).totalCount).toBe(0);
  });

  it('accepts 5000 vertices and 1600 km²', async () => {
    const manyVertices = { type: 'Polygon', coordinates: [circle(130, 4999)] };
    expect(await incidentIds({ orgUnit: STREET, within: manyVertices })).toEqual({
      totalCount: 3,
      ids: ids('pi-', [1, 2, 3]),
    });
    const large = { type: 'Polygon', coordinates: [rectangle(-20_000, -20_000, 20_000, 20_000)] };
    expect((await incidentIds({ orgUnit: '320509', within: large })).totalCount).toBe(31);
  });
});

describe('addresses within an area', () => {
  it('returns the addresses inside each area', async () => {
    expect(await addressIds({ orgUnit: STREET, within: STRIP })).toEqual({
      totalCount: 5,
      ids: ids('pa-c1-', range(3, 7)),
    });
    expect(await addressIds({ orgUnit: STREET, within: MULTI })).toEqual({
      totalCount: 4,
      ids: [...ids('pa-c1-', [1, 2, 3]), 'pa-c2-001'],
    });
    expect(await addressIds({ orgUnit: STREET, within: HOLED })).toEqual({
      totalCount: 16,
      ids: ids('pa-c1-', HOLED_NUMBERS),
    });
    expect(await addressIds({ orgUnit: C1, within: MULTI })).toEqual({
      totalCount: 3,
      ids: ids('pa-c1-', [1, 2, 3]),
    });
  });

  it('returns the addresses inside a bbox', async () => {
    const bbox = [...offsetMetres(origin, -10, -10), ...offsetMetres(origin, 470, 10)];
    expect(await addressIds({ orgUnit: '320509', bbox })).toEqual({ totalCount: 10, ids: ids('pa-c1-', range(1, 10)) });
    expect(await addressIds({ orgUnit: '320509', bbox, within: STRIP })).toEqual({
      totalCount: 5,
      ids: ids('pa-c1-', range(3, 7)),
    });
  });

  it('pages the addresses inside an area', async () => {
    const first = dataOf(
      await subgraph.request<AddressPage>(ADDRESSES, { orgUnit: STREET, within: HOLED, first: 10 }),
    ).addresses;
    const second = dataOf(
      await subgraph.request<AddressPage>(ADDRESSES, {
        orgUnit: STREET,
        within: HOLED,
        first: 10,
        after: first.pageInfo.endCursor,
      }),
    ).addresses;
    expect(first.totalCount).toBe(16);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect([...first.edges, ...second.edges].map((edge) => edge.node.id)).toEqual(ids('pa-c1-', HOLED_NUMBERS));
    expect(second.pageInfo.hasNextPage).toBe(false);
  });
});

describe('search area input checks', () => {
  const [lon, lat] = origin;
  const swapped = { type: 'Polygon', coordinates: [rectangle(75, -20, 325, 20).map(([x, y]) => [y, x])] };
  const bowTie = {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + 0.01, lat + 0.01],
        [lon + 0.01, lat],
        [lon, lat + 0.01],
        [lon, lat],
      ],
    ],
  };
  const holeOutside = {
    type: 'Polygon',
    coordinates: [rectangle(0, 0, 100, 100), rectangle(200, 200, 300, 300)],
  };
  const overlapping = {
    type: 'MultiPolygon',
    coordinates: [[rectangle(0, 0, 100, 100)], [rectangle(50, 50, 150, 150)]],
  };
  const openRing = { type: 'Polygon', coordinates: [rectangle(0, 0, 100, 100).slice(0, 4)] };
  const cases: { name: string; within: unknown; reason: string; text: string }[] = [
    { name: 'swapped coordinates', within: swapped, reason: 'COORDINATES_SWAPPED', text: '颠倒' },
    {
      name: 'longitude out of range',
      within: {
        type: 'Polygon',
        coordinates: [
          [
            [200, 31],
            [201, 31],
            [201, 32],
            [200, 31],
          ],
        ],
      },
      reason: 'COORDINATE_OUT_OF_RANGE',
      text: '超出范围',
    },
    {
      name: 'latitude out of range',
      within: {
        type: 'Polygon',
        coordinates: [
          [
            [120, 95],
            [121, 95],
            [121, 96],
            [120, 95],
          ],
        ],
      },
      reason: 'COORDINATE_OUT_OF_RANGE',
      text: '[120, 95]',
    },
    { name: 'open ring', within: openRing, reason: 'RING_NOT_CLOSED', text: '外环未闭合' },
    {
      name: 'ring of 3 positions',
      within: {
        type: 'Polygon',
        coordinates: [
          [
            [lon, lat],
            [lon + 0.01, lat],
            [lon, lat],
          ],
        ],
      },
      reason: 'RING_TOO_SHORT',
      text: '至少需要 4 个点',
    },
    { name: 'bow-tie', within: bowTie, reason: 'INVALID_POLYGON', text: '边界交叉' },
    { name: 'hole outside its shell', within: holeOutside, reason: 'INVALID_POLYGON', text: '内环不在外环之内' },
    { name: 'overlapping parts', within: overlapping, reason: 'INVALID_POLYGON', text: '多边形无效' },
    {
      name: 'too many vertices',
      within: { type: 'Polygon', coordinates: [circle(130, 5000)] },
      reason: 'TOO_MANY_VERTICES',
      text: '5001 个顶点',
    },
    {
      name: 'area over 2000 km²',
      within: { type: 'Polygon', coordinates: [rectangle(-25_000, -25_000, 25_000, 25_000)] },
      reason: 'POLYGON_TOO_LARGE',
      text: '2000 平方千米',
    },
    {
      name: 'Point',
      within: { type: 'Point', coordinates: [lon, lat] },
      reason: 'INVALID_GEOMETRY_TYPE',
      text: 'Polygon 或 MultiPolygon',
    },
    {
      name: 'LineString',
      within: { type: 'LineString', coordinates: [origin, offsetMetres(origin, 100, 0)] },
      reason: 'INVALID_GEOMETRY_TYPE',
      text: '"LineString"',
    },
    {
      name: 'flat coordinates',
      within: { type: 'Polygon', coordinates: [lon, lat] },
      reason: 'INVALID_COORDINATES',
      text: '结构无效',
    },
    {
      name: 'text coordinates',
      within: { type: 'Polygon', coordinates: [[['120.6', '31.2']]] },
      reason: 'INVALID_COORDINATES',
      text: 'coordinates[0][0]',
    },
    {
      name: 'no rings',
      within: { type: 'MultiPolygon', coordinates: [] },
      reason: 'INVALID_COORDINATES',
      text: '结构无效',
    },
  ];

  async function post(body: string): Promise<{ status: number; body: GraphQLResponse<Record<string, unknown>> }> {
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await claimsHeaders()) },
      body,
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse<Record<string, unknown>> };
  }

  for (const { name, within, reason, text } of cases) {
    it(`rejects ${name}`, async () => {
      for (const query of [INCIDENTS, ADDRESSES]) {
        const { status, body } = await post(JSON.stringify({ query, variables: { orgUnit: STREET, within } }));
        expect(status).toBe(200);
        const error = errorOf(body);
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error.extensions).toMatchObject({ argument: 'within', reason });
        expect(isChinese(error.message), error.message).toBe(true);
        expect(error.message).toContain(text);
        expect(body.data).toBeNull();
      }
    });
  }

  it('rejects a coordinate that JSON reads as Infinity', async () => {
    // 1e999 is valid JSON and parses to Infinity; NaN cannot be written in JSON at all.
    const body = `{"query": ${JSON.stringify(INCIDENTS)}, "variables": {"orgUnit": "${STREET}", "within":
      {"type": "Polygon", "coordinates": [[[120.6, 31.2], [1e999, 31.2], [120.7, 31.3], [120.6, 31.2]]]}}}`;
    const { status, body: response } = await post(body);
    expect(status).toBe(200);
    const error = errorOf(response);
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'within',
      reason: 'INVALID_COORDINATES',
    });
    expect(error.message).toContain('有限数字');
    expect(error.message).toContain('Infinity');
  });

  it('rejects GeoJSON without a type', async () => {
    const { status, body } = await post(
      JSON.stringify({ query: INCIDENTS, variables: { orgUnit: STREET, within: { coordinates: [] } } }),
    );
    expect(status).toBeLessThan(500);
    const error = errorOf(body);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('带 type 字段的几何对象');
  });

  it('checks cheap arguments before the area', async () => {
    const statements = await countStatements(handle.database, async () => {
      const error = errorOf(await subgraph.request(INCIDENTS, { orgUnit: '3205', within: STRIP }));
      expect(error.extensions?.argument).toBe('orgUnit');
    });
    expect(statements).toBe(0);
  });
});

describe('Address.nearbyIncidents', () => {
  const NEARBY = `query ($radius: Float, $from: DateTime, $to: DateTime, $first: Int) {
    a1: address(id: "pa-c1-001") { nearbyIncidents(radiusMetres: $radius, from: $from, to: $to, first: $first) { id } }
    a2: address(id: "pa-c1-010") { nearbyIncidents(radiusMetres: $radius, from: $from, to: $to, first: $first) { id } }
    a3: address(id: "pa-c2-001") { nearbyIncidents(radiusMetres: $radius, from: $from, to: $to, first: $first) { id } }
    a4: address(id: "pa-c3-002") { nearbyIncidents(radiusMetres: $radius, from: $from, to: $to, first: $first) { id } }
  }`;
  const aliases: Record<string, string> = { a1: 'pa-c1-001', a2: 'pa-c1-010', a3: 'pa-c2-001', a4: 'pa-c3-002' };
  const NEAR = `query ($lon: Float!, $lat: Float!, $radius: Float!, $from: DateTime, $to: DateTime, $first: Int) {
    incidentsNear(lon: $lon, lat: $lat, radiusMetres: $radius, from: $from, to: $to, first: $first) { id }
  }`;
  type Nearby = Record<string, { nearbyIncidents: { id: string }[] }>;

  async function nearOf(addressId: string, variables: Record<string, unknown>): Promise<string[]> {
    const address = addressById.get(addressId);
    if (!address) throw new Error(`No fixture address ${addressId}`);
    const [lon, lat] = address.point;
    const data = dataOf(
      await subgraph.request<{ incidentsNear: { id: string }[] }>(NEAR, {
        radius: 500,
        ...variables,
        lon,
        lat,
      }),
    );
    return data.incidentsNear.map((incident) => incident.id);
  }

  const argumentSets: Record<string, unknown>[] = [
    {},
    { radius: 120 },
    { radius: 2100 },
    { radius: 20_000, first: 7 },
    { radius: 1000, from: '2026-03-01T03:00:00Z', to: '2026-03-01T09:00:00Z' },
  ];

  it('matches incidentsNear at the address', async () => {
    for (const variables of argumentSets) {
      const data = dataOf(await subgraph.request<Nearby>(NEARBY, variables));
      for (const [alias, addressId] of Object.entries(aliases)) {
        const actual = data[alias]?.nearbyIncidents.map((incident) => incident.id);
        expect(actual, `${addressId} ${JSON.stringify(variables)}`).toEqual(await nearOf(addressId, variables));
      }
    }
  });

  it('returns known neighbours nearest first', async () => {
    const data = dataOf(await subgraph.request<Nearby>(NEARBY, { radius: 120 }));
    expect(data.a1?.nearbyIncidents.map((incident) => incident.id)).toEqual(['pi-001', 'pi-002', 'pi-003']);
    // pa-c1-010 lies 450 m east: its own incident first, then the pairs 50 m and 100 m away on either side, whose
    // order within a pair depends on the last bits of the geodesic distance.
    const second = data.a2?.nearbyIncidents.map((incident) => incident.id) ?? [];
    expect(second[0]).toBe('pi-010');
    expect(second.slice(1, 3).sort()).toEqual(['pi-009', 'pi-011']);
    expect(second.slice(3).sort()).toEqual(['pi-008', 'pi-012']);
    expect(data.a3?.nearbyIncidents.map((incident) => incident.id)).toEqual(['pi-t1', 'pi-t2', 'pi-t3', 'pi-t4']);
    expect(data.a4?.nearbyIncidents.map((incident) => incident.id)).toEqual(['pi-c3-2', 'pi-c3-1']);
  });

  it('loads every address of a request in one statement', async () => {
    const statements = await countStatements(handle.database, async () => {
      dataOf(await subgraph.request<Nearby>(NEARBY, { radius: 500 }));
    });
    // The four addresses, then their incidents.
    expect(statements).toBe(2);
  });

  it('rejects a radius or size out of range', async () => {
    for (const [variables, text] of [
      [{ radius: 0.5 }, '1 到 20000 米'],
      [{ radius: 20_001 }, '1 到 20000 米'],
      [{ first: 0 }, '1 到 1000'],
      [{ first: 1001 }, '1 到 1000'],
      [{ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }, 'from 须早于或等于 to'],
    ] as const) {
      const error = errorOf(await subgraph.request(NEARBY, variables));
      expect(error.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      expect(error.message).toContain(text);
    }
  });
});
