/**
 * Who sees which shared incidents in a border zone: district users both sides of it, users below district level
 * only their own unit's; partner hotspots too coarse to place single incidents; ids one district cannot take from
 * another; and partner reads audited with the incidents they returned.
 */
import type { Identity } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITIES } from '../support/access.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import {
  type CrossborderTestSubgraph,
  PARTNER_CITY,
  putAgreement,
  startCrossborderSubgraph,
} from './crossborder-support.js';

let handle: TestDatabase;
let subgraph: CrossborderTestSubgraph;

const COMMUNITY = '320509110001';
const OTHER_COMMUNITY = '320509110002';
const communityAnalyst: Identity = {
  ...IDENTITIES.communityAnalyst,
  sub: 'test.community.110001',
  orgUnit: COMMUNITY,
};
const partner = { city: PARTNER_CITY, purpose: '交界地带联合研判' };

/** Six incidents within 30 m in the community, three in the neighbouring community, two of 嘉善, one without unit. */
const ROWS: [string, string, string | null, number, number][] = [
  ['I320509-c1', '320509', `${COMMUNITY}001`, 120.85, 30.95],
  ['I320509-c2', '320509', `${COMMUNITY}001`, 120.8501, 30.95],
  ['I320509-c3', '320509', `${COMMUNITY}002`, 120.85, 30.9501],
  ['I320509-c4', '320509', COMMUNITY, 120.8502, 30.9501],
  ['I320509-c5', '320509', `${COMMUNITY}001`, 120.8501, 30.9502],
  ['I320509-c6', '320509', `${COMMUNITY}003`, 120.8502, 30.9502],
  ['I320509-o1', '320509', `${OTHER_COMMUNITY}001`, 120.86, 30.96],
  ['I320509-o2', '320509', `${OTHER_COMMUNITY}001`, 120.8601, 30.96],
  ['I320509-o3', '320509', OTHER_COMMUNITY, 120.8601, 30.9601],
  ['I330421-j1', '330421', '330421101001', 120.87, 30.97],
  ['I330421-j2', '330421', null, 120.8701, 30.97],
  ['I320509-d1', '320509', null, 120.88, 30.98],
];

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  const db = handle.database;
  await db.exec(
    'TRUNCATE crossborder.shared_incidents, crossborder.border_zones, crossborder.sharing_agreements, crossborder.retention_log',
  );
  await db.query(
    `INSERT INTO crossborder.border_zones (id, name, district_codes, band_width_m, band) VALUES
       ('bz-1', '吴江—嘉善交界地带', ARRAY['320509', '330421'], 2000, ST_Multi(ST_MakeEnvelope(120.79, 30.90, 120.91, 31.00, 4326)))`,
  );
  for (const [id, district, unit, lon, lat] of ROWS) {
    await db.query(
      `INSERT INTO crossborder.shared_incidents (id, zone_id, source_district_code, category, occurred_at, location,
         incident_district_code, org_unit_code)
       VALUES ($1, 'bz-1', $2, 'THEFT', '2026-03-01T00:00:00Z', ST_SetSRID(ST_MakePoint($4, $5), 4326), $2, $3)`,
      [id, district, unit, lon, lat],
    );
  }
  await putAgreement(db, {
    allowedFields: [
      'Query.borderZones',
      'BorderZone.id',
      'BorderZone.incidents',
      'SharedIncident.id',
      'Query.borderHotspots',
      'Hotspot.id',
      'Hotspot.count',
      'Hotspot.centroid',
      'Mutation.shareIncidents',
      'ShareIncidentsResult.accepted',
      'ShareIncidentsResult.alreadyShared',
    ],
  });
  subgraph = await startCrossborderSubgraph(db);
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

const ZONE_QUERY = '{ borderZones { id incidentCount incidents(first: 100) { id } } }';

interface ZoneAnswer {
  borderZones: { id: string; incidentCount: number; incidents: { id: string }[] }[];
}

function idsOf(answer: ZoneAnswer | null | undefined): string[] {
  return (answer?.borderZones[0]?.incidents ?? []).map((incident) => incident.id).sort();
}

describe('shared incidents by level', () => {
  it('shows a district user both sides of the zone', async () => {
    const response = await subgraph.request<ZoneAnswer>(ZONE_QUERY, {}, { identity: IDENTITIES.districtPoliceAnalyst });
    expect(response.errors).toBeUndefined();
    expect(response.data?.borderZones[0]?.incidentCount).toBe(ROWS.length);
    expect(idsOf(response.data)).toEqual(ROWS.map(([id]) => id).sort());
  });

  it('shows a community user their own unit only', async () => {
    const response = await subgraph.request<ZoneAnswer>(ZONE_QUERY, {}, { identity: communityAnalyst });
    expect(response.errors).toBeUndefined();
    const own = ROWS.filter(([, , unit]) => unit?.startsWith(COMMUNITY)).map(([id]) => id);
    expect(response.data?.borderZones[0]?.incidentCount).toBe(6);
    expect(idsOf(response.data)).toEqual(own.sort());
  });

  it('hides other units from a community user by id', async () => {
    const response = await subgraph.request<{ _entities: ({ id: string } | null)[] }>(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on SharedIncident { id } } }',
      {
        r: [
          { __typename: 'SharedIncident', id: 'I320509-c1' },
          { __typename: 'SharedIncident', id: 'I320509-o1' },
        ],
      },
      { identity: communityAnalyst },
    );
    expect(response.data?._entities).toEqual([{ id: 'I320509-c1' }, null]);
  });

  it('counts a community user hotspots from their own unit', async () => {
    const query = '{ borderHotspots(zone: "bz-1", radiusMetres: 100, minIncidents: 3) { id count } }';
    const community = await subgraph.request<{ borderHotspots: { id: string; count: number }[] }>(
      query,
      {},
      {
        identity: communityAnalyst,
      },
    );
    expect(community.data?.borderHotspots).toEqual([{ id: 'I320509-c1', count: 6 }]);
    const district = await subgraph.request<{ borderHotspots: { id: string; count: number }[] }>(
      query,
      {},
      {
        identity: IDENTITIES.districtPoliceAnalyst,
      },
    );
    expect(district.data?.borderHotspots).toEqual([
      { id: 'I320509-c1', count: 6 },
      { id: 'I320509-o1', count: 3 },
    ]);
  });
});

describe('partner hotspots', () => {
  it('rejects clusters below the floor', async () => {
    const response = await subgraph.request(
      '{ borderHotspots(zone: "bz-1", radiusMetres: 10, minIncidents: 2) { id count } }',
      {},
      partner,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.extensions?.reason).toBe('OUTSIDE_AGREEMENT');
    expect(response.errors?.[0]?.message).toContain('minIncidents 不得小于 5');
  });

  it('gives opaque ids and coarse centroids', async () => {
    const response = await subgraph.request<{
      borderHotspots: { id: string; count: number; centroid: { coordinates: number[] } }[];
    }>('{ borderHotspots(zone: "bz-1", radiusMetres: 100, minIncidents: 5) { id count centroid } }', {}, partner);
    expect(response.errors).toBeUndefined();
    const [hotspot] = response.data?.borderHotspots ?? [];
    expect(hotspot?.count).toBe(6);
    expect(hotspot?.id).toMatch(/^HS-[0-9a-f]{16}$/);
    for (const value of hotspot?.centroid.coordinates ?? []) {
      expect(Math.round(value * 1000) / 1000).toBe(value);
    }
  });

  it('names the incidents a partner read in the audit log', async () => {
    await subgraph.request('{ borderZones { incidents(first: 100) { id } } }', {}, partner);
    const { rows } = await handle.database.query<{ entity_ids: string[]; row_count: number }>(
      `SELECT entity_ids, row_count FROM audit.access_log WHERE subgraph = 'crossborder' AND city = $1
       ORDER BY id DESC LIMIT 1`,
      [PARTNER_CITY],
    );
    expect(rows[0]?.row_count).toBe(ROWS.length);
    expect(rows[0]?.entity_ids).toContain('BorderZone:I320509-c1');
  });
});

describe('shared incident ids', () => {
  const SHARE = `mutation ($incidents: [SharedIncidentInput!]!) {
    shareIncidents(sourceDistrict: "330421", incidents: $incidents) { accepted alreadyShared }
  }`;
  const incident = (id: string) => ({
    id,
    zone: 'bz-1',
    category: 'OTHER',
    occurredAt: '2026-03-02T00:00:00Z',
    lon: 120.87,
    lat: 30.97,
    incidentDistrictCode: '330421',
  });

  it('rejects an id another district shared', async () => {
    const response = await subgraph.request(
      SHARE,
      { incidents: [incident('I330421-new'), incident('I320509-c1')] },
      partner,
    );
    expect(response.errors?.[0]?.extensions?.reason).toBe('ID_TAKEN');
    expect(response.errors?.[0]?.message).toContain('I320509-c1');
    const { rows } = await handle.database.query<{ source: string }>(
      `SELECT source_district_code AS source FROM crossborder.shared_incidents WHERE id IN ('I320509-c1', 'I330421-new')`,
    );
    expect(rows).toEqual([{ source: '320509' }]);
  });

  it('counts a repeat of its own id as already shared', async () => {
    const response = await subgraph.request<{ shareIncidents: { accepted: number; alreadyShared: number } }>(
      SHARE,
      { incidents: [incident('I330421-j1'), incident('I330421-new2')] },
      partner,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.shareIncidents).toEqual({ accepted: 1, alreadyShared: 1 });
  });

  it('rejects a unit outside the incident district', async () => {
    const response = await subgraph.request(
      SHARE,
      { incidents: [{ ...incident('I330421-x'), orgUnit: '320509110001' }] },
      partner,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toContain('不属于案发地区县 330421');
  });
});
