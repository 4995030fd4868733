import { AGREEMENT_COORDINATES } from '@lianfang/subgraph-crossborder';
import type { Identity } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDENTITIES } from '../support/access.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import {
  type CrossborderTestSubgraph,
  PARTNER_CITY,
  PARTNER_IDENTITIES,
  putAgreement,
  startCrossborderSubgraph,
} from './crossborder-support.js';

let handle: TestDatabase;
let subgraph: CrossborderTestSubgraph;

/** Every field but the precise location of a shared incident, as in the demo agreement. */
const ALLOWED = [...AGREEMENT_COORDINATES].filter((coordinate) => coordinate !== 'SharedIncident.location');
const PURPOSE = '交界地带联合研判';
const partner = { city: PARTNER_CITY, purpose: PURPOSE };

/** A district user of 吴江's neighbour 320506, whose zone bz-3 lies outside 吴江区 (320509). */
const otherDistrictAnalyst: Identity = {
  ...IDENTITIES.districtGovernanceAnalyst,
  sub: 'test.320506',
  orgUnit: '320506',
};

interface AuditRow {
  user_id: string;
  city: string;
  purpose: string | null;
  fields: string[];
  disclosure: string;
  reasons: string[];
}

/** Returns the newest access log record of the cross-border subgraph. */
async function lastAuditRecord(): Promise<AuditRow | undefined> {
  const { rows } = await handle.database.query<AuditRow>(
    `SELECT user_id, city, purpose, fields, disclosure, reasons FROM audit.access_log
     WHERE subgraph = 'crossborder' ORDER BY id DESC LIMIT 1`,
  );
  return rows[0];
}

async function auditCount(): Promise<number> {
  const { rows } = await handle.database.query<{ count: number }>(
    'SELECT count(*)::integer AS count FROM audit.access_log',
  );
  return rows[0]?.count ?? 0;
}

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  const db = handle.database;
  await db.exec(
    'TRUNCATE crossborder.shared_incidents, crossborder.border_zones, crossborder.sharing_agreements, crossborder.retention_log',
  );
  await db.query(
    `INSERT INTO crossborder.border_zones (id, name, district_codes, band_width_m, band) VALUES
       ('bz-1', '吴江—嘉善交界地带', ARRAY['320509', '330421'], 2000, ST_Multi(ST_MakeEnvelope(120.79, 30.90, 120.91, 31.00, 4326))),
       ('bz-2', '吴江—秀洲交界地带', ARRAY['320509', '330411'], 1500, ST_Multi(ST_MakeEnvelope(120.60, 30.80, 120.70, 30.85, 4326))),
       ('bz-3', '吴中—嘉善交界地带', ARRAY['320506', '330421'], 1500, ST_Multi(ST_MakeEnvelope(120.40, 30.80, 120.50, 30.85, 4326)))`,
  );
  await db.query(
    `INSERT INTO crossborder.shared_incidents (id, zone_id, source_district_code, category, occurred_at, location,
       incident_district_code)
     VALUES ('si-1', 'bz-1', '330421', 'THEFT', '2026-03-01T00:00:00Z', ST_SetSRID(ST_MakePoint(120.85, 30.95), 4326), '330421'),
            ('si-3', 'bz-3', '320506', 'FRAUD', '2026-03-02T00:00:00Z', ST_SetSRID(ST_MakePoint(120.45, 30.82), 4326), '320506')`,
  );
  subgraph = await startCrossborderSubgraph(db);
});

beforeEach(async () => {
  await putAgreement(handle.database, { allowedFields: ALLOWED });
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

describe('partner request under its agreement', () => {
  it('answers allowed fields and audits the read', async () => {
    const response = await subgraph.request<{ borderZones: { id: string; name: string }[] }>(
      '{ borderZones { id name } }',
      {},
      partner,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.borderZones).toEqual([
      { id: 'bz-1', name: '吴江—嘉善交界地带' },
      { id: 'bz-3', name: '吴中—嘉善交界地带' },
    ]);
    expect(await lastAuditRecord()).toEqual({
      user_id: PARTNER_IDENTITIES.jiashanAnalyst.sub,
      city: PARTNER_CITY,
      purpose: PURPOSE,
      fields: ['BorderZone.id', 'BorderZone.name', 'Query.borderZones'],
      disclosure: 'RAW',
      reasons: [],
    });
  });

  it('shows a district only the zones on its side', async () => {
    const response = await subgraph.request<{ borderZones: { id: string }[] }>(
      '{ borderZones { id } }',
      {},
      {
        ...partner,
        identity: PARTNER_IDENTITIES.xiuzhouAnalyst,
      },
    );
    expect(response.data?.borderZones).toEqual([{ id: 'bz-2' }]);
  });

  it('refuses a field outside the agreement and audits it', async () => {
    const before = await auditCount();
    const response = await subgraph.request(
      `query Detail { borderZone(id: "bz-1") { ...Zone } }
       fragment Zone on BorderZone { id name incidents { id category location } }`,
      {},
      partner,
    );
    // borderZone is nullable, so the refusal nulls it instead of the whole data.
    expect(response.data).toEqual({ borderZone: null });
    expect(response.errors).toHaveLength(1);
    const error = response.errors?.[0];
    expect(error?.extensions?.code).toBe('FORBIDDEN');
    expect(error?.extensions?.reason).toBe('OUTSIDE_AGREEMENT');
    expect(error?.extensions?.fields).toEqual(['SharedIncident.location']);
    expect(error?.message).toBe(
      '字段 SharedIncident.location 不在与嘉兴市（jiaxing）的共享协议范围内，请求被拒绝；协议允许的字段可用 sharingAgreements 查询',
    );
    expect(await auditCount()).toBe(before + 1);
    expect(await lastAuditRecord()).toEqual({
      user_id: PARTNER_IDENTITIES.jiashanAnalyst.sub,
      city: PARTNER_CITY,
      purpose: PURPOSE,
      fields: ['SharedIncident.location'],
      disclosure: 'DENIED',
      reasons: ['OUTSIDE_AGREEMENT'],
    });
  });

  it('refuses a field outside the agreement inside _entities', async () => {
    const response = await subgraph.request(
      `query ($representations: [_Any!]!) {
         _entities(representations: $representations) { ... on SharedIncident { id location } }
       }`,
      { representations: [{ __typename: 'SharedIncident', id: 'si-1' }] },
      partner,
    );
    expect(response.errors?.[0]?.extensions?.reason).toBe('OUTSIDE_AGREEMENT');
    expect(response.errors?.[0]?.extensions?.fields).toEqual(['SharedIncident.location']);
    expect(JSON.stringify(response.data)).not.toContain('coordinates');
  });

  it('applies the agreement purpose when none is declared', async () => {
    const response = await subgraph.request('{ borderZones { id } }', {}, { city: PARTNER_CITY });
    expect(response.errors).toBeUndefined();
    expect(response.data?.borderZones).toEqual([{ id: 'bz-1' }, { id: 'bz-3' }]);
    const record = await lastAuditRecord();
    expect(record?.purpose).toBeNull();
    expect(record?.disclosure).toBe('RAW');
    expect(record?.reasons).toEqual(['AGREEMENT_PURPOSE']);
  });

  it('refuses every field once the agreement has expired', async () => {
    await putAgreement(handle.database, {
      allowedFields: ALLOWED,
      validFrom: '2025-01-01T00:00:00Z',
      expiresAt: '2026-01-01T00:00:00Z',
    });
    const response = await subgraph.request('{ borderZones { id } }', {}, partner);
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions?.reason).toBe('OUTSIDE_AGREEMENT');
    expect(response.errors?.[0]?.message).toBe(
      '与嘉兴市（jiaxing）的共享协议已于 2026-01-01T00:00:00.000Z 到期，拒绝访问跨界数据：BorderZone.id、Query.borderZones',
    );
    const record = await lastAuditRecord();
    expect(record?.fields).toEqual(['BorderZone.id', 'Query.borderZones']);
    expect(record?.disclosure).toBe('DENIED');
  });

  it('refuses every field without an agreement', async () => {
    await handle.database.query('DELETE FROM crossborder.sharing_agreements');
    const response = await subgraph.request('{ borderZones { id } }', {}, partner);
    expect(response.errors?.[0]?.extensions?.reason).toBe('OUTSIDE_AGREEMENT');
    expect(response.errors?.[0]?.message).toContain('本市与 jiaxing 之间没有共享协议');
  });

  it('lets a partner read only its own agreement, expired or not', async () => {
    await putAgreement(handle.database, { partnerCity: 'huzhou', partnerName: '湖州市', districtCodes: ['330503'] });
    await putAgreement(handle.database, {
      allowedFields: ['Query.borderZones'],
      validFrom: '2025-01-01T00:00:00Z',
      expiresAt: '2026-01-01T00:00:00Z',
    });
    const response = await subgraph.request<{
      sharingAgreements: { partnerCity: string; active: boolean; allowedFields: string[] }[];
    }>('{ sharingAgreements { partnerCity active allowedFields } }', {}, { city: PARTNER_CITY });
    expect(response.errors).toBeUndefined();
    expect(response.data?.sharingAgreements).toEqual([
      { partnerCity: 'jiaxing', active: false, allowedFields: ['Query.borderZones'] },
    ]);
    await handle.database.query(`DELETE FROM crossborder.sharing_agreements WHERE partner_city = 'huzhou'`);
  });
});

describe('own-city users', () => {
  it('see the zones that touch their district', async () => {
    const query = '{ borderZones { id } }';
    const community = await subgraph.request<{ borderZones: { id: string }[] }>(
      query,
      {},
      {
        identity: IDENTITIES.communityAnalyst,
      },
    );
    expect(community.data?.borderZones).toEqual([{ id: 'bz-1' }, { id: 'bz-2' }]);
    const other = await subgraph.request<{ borderZones: { id: string }[] }>(
      query,
      {},
      {
        identity: otherDistrictAnalyst,
      },
    );
    expect(other.data?.borderZones).toEqual([{ id: 'bz-3' }]);
  });

  it('get null for an incident in a zone of another district', async () => {
    const response = await subgraph.request<{ _entities: ({ id: string } | null)[] }>(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on SharedIncident { id } } }`,
      { representations: ['si-1', 'si-3'].map((id) => ({ __typename: 'SharedIncident', id })) },
      { identity: IDENTITIES.districtGovernanceAnalyst },
    );
    expect(response.data?._entities).toEqual([{ id: 'si-1' }, null]);
  });

  it('get null below district level for the other side of the zone', async () => {
    const response = await subgraph.request<{ _entities: ({ id: string } | null)[] }>(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on SharedIncident { id } } }`,
      { representations: [{ __typename: 'SharedIncident', id: 'si-1' }] },
      { identity: IDENTITIES.communityAnalyst },
    );
    expect(response.data?._entities).toEqual([null]);
  });

  it('are refused hotspots of a zone of another district', async () => {
    const response = await subgraph.request(
      '{ borderHotspots(zone: "bz-3") { id } }',
      {},
      {
        identity: IDENTITIES.communityAnalyst,
      },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.extensions?.reason).toBe('OUT_OF_JURISDICTION');
  });

  it('read every agreement', async () => {
    await putAgreement(handle.database, { partnerCity: 'huzhou', partnerName: '湖州市', districtCodes: ['330503'] });
    const response = await subgraph.request<{ sharingAgreements: { partnerCity: string }[] }>(
      '{ sharingAgreements { partnerCity } }',
      {},
      { identity: IDENTITIES.communityAnalyst },
    );
    expect(response.data?.sharingAgreements).toEqual([{ partnerCity: 'huzhou' }, { partnerCity: 'jiaxing' }]);
    await handle.database.query(`DELETE FROM crossborder.sharing_agreements WHERE partner_city = 'huzhou'`);
  });
});

const SET = `mutation Set($input: SharingAgreementInput!) {
  setSharingAgreement(input: $input) {
    partnerCity partnerName districtCodes allowedFields retentionDays validFrom expiresAt active updatedBy
  }
}`;

function agreementInput(overrides: Record<string, unknown> = {}) {
  return {
    partnerCity: 'huzhou',
    partnerName: '湖州市',
    districtCodes: ['330503'],
    allowedFields: ['Query.borderZones', 'BorderZone.id'],
    purpose: '交界地带联合防控',
    retentionDays: 90,
    validFrom: '2026-01-01T00:00:00Z',
    expiresAt: '2099-01-01T00:00:00Z',
    ...overrides,
  };
}

describe('setSharingAgreement', () => {
  it('stores an agreement set by a district commander', async () => {
    const response = await subgraph.request(
      SET,
      { input: agreementInput() },
      {
        identity: IDENTITIES.districtCommander,
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.setSharingAgreement).toEqual({
      partnerCity: 'huzhou',
      partnerName: '湖州市',
      districtCodes: ['330503'],
      allowedFields: ['Query.borderZones', 'BorderZone.id'],
      retentionDays: 90,
      validFrom: '2026-01-01T00:00:00.000Z',
      expiresAt: '2099-01-01T00:00:00.000Z',
      active: true,
      updatedBy: IDENTITIES.districtCommander.sub,
    });
    const replaced = await subgraph.request(
      SET,
      { input: agreementInput({ retentionDays: 7 }) },
      {
        identity: IDENTITIES.districtCommander,
      },
    );
    expect(replaced.data?.setSharingAgreement).toMatchObject({ retentionDays: 7 });
    await handle.database.query(`DELETE FROM crossborder.sharing_agreements WHERE partner_city = 'huzhou'`);
  });

  it.each([
    ['a police analyst', IDENTITIES.districtPoliceAnalyst, undefined],
    ['a community commander', { ...IDENTITIES.communityAnalyst, roles: ['commander'] } as Identity, undefined],
    [
      'a partner city commander',
      { ...PARTNER_IDENTITIES.jiashanAnalyst, roles: ['commander'] } as Identity,
      PARTNER_CITY,
    ],
  ])('refuses %s', async (_, identity, city) => {
    const response = await subgraph.request(SET, { input: agreementInput() }, { identity, city, purpose: PURPOSE });
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.extensions?.reason).toBe('ROLE');
    const { rows } = await handle.database.query(
      `SELECT 1 FROM crossborder.sharing_agreements WHERE partner_city = 'huzhou'`,
    );
    expect(rows).toEqual([]);
  });

  it.each([
    ['retention of 0 days', { retentionDays: 0 }, 'retentionDays 须为 1 到 3650 之间的整数，收到 0'],
    ['retention of 3651 days', { retentionDays: 3651 }, 'retentionDays 须为 1 到 3650 之间的整数，收到 3651'],
    ['expiry before start', { expiresAt: '2025-12-31T00:00:00Z' }, 'expiresAt 须晚于 validFrom'],
    ['an unknown field', { allowedFields: ['SharedIncident.secret'] }, '未知的字段坐标："SharedIncident.secret"'],
    ['an agreement field', { allowedFields: ['Query.sharingAgreements'] }, '未知的字段坐标："Query.sharingAgreements"'],
    ['an own district', { districtCodes: ['320509'] }, '320509 属于本市'],
    ['the own city', { partnerCity: 'wujiang' }, 'partnerCity 不能是本市（wujiang）'],
    ['a short purpose', { purpose: 'x' }, 'purpose 须为 2 到 100 个字符'],
  ])('rejects %s', async (_, overrides, message) => {
    const response = await subgraph.request(
      SET,
      { input: agreementInput(overrides) },
      {
        identity: IDENTITIES.districtCommander,
      },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toContain(message);
  });
});
