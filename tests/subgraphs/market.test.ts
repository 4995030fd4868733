import { makeCreditCode } from '@lianfang/identifiers';
import { marketSubgraph } from '@lianfang/subgraph-market';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { dataOf, declaresKey, errorOf, startTestSubgraph, type TestSubgraph } from './support.js';

const C1 = '320509001001';
const C2 = '320509001002';
const C3 = '320509002001';
const STATUSES = ['OPERATING', 'ABNORMAL', 'NEVER_OPERATED', 'REVOKED'];

interface EnterpriseFixture {
  creditCode: string;
  name: string;
  status: string;
  addressId: string;
  registeredOn: string;
  community: string;
  point: [number, number];
}

// Eleven enterprises: three registered at one address of 西塘社区, the rest spread over three communities.
const enterprises: EnterpriseFixture[] = Array.from({ length: 11 }, (_, i) => ({
  creditCode: makeCreditCode(`91320509MA1T${String(i + 1).padStart(5, '0')}`),
  name: `吴江测试企业${i + 1}有限公司`,
  status: STATUSES[i % STATUSES.length] as string,
  addressId: i < 3 ? 'ma-shared' : `ma-${i + 1}`,
  registeredOn: `2018-0${(i % 9) + 1}-15`,
  community: [C1, C2, C3][i % 3] as string,
  point: [120.64 + i * 0.001, 31.21],
}));
const byCode = [...enterprises].sort((a, b) => a.creditCode.localeCompare(b.creditCode));
const sample = enterprises[4] as EnterpriseFixture;

let handle: TestDatabase;
let subgraph: TestSubgraph;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  await handle.database.exec('TRUNCATE market.enterprises');
  for (const enterprise of enterprises) {
    await handle.database.query(
      `INSERT INTO market.enterprises (credit_code, name, status, address_id, registered_on, community_code, location)
       VALUES ($1, $2, $3, $4, $5, $6, ST_SetSRID(ST_MakePoint($7, $8), 4326))`,
      [
        enterprise.creditCode,
        enterprise.name,
        enterprise.status,
        enterprise.addressId,
        enterprise.registeredOn,
        enterprise.community,
        ...enterprise.point,
      ],
    );
  }
  subgraph = await startTestSubgraph(marketSubgraph, handle.database);
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

const ENTERPRISE_FIELDS = 'creditCode name status registeredOn address { id } community { code } location';

describe('market entities', () => {
  it('returns its SDL through _service', async () => {
    const data = dataOf(await subgraph.request<{ _service: { sdl: string } }>('{ _service { sdl } }'));
    expect(declaresKey(data._service.sdl, 'Enterprise', 'creditCode')).toBe(true);
    expect(declaresKey(data._service.sdl, 'Address', 'id')).toBe(true);
  });

  it('resolves Enterprises with their fixture values', async () => {
    const data = dataOf(
      await subgraph.request<{ _entities: (Record<string, unknown> | null)[] }>(
        `query ($representations: [_Any!]!) {
           _entities(representations: $representations) { ... on Enterprise { ${ENTERPRISE_FIELDS} } }
         }`,
        {
          representations: [sample.creditCode, '91320509MA1T999990', enterprises[0]?.creditCode].map((creditCode) => ({
            __typename: 'Enterprise',
            creditCode,
          })),
        },
      ),
    );
    expect(data._entities[0]).toMatchObject({
      creditCode: sample.creditCode,
      name: sample.name,
      status: sample.status,
      registeredOn: sample.registeredOn,
      address: { id: sample.addressId },
      community: { code: sample.community },
      location: { type: 'Point', coordinates: sample.point },
    });
    expect(data._entities[1]).toBeNull();
    expect(data._entities[2]).toMatchObject({ creditCode: enterprises[0]?.creditCode, address: { id: 'ma-shared' } });
  });

  it('lists the enterprises of each Address', async () => {
    const data = dataOf(
      await subgraph.request<{ _entities: { id: string; enterprises: { creditCode: string }[] }[] }>(
        `query ($representations: [_Any!]!) {
           _entities(representations: $representations) { ... on Address { id enterprises { creditCode } } }
         }`,
        { representations: ['ma-shared', 'ma-none', 'ma-5'].map((id) => ({ __typename: 'Address', id })) },
      ),
    );
    const shared = enterprises
      .filter((enterprise) => enterprise.addressId === 'ma-shared')
      .map((enterprise) => enterprise.creditCode)
      .sort();
    expect(data._entities.map((address) => [address.id, address.enterprises.map((e) => e.creditCode)])).toEqual([
      ['ma-shared', shared],
      ['ma-none', []],
      ['ma-5', [enterprises[4]?.creditCode]],
    ]);
  });
});

describe('enterprise query', () => {
  const ENTERPRISE = 'query ($creditCode: ID!) { enterprise(creditCode: $creditCode) { name } }';

  it('finds an enterprise by credit code', async () => {
    const data = dataOf(
      await subgraph.request<{ enterprise: { name: string } | null }>(ENTERPRISE, { creditCode: sample.creditCode }),
    );
    expect(data.enterprise).toEqual({ name: sample.name });
  });

  it('returns null for unregistered code', async () => {
    const data = dataOf(
      await subgraph.request<{ enterprise: unknown }>(ENTERPRISE, {
        creditCode: makeCreditCode('91320509MA1T99999'),
      }),
    );
    expect(data.enterprise).toBeNull();
  });

  it('rejects a wrong check character naming the format', async () => {
    const valid = sample.creditCode;
    const wrongCheck = `${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'}`;
    const error = errorOf(await subgraph.request(ENTERPRISE, { creditCode: wrongCheck }));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('校验位不正确');
    expect(error.message).toContain('18 位');
    expect(error.message).toContain(wrongCheck);
  });

  it('rejects malformed credit codes', async () => {
    for (const creditCode of [
      '',
      '91320509MA1T0000',
      sample.creditCode.toLowerCase(),
      `${sample.creditCode}0`,
      '91320509MA1I00001X',
    ]) {
      const error = errorOf(await subgraph.request(ENTERPRISE, { creditCode }));
      expect(error.extensions?.code, creditCode).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('统一社会信用代码');
    }
  });
});

const ENTERPRISES = `query ($orgUnit: ID!, $status: EnterpriseStatus, $first: Int, $after: String) {
  enterprises(orgUnit: $orgUnit, status: $status, first: $first, after: $after) {
    totalCount edges { node { creditCode status } } pageInfo { hasNextPage endCursor }
  }
}`;

interface EnterprisePage {
  enterprises: {
    totalCount: number;
    edges: { node: { creditCode: string; status: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('enterprises query', () => {
  it('pages by credit code without overlap', async () => {
    const first = dataOf(await subgraph.request<EnterprisePage>(ENTERPRISES, { orgUnit: '320509', first: 6 }));
    const second = dataOf(
      await subgraph.request<EnterprisePage>(ENTERPRISES, {
        orgUnit: '320509',
        first: 6,
        after: first.enterprises.pageInfo.endCursor,
      }),
    );
    expect(first.enterprises.totalCount).toBe(11);
    expect(first.enterprises.edges).toHaveLength(6);
    expect(first.enterprises.pageInfo.hasNextPage).toBe(true);
    expect(second.enterprises.edges).toHaveLength(5);
    expect(second.enterprises.pageInfo.hasNextPage).toBe(false);
    const codes = [...first.enterprises.edges, ...second.enterprises.edges].map((edge) => edge.node.creditCode);
    expect(codes).toEqual(byCode.map((enterprise) => enterprise.creditCode));
  });

  it('filters by org unit and status', async () => {
    const street = dataOf(await subgraph.request<EnterprisePage>(ENTERPRISES, { orgUnit: '320509001' }));
    expect(street.enterprises.totalCount).toBe(enterprises.filter((e) => e.community.startsWith('320509001')).length);
    const abnormal = dataOf(
      await subgraph.request<EnterprisePage>(ENTERPRISES, { orgUnit: '320509', status: 'ABNORMAL' }),
    );
    expect(abnormal.enterprises.totalCount).toBe(3);
    expect(abnormal.enterprises.edges.every((edge) => edge.node.status === 'ABNORMAL')).toBe(true);
  });

  it('rejects a bad org unit code, cursor and status', async () => {
    const badCode = errorOf(await subgraph.request(ENTERPRISES, { orgUnit: '32050900100' }));
    expect(badCode.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badCode.message).toContain('行政区划代码');

    const badCursor = errorOf(await subgraph.request(ENTERPRISES, { orgUnit: '320509', after: '!!' }));
    expect(badCursor.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badCursor.message).toContain('游标无效');

    const badStatus = errorOf(await subgraph.request(ENTERPRISES, { orgUnit: '320509', status: 'CLOSED' }));
    expect(badStatus.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
