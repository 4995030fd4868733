import { housingSubgraph } from '@lianfang/subgraph-housing';
import { marketSubgraph } from '@lianfang/subgraph-market';
import { policeSubgraph } from '@lianfang/subgraph-police';
import { utilitiesSubgraph } from '@lianfang/subgraph-utilities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { countStatements, dataOf, startTestSubgraph, type TestSubgraph } from './support.js';

// Every department has rows for 1,000 addresses, b-0001 to b-1000, so that each batch does real work.
const ADDRESS_COUNT = 1000;
const addressIds = Array.from({ length: ADDRESS_COUNT }, (_, i) => `b-${String(i + 1).padStart(4, '0')}`);

let handle: TestDatabase;
const subgraphs: Record<string, TestSubgraph> = {};

async function insertFixtures() {
  const db = handle.database;
  await db.exec(`
    TRUNCATE police.criminal_records, police.residents, police.parcel_deliveries, police.incidents, police.patrol_zones,
      police.addresses;
    TRUNCATE housing.rentals, market.enterprises, utilities.meter_readings;`);
  const series = `FROM generate_series(1, ${ADDRESS_COUNT}) AS n`;
  const id = `'b-' || lpad(n::text, 4, '0')`;
  await db.query(
    `INSERT INTO police.addresses (id, text, community_code, location)
     SELECT ${id}, '吴江区批量路 ' || n || ' 号', '320509003001', ST_SetSRID(ST_MakePoint(120.65 + n * 0.0001, 31.06), 4326)
     ${series}`,
  );
  await db.query(
    `INSERT INTO police.residents (id, address_id, name, id_number, phone, registered_on, residence_type)
     SELECT 'br-' || n, ${id}, '周杰' || n, '32050919900101' || lpad((n % 1000)::text, 3, '0') || 'X',
            '1380000' || lpad((n % 10000)::text, 4, '0'), DATE '2022-01-01', 'PERMANENT'
     ${series}`,
  );
  await db.query(
    `INSERT INTO police.parcel_deliveries (address_id, month, parcels) SELECT ${id}, DATE '2026-01-01', n % 40 ${series}`,
  );
  // One incident at each address. The addresses are about 9.5 m apart, so a 5-m radius finds only its own.
  await db.query(
    `INSERT INTO police.incidents (id, category, occurred_at, status, org_unit_code, address_id, location)
     SELECT 'bi-' || n, 'THEFT', TIMESTAMPTZ '2026-01-15 12:00:00+08' + make_interval(mins => n), 'CLOSED',
            '320509003001', ${id}, ST_SetSRID(ST_MakePoint(120.65 + n * 0.0001, 31.06), 4326)
     ${series}`,
  );
  await db.query(
    `INSERT INTO housing.rentals (id, address_id, rooms, tenants, subdivided, landlord_name, landlord_phone,
       inspection_state, registered_on, community_code, location)
     SELECT 'bh-' || n, ${id}, 3, 5, n % 7 = 0, '吴房东', '13900000000', 'PASSED', DATE '2024-01-01', '320509003001',
            ST_SetSRID(ST_MakePoint(120.65 + n * 0.0001, 31.06), 4326)
     ${series}`,
  );
  await db.query(
    `INSERT INTO market.enterprises (credit_code, name, status, address_id, registered_on, community_code, location)
     SELECT '91320509MA1' || lpad(n::text, 6, '0') || '0', '批量测试企业' || n, 'OPERATING', ${id}, DATE '2019-05-01',
            '320509003001', ST_SetSRID(ST_MakePoint(120.65 + n * 0.0001, 31.06), 4326)
     ${series}`,
  );
  await db.query(
    `INSERT INTO utilities.meter_readings (address_id, month, electricity_kwh, water_m3, household_type)
     SELECT ${id}, month, 100 + n % 50, 8, CASE WHEN n % 2 = 0 THEN 'APARTMENT' ELSE 'SHOP' END
     ${series}, (VALUES (DATE '2026-01-01'), (DATE '2026-02-01')) AS months(month)`,
  );
}

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  await insertFixtures();
  const definitions = [policeSubgraph, housingSubgraph, marketSubgraph, utilitiesSubgraph];
  for (const definition of definitions) {
    subgraphs[definition.name] = await startTestSubgraph(definition, handle.database);
  }
});

afterAll(async () => {
  for (const subgraph of Object.values(subgraphs)) await subgraph.stop();
  await handle?.dispose();
});

// A request that resolves personal fields appends one access-log record: the chain lock, the read of the last
// record and the insert.
const AUDIT_STATEMENTS = 3;

/** The Address fields each department adds, and the statements one request needs for them whatever its size. */
const cases = [
  {
    subgraph: 'police',
    fields: 'text community { code } residents { name idNumber phone } parcelsByMonth { month parcels }',
    // The addresses, their residents, their parcels.
    statements: 3 + AUDIT_STATEMENTS,
  },
  // The addresses, then the incidents near all of them.
  { subgraph: 'police', fields: 'nearbyIncidents(radiusMetres: 5) { id }', statements: 2 },
  { subgraph: 'housing', fields: 'rental { id landlordName tenants }', statements: 1 + AUDIT_STATEMENTS },
  { subgraph: 'market', fields: 'enterprises { creditCode name status }', statements: 1 },
  { subgraph: 'utilities', fields: 'utilityUsage { month electricityKwh baselineKwh ratio }', statements: 1 },
];

type Entity = Record<string, unknown> & { id: string };

/** An address reference as the gateway sends it, with the community that utilities requires from police. */
const addressReference = (id: string) => ({ __typename: 'Address', id, community: { code: '320509003001' } });

describe('Address entity batching', () => {
  for (const { subgraph: name, fields, statements } of cases) {
    it(`${name} sends ${statements} statement(s) for 10 and for 1,000 addresses`, async () => {
      const subgraph = subgraphs[name] as TestSubgraph;
      const query = `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Address { id ${fields} } }
      }`;
      const measured: Record<number, number> = {};
      const results: Record<number, Entity[]> = {};
      for (const size of [10, ADDRESS_COUNT]) {
        const representations = addressIds.slice(0, size).map(addressReference);
        measured[size] = await countStatements(handle.database, async () => {
          results[size] = dataOf(await subgraph.request<{ _entities: Entity[] }>(query, { representations }))._entities;
        });
      }
      console.log(`${name}: ${measured[10]} statements for 10 addresses, ${measured[ADDRESS_COUNT]} for 1,000`);
      expect(measured[10]).toBe(statements);
      expect(measured[ADDRESS_COUNT]).toBe(statements);
      expect(results[ADDRESS_COUNT]?.map((entity) => entity.id)).toEqual(addressIds);
    });
  }

  it('maps every batched row to its own address', async () => {
    const query = `query ($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Address { id rental { id } } }
    }`;
    const representations = addressIds.map(addressReference);
    const data = dataOf(
      await (subgraphs.housing as TestSubgraph).request<{ _entities: { id: string; rental: { id: string } }[] }>(
        query,
        {
          representations,
        },
      ),
    );
    const mismatched = data._entities.filter((entity) => entity.rental.id !== `bh-${Number(entity.id.slice(2))}`);
    expect(mismatched).toEqual([]);
  });

  it('maps nearby incidents to their own address', async () => {
    const query = `query ($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Address { id nearbyIncidents(radiusMetres: 5) { id } } }
    }`;
    const representations = addressIds.map(addressReference);
    const data = dataOf(
      await (subgraphs.police as TestSubgraph).request<{
        _entities: { id: string; nearbyIncidents: { id: string }[] }[];
      }>(query, { representations }),
    );
    const mismatched = data._entities.filter(
      (entity) => entity.nearbyIncidents.map((incident) => incident.id).join() !== `bi-${Number(entity.id.slice(2))}`,
    );
    expect(data._entities).toHaveLength(ADDRESS_COUNT);
    expect(mismatched).toEqual([]);
  });

  it('masks the residents of every batched address', async () => {
    const query = `query ($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Address { residents { name idNumber phone } } }
    }`;
    const representations = addressIds.map(addressReference);
    const data = dataOf(
      await (subgraphs.police as TestSubgraph).request<{
        _entities: { residents: { name: string; idNumber: string; phone: string }[] }[];
      }>(query, { representations }),
    );
    const residents = data._entities.flatMap((entity) => entity.residents);
    expect(residents).toHaveLength(ADDRESS_COUNT);
    expect(residents.filter((resident) => !/^周\*+$/.test(resident.name))).toEqual([]);
    expect(residents.filter((resident) => !/^320509\*{8}\d{3}X$/.test(resident.idNumber))).toEqual([]);
    expect(residents.filter((resident) => !/^138\*{4}\d{4}$/.test(resident.phone))).toEqual([]);
  });
});
