import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../support/database.js';
import {
  addressById,
  addresses,
  C1,
  C2,
  C3,
  incidents,
  incidentsUnder,
  origin,
  STREET,
  startPoliceFixture,
} from './police-fixtures.js';
import { dataOf, declaresKey, errorOf, isChinese, type TestSubgraph } from './support.js';

let handle: TestDatabase;
let subgraph: TestSubgraph;

beforeAll(async () => {
  ({ handle, subgraph } = await startPoliceFixture());
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

describe('police subgraph service', () => {
  it('returns its SDL through _service', async () => {
    const data = dataOf(await subgraph.request<{ _service: { sdl: string } }>('{ _service { sdl } }'));
    expect(declaresKey(data._service.sdl, 'Address', 'id')).toBe(true);
    expect(declaresKey(data._service.sdl, 'Incident', 'id')).toBe(true);
    expect(declaresKey(data._service.sdl, 'PatrolZone', 'id')).toBe(true);
    expect(declaresKey(data._service.sdl, 'OrgUnit', 'code')).toBe(true);
    expect(data._service.sdl).toContain('某组织单元及其下级单元的警情');
  });
});

const ADDRESS_FIELDS = `id text location community { code }
  residents { id name idNumber phone residenceType registeredOn }
  parcelsByMonth { month parcels }`;

describe('police entities', () => {
  it('resolves one Address with masked residents', async () => {
    const data = dataOf(
      await subgraph.request<{ _entities: Record<string, unknown>[] }>(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Address { ${ADDRESS_FIELDS} } } }`,
        { representations: [{ __typename: 'Address', id: 'pa-c1-001' }] },
      ),
    );
    const [address] = data._entities as {
      id: string;
      text: string;
      location: { type: string; coordinates: [number, number] };
      community: { code: string };
      residents: Record<string, unknown>[];
    }[];
    expect(address?.id).toBe('pa-c1-001');
    expect(address?.text).toBe('吴江区测试路 pa-c1-001 号');
    expect(address?.community).toEqual({ code: C1 });
    expect(address?.location.type).toBe('Point');
    expect(address?.location.coordinates[0]).toBeCloseTo(origin[0], 6);
    expect(address?.location.coordinates[1]).toBeCloseTo(origin[1], 6);
    expect(address?.residents).toEqual([
      {
        id: 'pr-1',
        name: '张**',
        idNumber: '320509********1234',
        phone: '138****5678',
        residenceType: 'PERMANENT',
        registeredOn: '2020-05-01',
      },
      {
        id: 'pr-2',
        name: '欧***',
        idNumber: '320509********567X',
        phone: null,
        residenceType: 'FLOATING',
        registeredOn: '2023-01-15',
      },
    ]);
  });

  it('never returns a raw personal value', async () => {
    const data = dataOf(
      await subgraph.request<{
        _entities: { residents: { name: string; idNumber: string; phone: string | null }[] }[];
      }>(
        `query ($representations: [_Any!]!) {
           _entities(representations: $representations) { ... on Address { residents { name idNumber phone } } }
         }`,
        { representations: ['pa-c1-001', 'pa-c1-002'].map((id) => ({ __typename: 'Address', id })) },
      ),
    );
    const residents = data._entities.flatMap((address) => address.residents);
    expect(residents).toHaveLength(3);
    const body = JSON.stringify(residents);
    for (const raw of [
      '张三丰',
      '欧阳娜娜',
      '李四',
      '320509199001011234',
      '32050919920202567X',
      '13812345678',
      '15900001111',
    ]) {
      expect(body).not.toContain(raw);
    }
    for (const resident of residents) {
      expect(resident.idNumber).toMatch(/^\d{6}\*{8}[0-9X]{4}$/);
      if (resident.phone !== null) expect(resident.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    }
  });

  it('resolves many Addresses with unknown id', async () => {
    const ids = ['pa-c3-002', 'no-such-address', 'pa-c1-010', 'pa-c2-001'];
    const data = dataOf(
      await subgraph.request<{ _entities: ({ id: string; community: { code: string } } | null)[] }>(
        `query ($representations: [_Any!]!) {
           _entities(representations: $representations) { ... on Address { id community { code } } }
         }`,
        { representations: ids.map((id) => ({ __typename: 'Address', id })) },
      ),
    );
    expect(data._entities).toEqual([
      { id: 'pa-c3-002', community: { code: C3 } },
      null,
      { id: 'pa-c1-010', community: { code: C1 } },
      { id: 'pa-c2-001', community: { code: C2 } },
    ]);
  });

  it('returns the latest months of parcels oldest first', async () => {
    const query = `query ($representations: [_Any!]!, $months: Int) {
      _entities(representations: $representations) { ... on Address { parcelsByMonth(months: $months) { month parcels } } }
    }`;
    const representations = [{ __typename: 'Address', id: 'pa-c1-001' }];
    const twelve = dataOf(
      await subgraph.request<{ _entities: { parcelsByMonth: { month: string; parcels: number }[] }[] }>(query, {
        representations,
        months: 12,
      }),
    );
    const months = twelve._entities[0]?.parcelsByMonth ?? [];
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ month: '2025-03', parcels: 3 });
    expect(months[11]).toEqual({ month: '2026-02', parcels: 14 });

    const three = dataOf(
      await subgraph.request<{ _entities: { parcelsByMonth: unknown[] }[] }>(query, { representations, months: 3 }),
    );
    expect(three._entities[0]?.parcelsByMonth).toEqual([
      { month: '2025-12', parcels: 12 },
      { month: '2026-01', parcels: 13 },
      { month: '2026-02', parcels: 14 },
    ]);

    for (const months of [0, 37]) {
      const error = errorOf(await subgraph.request(query, { representations, months }));
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain(`收到 ${months}`);
    }
  });

  it('resolves Incidents with their fixture values', async () => {
    const data = dataOf(
      await subgraph.request<{ _entities: Record<string, unknown>[] }>(
        `query ($representations: [_Any!]!) {
           _entities(representations: $representations) {
             ... on Incident { id category occurredAt status location orgUnit { code } address { id text } }
           }
         }`,
        { representations: ['pi-003', 'pi-t4', 'missing'].map((id) => ({ __typename: 'Incident', id })) },
      ),
    );
    const [first, second, third] = data._entities;
    expect(first).toMatchObject({
      id: 'pi-003',
      category: 'FIGHT',
      occurredAt: '2026-03-01T02:00:00.000Z',
      status: 'HANDLING',
      orgUnit: { code: C1 },
      address: { id: 'pa-c1-003', text: '吴江区测试路 pa-c1-003 号' },
    });
    const point = (first?.location as { coordinates: [number, number] } | undefined)?.coordinates ?? [];
    expect(point[0]).toBeCloseTo(addressById.get('pa-c1-003')?.point[0] as number, 6);
    expect(point[1]).toBeCloseTo(addressById.get('pa-c1-003')?.point[1] as number, 6);
    expect(second).toMatchObject({ id: 'pi-t4', category: 'NOISE', status: 'CLOSED', address: null });
    expect(third).toBeNull();
  });

  it('resolves PatrolZones with their zone polygons', async () => {
    const data = dataOf(
      await subgraph.request<{ _entities: Record<string, unknown>[] }>(
        `query ($representations: [_Any!]!) {
           _entities(representations: $representations) {
             ... on PatrolZone { id name unitName shift zone orgUnit { code } }
           }
         }`,
        { representations: ['pz-2', 'pz-1'].map((id) => ({ __typename: 'PatrolZone', id })) },
      ),
    );
    expect(data._entities.map((zone) => [zone.id, zone.name, zone.unitName, zone.shift, zone.orgUnit])).toEqual([
      ['pz-2', '菀坪巡区', '横扇派出所巡逻组', 'ALL_DAY', { code: '320509002' }],
      ['pz-1', '西塘巡区', '松陵派出所巡逻一组', 'NIGHT', { code: STREET }],
    ]);
    const zone = data._entities[1]?.zone as { type: string; coordinates: number[][][][] };
    expect(zone.type).toBe('MultiPolygon');
    const longitudes = zone.coordinates[0]?.[0]?.map((position) => position[0] as number) ?? [];
    expect(Math.min(...longitudes)).toBeCloseTo(120.63, 6);
    expect(Math.max(...longitudes)).toBeCloseTo(120.66, 6);
  });

  it('adds address and incident counts to OrgUnits', async () => {
    const data = dataOf(
      await subgraph.request<{
        _entities: { code: string; addressCount: number; incidentCount: number; march: number }[];
      }>(
        `query ($representations: [_Any!]!) {
           _entities(representations: $representations) {
             ... on OrgUnit {
               code addressCount incidentCount
               march: incidentCount(from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z")
             }
           }
         }`,
        { representations: [STREET, '320509002', '320509', C1].map((code) => ({ __typename: 'OrgUnit', code })) },
      ),
    );
    expect(data._entities).toEqual([
      { code: STREET, addressCount: 35, incidentCount: incidentsUnder(STREET).length, march: 24 },
      { code: '320509002', addressCount: 3, incidentCount: 2, march: 2 },
      { code: '320509', addressCount: 38, incidentCount: incidents.length, march: 26 },
      { code: C1, addressCount: 30, incidentCount: 24, march: 24 },
    ]);
    expect(incidentsUnder(STREET)).toHaveLength(29);
  });

  it('pages the addresses of an OrgUnit', async () => {
    const query = `query ($representations: [_Any!]!, $after: String) {
      _entities(representations: $representations) {
        ... on OrgUnit { addresses(first: 20, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }
      }
    }`;
    type Result = {
      _entities: {
        addresses: {
          totalCount: number;
          edges: { node: { id: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      }[];
    };
    const representations = [{ __typename: 'OrgUnit', code: STREET }];
    const first = dataOf(await subgraph.request<Result>(query, { representations }))._entities[0]?.addresses;
    expect(first?.totalCount).toBe(35);
    expect(first?.edges).toHaveLength(20);
    expect(first?.pageInfo.hasNextPage).toBe(true);
    const second = dataOf(await subgraph.request<Result>(query, { representations, after: first?.pageInfo.endCursor }))
      ._entities[0]?.addresses;
    expect(second?.edges).toHaveLength(15);
    expect(second?.pageInfo.hasNextPage).toBe(false);
    const ids = [...(first?.edges ?? []), ...(second?.edges ?? [])].map((edge) => edge.node.id);
    const expected = addresses.filter((address) => address.community.startsWith(STREET)).map((address) => address.id);
    expect(ids).toEqual(expected.sort());
  });

  it('rejects a malformed OrgUnit code in a representation', async () => {
    const error = errorOf(
      await subgraph.request(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on OrgUnit { addressCount } } }`,
        { representations: [{ __typename: 'OrgUnit', code: '3205%' }] },
      ),
    );
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(isChinese(error.message)).toBe(true);
  });
});
