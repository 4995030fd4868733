/**
 * Rows of two neighbouring communities of 松陵街道 (320509001001 and 320509001002) and one community of another
 * street, for the jurisdiction and personal data tests, with the identities that read them.
 */
import { makeCreditCode } from '@lianfang/identifiers';
import type { Identity } from '@lianfang/subgraph-kit';
import { IDENTITIES } from '../support/access.js';
import type { TestDatabase } from '../support/database.js';
import { offsetMetres } from './support.js';

export const STREET = '320509001';
export const OWN = '320509001001';
export const NEIGHBOUR = '320509001002';
export const OTHER_STREET_COMMUNITY = '320509002001';
export const origin: [number, number] = [120.64, 31.21];

/** Addresses: two in the own community, two in the neighbouring one (300 m and 2 km east), one on another street. */
export const ADDRESSES = [
  { id: 'J-A1', community: OWN, point: origin },
  { id: 'J-A2', community: OWN, point: offsetMetres(origin, 100, 0) },
  { id: 'J-B1', community: NEIGHBOUR, point: offsetMetres(origin, 300, 0) },
  { id: 'J-B2', community: NEIGHBOUR, point: offsetMetres(origin, 2000, 0) },
  { id: 'J-C1', community: OTHER_STREET_COMMUNITY, point: offsetMetres(origin, 0, -15_000) },
] as const;

/** Incidents at the addresses; J-I-A3 is recorded on a grid of the own community, 50 m east of the origin. */
export const INCIDENTS = [
  { id: 'J-I-A1', orgUnit: OWN, addressId: 'J-A1', point: origin },
  { id: 'J-I-A2', orgUnit: OWN, addressId: 'J-A2', point: offsetMetres(origin, 100, 0) },
  { id: 'J-I-A3', orgUnit: `${OWN}001`, addressId: null, point: offsetMetres(origin, 50, 0) },
  { id: 'J-I-B1', orgUnit: NEIGHBOUR, addressId: 'J-B1', point: offsetMetres(origin, 300, 0) },
  { id: 'J-I-B2', orgUnit: NEIGHBOUR, addressId: 'J-B2', point: offsetMetres(origin, 2000, 0) },
  { id: 'J-I-C1', orgUnit: OTHER_STREET_COMMUNITY, addressId: 'J-C1', point: offsetMetres(origin, 0, -15_000) },
] as const;

export const OWN_CREDIT_CODE = makeCreditCode('91320509MA1JA0001');
export const NEIGHBOUR_CREDIT_CODE = makeCreditCode('91320509MA1JB0001');

/** Criminal records of resident J-R-A1-1, as the API lists them: oldest decision first. */
export const RECORDS = [
  { offence: '盗窃罪', decidedOn: '2019-05-20', authority: '吴江区人民法院' },
  { offence: '殴打他人（行政拘留）', decidedOn: '2022-11-03', authority: '吴江区公安分局' },
];

const identity = (sub: string, fields: Omit<Identity, 'sub' | 'name'>): Identity => ({ sub, name: sub, ...fields });

export const USERS = {
  communityAnalyst: IDENTITIES.communityAnalyst as Identity,
  streetAnalyst: identity('test.street.analyst', {
    level: 'STREET',
    orgUnit: STREET,
    department: 'governance',
    roles: ['analyst'],
  }),
  policeAnalyst: IDENTITIES.districtPoliceAnalyst as Identity,
  housingStaff: identity('test.housing.staff', {
    level: 'DISTRICT',
    orgUnit: '320509',
    department: 'housing',
    roles: ['staff', 'analyst'],
  }),
  partnerAnalyst: identity('test.jx.police.analyst', {
    level: 'DISTRICT',
    orgUnit: '330421',
    department: 'police',
    roles: ['analyst'],
  }),
};

const point = (value: readonly [number, number]) => `SRID=4326;POINT(${value[0]} ${value[1]})`;

async function insertPolice(handle: TestDatabase): Promise<void> {
  const db = handle.database;
  for (const address of ADDRESSES) {
    await db.query(
      `INSERT INTO police.addresses (id, text, community_code, location) VALUES ($1, $2, $3, ST_GeomFromEWKT($4))`,
      [address.id, `吴江区辖区测试路 ${address.id} 号`, address.community, point(address.point)],
    );
  }
  for (const incident of INCIDENTS) {
    await db.query(
      `INSERT INTO police.incidents (id, category, occurred_at, status, org_unit_code, address_id, location)
       VALUES ($1, 'THEFT', '2026-03-01T08:00:00+08:00', 'REPORTED', $2, $3, ST_GeomFromEWKT($4))`,
      [incident.id, incident.orgUnit, incident.addressId, point(incident.point)],
    );
  }
  await db.query(
    `INSERT INTO police.residents (id, address_id, name, id_number, phone, registered_on, residence_type) VALUES
       ('J-R-A1-1', 'J-A1', '张三丰', '320509199001011234', '13812345678', '2020-05-01', 'PERMANENT'),
       ('J-R-A1-2', 'J-A1', '李小红', '320509199202025678', NULL, '2021-03-01', 'PERMANENT'),
       ('J-R-B1-1', 'J-B1', '王五', '330421198511113333', '15900001111', '2021-07-07', 'FLOATING')`,
  );
  for (const [index, record] of RECORDS.entries()) {
    await db.query(
      `INSERT INTO police.criminal_records (id, resident_id, offence, decided_on, authority)
       VALUES ($1, 'J-R-A1-1', $2, $3, $4)`,
      [`J-CR-${index + 1}`, record.offence, record.decidedOn, record.authority],
    );
  }
  await db.query(
    `INSERT INTO police.patrol_zones (id, name, org_unit_code, unit_name, shift, zone) VALUES
       ('J-PZ-1', '松陵巡区', $1, '松陵派出所巡逻一组', 'NIGHT', ST_Multi(ST_MakeEnvelope(120.63, 31.20, 120.66, 31.22, 4326))),
       ('J-PZ-2', '横扇巡区', '320509002', '横扇派出所巡逻组', 'DAY', ST_Multi(ST_MakeEnvelope(120.55, 31.07, 120.58, 31.09, 4326)))`,
    [STREET],
  );
}

async function insertDepartments(handle: TestDatabase): Promise<void> {
  const db = handle.database;
  for (const [id, addressId, community] of [
    ['J-H-A1', 'J-A1', OWN],
    ['J-H-B1', 'J-B1', NEIGHBOUR],
  ]) {
    await db.query(
      `INSERT INTO housing.rentals (id, address_id, rooms, tenants, subdivided, landlord_name, landlord_phone,
         inspection_state, registered_on, community_code, location)
       VALUES ($1, $2, 3, 4, false, '吴房东', '13900000000', 'PASSED', DATE '2024-01-01', $3,
               ST_SetSRID(ST_MakePoint(120.64, 31.21), 4326))`,
      [id, addressId, community],
    );
  }
  for (const [code, addressId, community] of [
    [OWN_CREDIT_CODE, 'J-A1', OWN],
    [NEIGHBOUR_CREDIT_CODE, 'J-B1', NEIGHBOUR],
  ]) {
    await db.query(
      `INSERT INTO market.enterprises (credit_code, name, status, address_id, registered_on, community_code, location)
       VALUES ($1, '辖区测试企业 ' || $2, 'OPERATING', $2, DATE '2019-05-01', $3, ST_SetSRID(ST_MakePoint(120.64, 31.21), 4326))`,
      [code, addressId, community],
    );
  }
  for (const addressId of ['J-A1', 'J-B1']) {
    await db.query(
      `INSERT INTO utilities.meter_readings (address_id, month, electricity_kwh, water_m3, household_type)
       VALUES ($1, DATE '2026-01-01', 180, 9, '3-4')`,
      [addressId],
    );
  }
}

/** Grid codes of the own and the neighbouring community in the loaded jurisdiction data, one worker each. */
async function insertGridWorkers(handle: TestDatabase): Promise<{ ownGrid: string; neighbourGrid: string }> {
  const grids: string[] = [];
  for (const community of [OWN, NEIGHBOUR]) {
    const { rows } = await handle.database.query<{ code: string }>(
      `SELECT code FROM governance.org_units WHERE parent_code = $1 AND level = 'GRID' ORDER BY code LIMIT 1`,
      [community],
    );
    const code = rows[0]?.code;
    if (!code) throw new Error(`jurisdiction data has no grid under ${community}`);
    grids.push(code);
    await handle.database.query(
      `INSERT INTO governance.grid_workers (id, name, phone, grid_code) VALUES ($1, '网格员' || $1, '13700000000', $2)`,
      [`J-GW-${community}`, code],
    );
  }
  return { ownGrid: grids[0] as string, neighbourGrid: grids[1] as string };
}

/** Replaces every department row of the test database with the fixtures above. */
export async function insertJurisdictionFixtures(handle: TestDatabase) {
  await handle.database.exec(`
    TRUNCATE police.criminal_records, police.residents, police.parcel_deliveries, police.incidents, police.patrol_zones,
      police.addresses;
    TRUNCATE housing.rentals, market.enterprises, utilities.meter_readings, governance.grid_workers;`);
  await insertPolice(handle);
  await insertDepartments(handle);
  return insertGridWorkers(handle);
}

export interface AuditRow {
  userId: string;
  fields: string[];
  reasons: string[];
  disclosure: string;
}

/** The latest record of the access log. Tests run one after another, so it belongs to the last request. */
export async function lastAuditRecord(handle: TestDatabase): Promise<AuditRow | undefined> {
  const { rows } = await handle.database.query<AuditRow>(
    `SELECT user_id AS "userId", fields, reasons, disclosure FROM audit.access_log ORDER BY id DESC LIMIT 1`,
  );
  return rows[0];
}
