import type { Identity } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  await handle.database.exec('TRUNCATE crossborder.shared_incidents, crossborder.border_zones');
  await handle.database.query(
    `INSERT INTO crossborder.border_zones (id, name, district_codes, band_width_m, band) VALUES
       ('bz-1', '吴江—嘉善交界地带', ARRAY['320509', '330421'], 2000, ST_Multi(ST_MakeEnvelope(120.79, 30.90, 120.91, 31.00, 4326)))`,
  );
  await putAgreement(handle.database, {
    allowedFields: ['Mutation.shareIncidents', 'ShareIncidentsResult.accepted', 'ShareIncidentsResult.alreadyShared'],
  });
  subgraph = await startCrossborderSubgraph(handle.database);
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

/** The 嘉兴 sharing task's identity for one of its districts. */
function sharer(district: string): Identity {
  return { ...PARTNER_IDENTITIES.jiashanAnalyst, sub: `jx.sharing.${district}`, orgUnit: district };
}

/** Shares as the partner city's task for `district`, with a declared purpose. */
function share(district: string, incidents: unknown[], identity: Identity = sharer(district)) {
  return subgraph.request(
    SHARE,
    { district, incidents },
    { identity, city: PARTNER_CITY, purpose: '交界地带警情共享' },
  );
}

const SHARE = `mutation Share($district: ID!, $incidents: [SharedIncidentInput!]!) {
  shareIncidents(sourceDistrict: $district, incidents: $incidents) { accepted alreadyShared }
}`;

function incident(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    zone: 'bz-1',
    category: 'THEFT',
    occurredAt: '2026-11-01T10:00:00+08:00',
    lon: 120.85,
    lat: 30.95,
    incidentDistrictCode: '330421',
    ...overrides,
  };
}

async function sharedIds(): Promise<string[]> {
  const { rows } = await handle.database.query<{ id: string }>(
    'SELECT id FROM crossborder.shared_incidents ORDER BY id',
  );
  return rows.map((row) => row.id);
}

describe('shareIncidents', () => {
  it('stores a batch and reports how many were new', async () => {
    const response = await share('330421', [incident('J-1'), incident('J-2')]);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ shareIncidents: { accepted: 2, alreadyShared: 0 } });

    const { rows } = await handle.database.query<{ source_district_code: string; incident_district_code: string }>(
      `SELECT source_district_code, incident_district_code FROM crossborder.shared_incidents WHERE id = 'J-1'`,
    );
    expect(rows).toEqual([{ source_district_code: '330421', incident_district_code: '330421' }]);
  });

  it('writes nothing twice for a resent batch', async () => {
    const response = await share('330421', [incident('J-1'), incident('J-3')]);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ shareIncidents: { accepted: 1, alreadyShared: 1 } });
    expect(await sharedIds()).toEqual(['J-1', 'J-2', 'J-3']);
  });

  it.each([
    ['a point outside the zone', '330421', incident('J-9', { lon: 120.5 }), 'J-9（位置不在该交界地带内）'],
    ['an unknown zone', '330421', incident('J-9', { zone: 'bz-x' }), 'J-9（交界地带不存在）'],
    [
      'a source that is not a side',
      '330411',
      incident('J-9'),
      'J-8（共享方不是该交界地带的一方）、J-9（共享方不是该交界地带的一方）',
    ],
    [
      'an incident district that is not a side',
      '330421',
      incident('J-9', { incidentDistrictCode: '330411' }),
      'J-9（案发地区县不是该交界地带的一方）',
    ],
  ])('rejects the whole batch for %s', async (_, district, bad, reason) => {
    const before = await sharedIds();
    const response = await share(district, [incident('J-8'), bad]);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toBe(`共享被拒绝，未写入任何警情：${reason}`);
    expect(await sharedIds()).toEqual(before);
  });

  it.each([
    ['swapped coordinates', incident('J-9', { lon: 30.95, lat: 120.85 }), '经纬度疑似颠倒'],
    ['a future time', incident('J-9', { occurredAt: '2999-01-01T00:00:00Z' }), 'occurredAt 晚于当前时间'],
    ['an id with SQL in it', incident("J-9'; DROP TABLE crossborder.shared_incidents; --"), 'id 须为 1 到 64 位'],
    [
      'a bad district code',
      incident('J-9', { incidentDistrictCode: '3304' }),
      'incidentDistrictCode 须为 6 位区县代码',
    ],
  ])('rejects %s before touching the database', async (_, bad, message) => {
    const before = await sharedIds();
    const response = await share('330421', [bad]);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toContain(message);
    expect(await sharedIds()).toEqual(before);
  });

  it('rejects a duplicate id within one batch', async () => {
    const response = await share('330421', [incident('J-7'), incident('J-7')]);
    expect(response.errors?.[0]?.message).toBe('incidents[1].id J-7 在本次提交中重复');
  });

  it('rejects an empty batch and one over 5,000', async () => {
    const empty = await share('330421', []);
    expect(empty.errors?.[0]?.message).toBe('incidents 的数量 须为 1 到 5000 之间的整数，收到 0');
    const many = Array.from({ length: 5001 }, (_, index) => incident(`M-${index}`));
    const tooMany = await share('330421', many);
    expect(tooMany.errors?.[0]?.message).toBe('incidents 的数量 须为 1 到 5000 之间的整数，收到 5001');
  });

  it('refuses a partner sharing for a district of another user', async () => {
    const before = await sharedIds();
    const response = await share('330421', [incident('J-6')], sharer('330411'));
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.extensions?.reason).toBe('OUT_OF_JURISDICTION');
    expect(await sharedIds()).toEqual(before);
  });

  it('refuses a partner sharing for a district outside its agreement', async () => {
    const response = await share('320509', [incident('J-6')]);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.extensions?.reason).toBe('OUTSIDE_AGREEMENT');
    expect(response.errors?.[0]?.message).toContain('区县 320509 不在与 jiaxing 的共享协议所列区县内');
  });

  it('refuses an own-city user sharing for a partner district', async () => {
    const response = await subgraph.request(
      SHARE,
      { district: '330421', incidents: [incident('J-6')] },
      { identity: IDENTITIES.districtPoliceAnalyst },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.extensions?.reason).toBe('OUT_OF_JURISDICTION');
    expect(await sharedIds()).not.toContain('J-6');
  });
});
