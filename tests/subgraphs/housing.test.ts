import { housingSubgraph } from '@lianfang/subgraph-housing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import {
  dataOf,
  declaresKey,
  errorOf,
  isChinese,
  offsetMetres,
  startTestSubgraph,
  type TestSubgraph,
} from './support.js';

const STREET = '320509001';
const C1 = '320509001001';
const C3 = '320509002001';
const origin: [number, number] = [120.64, 31.21];
const STATES = ['NOT_INSPECTED', 'PASSED', 'RECTIFYING', 'FAILED'];

interface RentalFixture {
  id: string;
  addressId: string;
  rooms: number;
  tenants: number;
  subdivided: boolean;
  landlordName: string;
  landlordPhone: string;
  inspectionState: string;
  registeredOn: string;
  community: string;
  point: [number, number];
}

const pad = (value: number) => String(value).padStart(2, '0');

// Twelve rentals in 西塘社区 100 m apart eastwards, every other one subdivided; one in 菀坪社区; and an address
// registered twice, of which the API shows the later registration.
const rentals: RentalFixture[] = [
  ...Array.from({ length: 12 }, (_, i) => ({
    id: `hr-${pad(i + 1)}`,
    addressId: `ha-${pad(i + 1)}`,
    rooms: 2 + i,
    tenants: 3 * (i + 1),
    subdivided: i % 2 === 0,
    landlordName: '王小明',
    landlordPhone: '13912345678',
    inspectionState: STATES[i % STATES.length] as string,
    registeredOn: `2024-01-${pad(i + 1)}`,
    community: C1,
    point: offsetMetres(origin, i * 100, 0),
  })),
  {
    id: 'hr-c3',
    addressId: 'ha-c3',
    rooms: 1,
    tenants: 1,
    subdivided: false,
    landlordName: '司马光',
    landlordPhone: '18600001234',
    inspectionState: 'PASSED',
    registeredOn: '2023-06-30',
    community: C3,
    point: [120.563, 31.079],
  },
  ...[
    ['hr-old', '2019-03-01', '13700000001'],
    ['hr-new', '2025-09-15', '13700000002'],
  ].map(([id, registeredOn, phone]) => ({
    id: id as string,
    addressId: 'ha-twice',
    rooms: 4,
    tenants: 9,
    subdivided: true,
    landlordName: '赵钱',
    landlordPhone: phone as string,
    inspectionState: 'RECTIFYING',
    registeredOn: registeredOn as string,
    community: C1,
    point: offsetMetres(origin, 0, 500),
  })),
];

let handle: TestDatabase;
let subgraph: TestSubgraph;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  await handle.database.exec('TRUNCATE housing.rentals');
  for (const rental of rentals) {
    await handle.database.query(
      `INSERT INTO housing.rentals (id, address_id, rooms, tenants, subdivided, landlord_name, landlord_phone,
         inspection_state, registered_on, community_code, location)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ST_SetSRID(ST_MakePoint($11, $12), 4326))`,
      [
        rental.id,
        rental.addressId,
        rental.rooms,
        rental.tenants,
        rental.subdivided,
        rental.landlordName,
        rental.landlordPhone,
        rental.inspectionState,
        rental.registeredOn,
        rental.community,
        ...rental.point,
      ],
    );
  }
  subgraph = await startTestSubgraph(housingSubgraph, handle.database);
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

const RENTAL_FIELDS = `id address { id } rooms tenants subdivided landlordName landlordPhone inspectionState registeredOn
  community { code } location`;

interface RentalBody {
  id: string;
  address: { id: string };
  rooms: number;
  tenants: number;
  subdivided: boolean;
  landlordName: string;
  landlordPhone: string;
  inspectionState: string;
  registeredOn: string;
  community: { code: string };
  location: { type: string; coordinates: [number, number] };
}

describe('housing entities', () => {
  it('returns its SDL through _service', async () => {
    const data = dataOf(await subgraph.request<{ _service: { sdl: string } }>('{ _service { sdl } }'));
    expect(declaresKey(data._service.sdl, 'Address', 'id')).toBe(true);
    expect(declaresKey(data._service.sdl, 'Rental', 'id')).toBe(true);
    expect(data._service.sdl).toContain('出租房屋登记');
  });

  it('resolves one Rental with masked landlord', async () => {
    const data = dataOf(
      await subgraph.request<{ _entities: RentalBody[] }>(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Rental { ${RENTAL_FIELDS} } } }`,
        { representations: [{ __typename: 'Rental', id: 'hr-03' }] },
      ),
    );
    const [rental] = data._entities;
    expect(rental).toMatchObject({
      id: 'hr-03',
      address: { id: 'ha-03' },
      rooms: 4,
      tenants: 9,
      subdivided: true,
      landlordName: '王**',
      landlordPhone: '139****5678',
      inspectionState: 'RECTIFYING',
      registeredOn: '2024-01-03',
      community: { code: C1 },
    });
    const expected = rentals[2]?.point as [number, number];
    expect(rental?.location.type).toBe('Point');
    expect(rental?.location.coordinates[0]).toBeCloseTo(expected[0], 6);
    expect(rental?.location.coordinates[1]).toBeCloseTo(expected[1], 6);
  });

  it('resolves many Rentals in order with null for an unknown id', async () => {
    const data = dataOf(
      await subgraph.request<{ _entities: ({ id: string; landlordName: string } | null)[] }>(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Rental { id landlordName } } }`,
        { representations: ['hr-c3', 'missing', 'hr-01'].map((id) => ({ __typename: 'Rental', id })) },
      ),
    );
    expect(data._entities).toEqual([
      { id: 'hr-c3', landlordName: '司**' },
      null,
      { id: 'hr-01', landlordName: '王**' },
    ]);
  });

  it('adds the latest rental to each Address', async () => {
    const data = dataOf(
      await subgraph.request<{ _entities: { id: string; rental: { id: string; landlordPhone: string } | null }[] }>(
        `query ($representations: [_Any!]!) {
           _entities(representations: $representations) { ... on Address { id rental { id landlordPhone } } }
         }`,
        { representations: ['ha-twice', 'ha-without-rental', 'ha-05'].map((id) => ({ __typename: 'Address', id })) },
      ),
    );
    expect(data._entities).toEqual([
      { id: 'ha-twice', rental: { id: 'hr-new', landlordPhone: '137****0002' } },
      { id: 'ha-without-rental', rental: null },
      { id: 'ha-05', rental: { id: 'hr-05', landlordPhone: '139****5678' } },
    ]);
  });

  it('never returns a raw landlord name or phone', async () => {
    const data = dataOf(
      await subgraph.request<{ rentals: { edges: { node: { landlordName: string; landlordPhone: string } }[] } }>(
        `{ rentals(orgUnit: "320509", first: 1000) { edges { node { landlordName landlordPhone } } } }`,
      ),
    );
    expect(data.rentals.edges).toHaveLength(rentals.length);
    const body = JSON.stringify(data.rentals.edges);
    for (const rental of rentals) {
      expect(body).not.toContain(rental.landlordName);
      expect(body).not.toContain(rental.landlordPhone);
    }
  });
});

const RENTALS = `query ($orgUnit: ID!, $subdivided: Boolean, $bbox: [Float!], $first: Int, $after: String) {
  rentals(orgUnit: $orgUnit, subdivided: $subdivided, bbox: $bbox, first: $first, after: $after) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor }
  }
}`;

interface RentalPage {
  rentals: {
    totalCount: number;
    edges: { cursor: string; node: { id: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const idsOf = (page: RentalPage) => page.rentals.edges.map((edge) => edge.node.id);

describe('rentals query', () => {
  it('pages by id without overlap', async () => {
    const first = dataOf(await subgraph.request<RentalPage>(RENTALS, { orgUnit: STREET, first: 8 }));
    const second = dataOf(
      await subgraph.request<RentalPage>(RENTALS, {
        orgUnit: STREET,
        first: 8,
        after: first.rentals.pageInfo.endCursor,
      }),
    );
    expect(first.rentals.totalCount).toBe(14);
    expect(second.rentals.totalCount).toBe(14);
    expect(first.rentals.pageInfo.hasNextPage).toBe(true);
    expect(second.rentals.pageInfo.hasNextPage).toBe(false);
    const ids = [...idsOf(first), ...idsOf(second)];
    expect(ids).toEqual(
      rentals
        .filter((rental) => rental.community.startsWith(STREET))
        .map((rental) => rental.id)
        .sort(),
    );
  });

  it('filters subdivided rentals', async () => {
    const subdivided = dataOf(await subgraph.request<RentalPage>(RENTALS, { orgUnit: '320509', subdivided: true }));
    const whole = dataOf(await subgraph.request<RentalPage>(RENTALS, { orgUnit: '320509', subdivided: false }));
    expect(subdivided.rentals.totalCount).toBe(8);
    expect(whole.rentals.totalCount).toBe(7);
    expect(idsOf(subdivided)).toEqual(['hr-01', 'hr-03', 'hr-05', 'hr-07', 'hr-09', 'hr-11', 'hr-new', 'hr-old']);
  });

  it('filters by bounding box', async () => {
    const [west, south] = offsetMetres(origin, -10, -10);
    const [east, north] = offsetMetres(origin, 350, 10);
    const data = dataOf(await subgraph.request<RentalPage>(RENTALS, { orgUnit: C1, bbox: [west, south, east, north] }));
    expect(data.rentals.totalCount).toBe(4);
    expect(idsOf(data)).toEqual(['hr-01', 'hr-02', 'hr-03', 'hr-04']);
  });

  it('rejects swapped or out-of-range bbox', async () => {
    const swapped = errorOf(await subgraph.request(RENTALS, { orgUnit: C1, bbox: [31.2, 120.6, 31.3, 120.7] }));
    expect(swapped.extensions?.code).toBe('BAD_USER_INPUT');
    expect(swapped.message).toContain('颠倒');
    const outOfRange = errorOf(await subgraph.request(RENTALS, { orgUnit: C1, bbox: [-200, 31.2, 120.7, 31.3] }));
    expect(outOfRange.extensions?.code).toBe('BAD_USER_INPUT');
    expect(outOfRange.message).toContain('超出范围');
  });

  it('rejects a bad cursor, org unit code and page size', async () => {
    const badCursor = errorOf(await subgraph.request(RENTALS, { orgUnit: C1, after: 'eyJ4Ijox' }));
    expect(badCursor.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badCursor.message).toContain('游标无效');

    const badCode = errorOf(await subgraph.request(RENTALS, { orgUnit: '3205091' }));
    expect(badCode.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badCode.message).toContain('行政区划代码');

    const badFirst = errorOf(await subgraph.request(RENTALS, { orgUnit: C1, first: 1001 }));
    expect(badFirst.extensions?.code).toBe('BAD_USER_INPUT');
    expect(isChinese(badFirst.message)).toBe(true);
  });

  it('returns one rental by id', async () => {
    const data = dataOf(
      await subgraph.request<{ rental: { tenants: number } | null }>('{ rental(id: "hr-12") { tenants } }'),
    );
    expect(data.rental).toEqual({ tenants: 36 });
  });
});
