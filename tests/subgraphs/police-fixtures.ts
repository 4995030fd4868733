/**
 * Police rows shared by the police subgraph tests, and a subgraph serving them from a private database.
 */
import type { Database } from '@lianfang/db';
import { policeSubgraph } from '@lianfang/subgraph-police';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { offsetMetres, startTestSubgraph, type TestSubgraph } from './support.js';

// Fixture: street 松陵街道 (320509001) with communities 西塘 (…001) and 北门 (…002), and street 横扇街道 (320509002)
// with community 菀坪 (…001). Addresses of 西塘 sit 50 m apart on a line running east from the origin.
export const STREET = '320509001';
export const C1 = '320509001001';
export const C2 = '320509001002';
export const C3 = '320509002001';
export const origin: [number, number] = [120.64, 31.21];
const elsewhere: [number, number] = [120.563, 31.079];
const CATEGORIES = [
  'THEFT',
  'FRAUD',
  'FIGHT',
  'DISPUTE',
  'NOISE',
  'FIRE_HAZARD',
  'TRAFFIC',
  'DRUGS',
  'GAMBLING',
  'OTHER',
];
const STATUSES = ['REPORTED', 'DISPATCHED', 'HANDLING', 'CLOSED'];

interface AddressFixture {
  id: string;
  community: string;
  point: [number, number];
}

export interface IncidentFixture {
  id: string;
  orgUnit: string;
  /** UTC with microseconds, so the fixtures sort as strings in the same order as the database sorts them. */
  occurredAt: string;
  category: string;
  status: string;
  addressId: string | null;
  point: [number, number];
}

export const pad = (value: number) => String(value).padStart(3, '0');

export const addresses: AddressFixture[] = [
  ...Array.from({ length: 30 }, (_, i) => ({
    id: `pa-c1-${pad(i + 1)}`,
    community: C1,
    point: offsetMetres(origin, i * 50, 0),
  })),
  ...Array.from({ length: 5 }, (_, i) => ({
    id: `pa-c2-${pad(i + 1)}`,
    community: C2,
    point: offsetMetres(origin, i * 50, -2000),
  })),
  ...Array.from({ length: 3 }, (_, i) => ({
    id: `pa-c3-${pad(i + 1)}`,
    community: C3,
    point: offsetMetres(elsewhere, i * 50, 0),
  })),
];
export const addressById = new Map(addresses.map((address) => [address.id, address]));

export const incidents: IncidentFixture[] = [
  // One per hour on 2026-03-01 from 00:00 to 23:00 UTC, each at the address with the same number.
  ...Array.from({ length: 24 }, (_, i) => ({
    id: `pi-${pad(i + 1)}`,
    orgUnit: C1,
    occurredAt: `2026-03-01T${String(i).padStart(2, '0')}:00:00.000000Z`,
    category: CATEGORIES[i % CATEGORIES.length] as string,
    status: STATUSES[i % STATUSES.length] as string,
    addressId: `pa-c1-${pad(i + 1)}`,
    point: addressById.get(`pa-c1-${pad(i + 1)}`)?.point as [number, number],
  })),
  // Equal timestamps, and two that differ only in the microseconds: keyset pages must neither skip nor repeat them.
  ...['pi-t1', 'pi-t2', 'pi-t3'].map((id) => ({
    id,
    orgUnit: C2,
    occurredAt: '2026-02-15T12:00:00.000001Z',
    category: 'NOISE',
    status: 'CLOSED',
    addressId: null,
    point: offsetMetres(origin, 0, -2000),
  })),
  {
    id: 'pi-t4',
    orgUnit: C2,
    occurredAt: '2026-02-15T12:00:00.000002Z',
    category: 'NOISE',
    status: 'CLOSED',
    addressId: null,
    point: offsetMetres(origin, 0, -2000),
  },
  {
    id: 'pi-street',
    orgUnit: STREET,
    occurredAt: '2026-01-10T08:30:00.000000Z',
    category: 'TRAFFIC',
    status: 'HANDLING',
    addressId: null,
    point: offsetMetres(origin, 0, -5000),
  },
  ...['pi-c3-1', 'pi-c3-2'].map((id, i) => ({
    id,
    orgUnit: C3,
    occurredAt: `2026-03-02T0${i}:00:00.000000Z`,
    category: 'GAMBLING',
    status: 'REPORTED',
    addressId: `pa-c3-00${i + 1}`,
    point: addressById.get(`pa-c3-00${i + 1}`)?.point as [number, number],
  })),
];
export const incidentsUnder = (prefix: string) => incidents.filter((incident) => incident.orgUnit.startsWith(prefix));
/** Incident ids in the order of the API: newest first, ties broken by id descending. */
export const newestFirst = (list: IncidentFixture[]) =>
  [...list]
    .sort((a, b) =>
      a.occurredAt === b.occurredAt ? b.id.localeCompare(a.id) : b.occurredAt.localeCompare(a.occurredAt),
    )
    .map((incident) => incident.id);

async function insertFixtures(db: Database) {
  for (const address of addresses) {
    await db.query(
      `INSERT INTO police.addresses (id, text, community_code, location)
       VALUES ($1, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326))`,
      [address.id, `吴江区测试路 ${address.id} 号`, address.community, ...address.point],
    );
  }
  for (const incident of incidents) {
    await db.query(
      `INSERT INTO police.incidents (id, category, occurred_at, status, org_unit_code, address_id, location)
       VALUES ($1, $2, $3, $4, $5, $6, ST_SetSRID(ST_MakePoint($7, $8), 4326))`,
      [
        incident.id,
        incident.category,
        incident.occurredAt,
        incident.status,
        incident.orgUnit,
        incident.addressId,
        ...incident.point,
      ],
    );
  }
  await db.query(
    `INSERT INTO police.residents (id, address_id, name, id_number, phone, registered_on, residence_type) VALUES
       ('pr-1', 'pa-c1-001', '张三丰', '320509199001011234', '13812345678', '2020-05-01', 'PERMANENT'),
       ('pr-2', 'pa-c1-001', '欧阳娜娜', '32050919920202567X', NULL, '2023-01-15', 'FLOATING'),
       ('pr-3', 'pa-c1-002', '李四', '330421198511113333', '15900001111', '2021-07-07', 'FLOATING')`,
  );
  // Fourteen months of parcels for one address: 2025-01 has 1 parcel, 2025-02 has 2, … 2026-02 has 14.
  await db.query(
    `INSERT INTO police.parcel_deliveries (address_id, month, parcels)
     SELECT 'pa-c1-001', (DATE '2025-01-01' + make_interval(months => n - 1))::date, n FROM generate_series(1, 14) AS n`,
  );
  await db.query(
    `INSERT INTO police.patrol_zones (id, name, org_unit_code, unit_name, shift, zone) VALUES
       ('pz-1', '西塘巡区', $1, '松陵派出所巡逻一组', 'NIGHT',
        ST_Multi(ST_MakeEnvelope(120.63, 31.20, 120.66, 31.22, 4326))),
       ('pz-2', '菀坪巡区', $2, '横扇派出所巡逻组', 'ALL_DAY',
        ST_Multi(ST_MakeEnvelope(120.55, 31.07, 120.58, 31.09, 4326)))`,
    [STREET, '320509002'],
  );
}

/** Opens a private database holding exactly the rows above and serves the police subgraph from it. */
export async function startPoliceFixture(): Promise<{ handle: TestDatabase; subgraph: TestSubgraph }> {
  const handle = await openTestDatabase('seeded');
  // The tests own every police row, so their counts are exact whatever the template holds.
  await handle.database.exec(
    `TRUNCATE police.criminal_records, police.residents, police.parcel_deliveries, police.incidents, police.patrol_zones,
      police.addresses`,
  );
  await insertFixtures(handle.database);
  const subgraph = await startTestSubgraph(policeSubgraph, handle.database);
  return { handle, subgraph };
}
