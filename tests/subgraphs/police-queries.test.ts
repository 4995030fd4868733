import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../support/database.js';
import { C1, C2, C3, incidentsUnder, newestFirst, origin, pad, STREET, startPoliceFixture } from './police-fixtures.js';
import { countStatements, dataOf, errorOf, isChinese, offsetMetres, type TestSubgraph } from './support.js';

let handle: TestDatabase;
let subgraph: TestSubgraph;

beforeAll(async () => {
  ({ handle, subgraph } = await startPoliceFixture());
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

const INCIDENTS = `query ($orgUnit: ID!, $from: DateTime, $to: DateTime, $bbox: [Float!], $first: Int, $after: String) {
  incidents(orgUnit: $orgUnit, from: $from, to: $to, bbox: $bbox, first: $first, after: $after) {
    totalCount edges { cursor node { id occurredAt } } pageInfo { hasNextPage endCursor }
  }
}`;

interface IncidentPage {
  incidents: {
    totalCount: number;
    edges: { cursor: string; node: { id: string; occurredAt: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('incidents query', () => {
  it('pages newest first without overlap', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    const totals: number[] = [];
    for (let page = 0; page < 10; page += 1) {
      const data: IncidentPage = dataOf(
        await subgraph.request<IncidentPage>(INCIDENTS, { orgUnit: STREET, first: 10, after }),
      );
      totals.push(data.incidents.totalCount);
      seen.push(...data.incidents.edges.map((edge) => edge.node.id));
      after = data.incidents.pageInfo.endCursor;
      if (!data.incidents.pageInfo.hasNextPage) break;
    }
    expect(totals).toEqual([29, 29, 29]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(newestFirst(incidentsUnder(STREET)));
  });

  it('keeps ties across page boundaries', async () => {
    const first = dataOf(await subgraph.request<IncidentPage>(INCIDENTS, { orgUnit: C2, first: 2 }));
    expect(first.incidents.edges.map((edge) => edge.node.id)).toEqual(['pi-t4', 'pi-t3']);
    const second = dataOf(
      await subgraph.request<IncidentPage>(INCIDENTS, {
        orgUnit: C2,
        first: 2,
        after: first.incidents.pageInfo.endCursor,
      }),
    );
    expect(second.incidents.edges.map((edge) => edge.node.id)).toEqual(['pi-t2', 'pi-t1']);
    expect(second.incidents.pageInfo).toEqual({ hasNextPage: false, endCursor: second.incidents.edges[1]?.cursor });
  });

  it('filters by half-open time window', async () => {
    const data = dataOf(
      await subgraph.request<IncidentPage>(INCIDENTS, {
        orgUnit: C1,
        from: '2026-03-01T13:00:00+08:00',
        to: '2026-03-01T10:00:00Z',
      }),
    );
    expect(data.incidents.totalCount).toBe(5);
    expect(data.incidents.edges.map((edge) => edge.node.id)).toEqual([
      'pi-010',
      'pi-009',
      'pi-008',
      'pi-007',
      'pi-006',
    ]);
  });

  it('filters by bounding box', async () => {
    const [west, south] = offsetMetres(origin, -10, -10);
    const [east, north] = offsetMetres(origin, 470, 10);
    const data = dataOf(
      await subgraph.request<IncidentPage>(INCIDENTS, { orgUnit: '320509', bbox: [west, south, east, north] }),
    );
    expect(data.incidents.totalCount).toBe(10);
    expect(data.incidents.edges.map((edge) => edge.node.id).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `pi-${pad(i + 1)}`),
    );
  });

  it('rejects a latitude-first bounding box in Chinese', async () => {
    const error = errorOf(await subgraph.request(INCIDENTS, { orgUnit: STREET, bbox: [31.2, 120.6, 31.3, 120.7] }));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('颠倒');
    expect(error.message).toContain('[31.2,120.6,31.3,120.7]');
  });

  it('rejects a bounding box out of range or inverted', async () => {
    for (const bbox of [
      [120.6, 31.2, 190, 31.3],
      [120.7, 31.2, 120.6, 31.3],
      [120.6, 31.2, 120.7],
    ]) {
      const error = errorOf(await subgraph.request(INCIDENTS, { orgUnit: STREET, bbox }));
      expect(error.extensions?.code, JSON.stringify(bbox)).toBe('BAD_USER_INPUT');
      expect(isChinese(error.message), error.message).toBe(true);
    }
  });

  it('rejects a malformed cursor and a cursor of another list', async () => {
    const addressPage = dataOf(
      await subgraph.request<{ addresses: { pageInfo: { endCursor: string } } }>(
        `{ addresses(orgUnit: "${STREET}", first: 1) { pageInfo { endCursor } } }`,
      ),
    );
    const forge = (values: string[]) => Buffer.from(JSON.stringify(['incident', ...values])).toString('base64url');
    const forged = [
      forge(['yesterday', 'pi-001']),
      forge(['2026-02-30T00:00:00.000000Z', 'pi-001']),
      forge(['pi-001']),
    ];
    for (const after of ['not a cursor', 'bm90LWpzb24', addressPage.addresses.pageInfo.endCursor, ...forged]) {
      const error = errorOf(await subgraph.request(INCIDENTS, { orgUnit: STREET, after }));
      expect(error.extensions?.code, after).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('游标无效');
    }
  });

  it('rejects malformed org unit codes', async () => {
    for (const orgUnit of ['32050', '3205090010', '32050900100a', '320509%', '']) {
      const error = errorOf(await subgraph.request(INCIDENTS, { orgUnit }));
      expect(error.extensions?.code, orgUnit).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('行政区划代码');
      expect(error.message).toContain(JSON.stringify(orgUnit));
    }
  });

  it('rejects from after to', async () => {
    const error = errorOf(
      await subgraph.request(INCIDENTS, { orgUnit: STREET, from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }),
    );
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('from 须早于或等于 to');
  });

  it('rejects a page size outside 1..1000', async () => {
    for (const first of [0, -1, 1001]) {
      const error = errorOf(await subgraph.request(INCIDENTS, { orgUnit: STREET, first }));
      expect(error.extensions?.code, String(first)).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('1 到 1000');
    }
  });

  it('rejects a DateTime without a zone', async () => {
    const error = errorOf(await subgraph.request(INCIDENTS, { orgUnit: STREET, from: '2026-03-01 08:00' }));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('nested batching', () => {
  it('loads the addresses and residents of a page once', async () => {
    const query = `query ($first: Int) {
      incidents(orgUnit: "${STREET}", first: $first) { edges { node { id address { text residents { name } } } } }
    }`;
    // The page, its addresses, their residents. The 29 newest incidents reach residents, whose names add one
    // access-log record: lock, read of the last record, insert. The 2 newest have none.
    for (const [first, expected] of [
      [2, 3],
      [29, 3 + 3],
    ] as const) {
      const statements = await countStatements(handle.database, async () => {
        const data = dataOf(await subgraph.request<IncidentPage>(query, { first }));
        expect(data.incidents.edges).toHaveLength(first);
      });
      expect(statements, `first: ${first}`).toBe(expected);
    }
  });
});

describe('addresses query', () => {
  it('pages the addresses of a community', async () => {
    type Result = {
      addresses: { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { endCursor: string } };
    };
    const query = `query ($after: String) {
      addresses(orgUnit: "${C1}", first: 25, after: $after) { totalCount edges { node { id } } pageInfo { endCursor } }
    }`;
    const first = dataOf(await subgraph.request<Result>(query));
    const second = dataOf(await subgraph.request<Result>(query, { after: first.addresses.pageInfo.endCursor }));
    expect(first.addresses.totalCount).toBe(30);
    expect(first.addresses.edges).toHaveLength(25);
    expect(second.addresses.edges.map((edge) => edge.node.id)).toEqual(
      ['026', '027', '028', '029', '030'].map((n) => `pa-c1-${n}`),
    );
  });

  it('returns one address by id and null for an unknown one', async () => {
    const data = dataOf(
      await subgraph.request<{ known: { text: string } | null; unknown: unknown }>(
        '{ known: address(id: "pa-c2-003") { text } unknown: address(id: "nope") { text } }',
      ),
    );
    expect(data).toEqual({ known: { text: '吴江区测试路 pa-c2-003 号' }, unknown: null });
  });
});

describe('incidentsNear query', () => {
  const NEAR = `query ($lon: Float!, $lat: Float!, $radius: Float!) {
    incidentsNear(lon: $lon, lat: $lat, radiusMetres: $radius) { id }
  }`;

  it('returns incidents within the radius nearest first', async () => {
    const data = dataOf(
      await subgraph.request<{ incidentsNear: { id: string }[] }>(NEAR, {
        lon: origin[0],
        lat: origin[1],
        radius: 120,
      }),
    );
    expect(data.incidentsNear.map((incident) => incident.id)).toEqual(['pi-001', 'pi-002', 'pi-003']);
  });

  it('rejects a radius outside 1..20000 m', async () => {
    for (const radius of [0.5, 20_001]) {
      const error = errorOf(await subgraph.request(NEAR, { lon: origin[0], lat: origin[1], radius }));
      expect(error.extensions?.code, String(radius)).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('1 到 20000 米');
    }
  });

  it('names swapped coordinates', async () => {
    const error = errorOf(await subgraph.request(NEAR, { lon: origin[1], lat: origin[0], radius: 100 }));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('经纬度疑似颠倒');
  });

  it('rejects coordinates out of range', async () => {
    const error = errorOf(await subgraph.request(NEAR, { lon: 200, lat: 100, radius: 100 }));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('坐标超出范围');
  });
});

describe('patrolZones query', () => {
  const ZONES = 'query ($orgUnit: ID!) { patrolZones(orgUnit: $orgUnit) { id } }';
  const zonesOf = async (orgUnit: string) =>
    dataOf(await subgraph.request<{ patrolZones: { id: string }[] }>(ZONES, { orgUnit })).patrolZones.map(
      (zone) => zone.id,
    );

  it('returns zones covering each level', async () => {
    expect(await zonesOf('320509')).toEqual(['pz-1', 'pz-2']);
    expect(await zonesOf(STREET)).toEqual(['pz-1']);
    expect(await zonesOf(C3)).toEqual(['pz-2']);
  });

  it('refuses an org unit outside the jurisdiction', async () => {
    const error = errorOf(await subgraph.request(ZONES, { orgUnit: '330421' }));
    expect(error.extensions?.code).toBe('FORBIDDEN');
    expect(error.extensions?.reason).toBe('OUT_OF_JURISDICTION');
  });

  it('rejects a malformed org unit code', async () => {
    const error = errorOf(await subgraph.request(ZONES, { orgUnit: '3205_9' }));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
