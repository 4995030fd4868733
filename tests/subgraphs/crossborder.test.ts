import { crossborderSubgraph } from '@lianfang/subgraph-crossborder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { dataOf, declaresKey, errorOf, offsetMetres, startTestSubgraph, type TestSubgraph } from './support.js';

const centre: [number, number] = [120.85, 30.95];

interface SharedFixture {
  id: string;
  zone: string;
  category: string;
  occurredAt: string;
  /** Metres east and north of the centre. */
  offset: [number, number];
  incidentDistrict: string;
  suspectDistrict: string | null;
}

const shared = (
  id: string,
  offset: [number, number],
  category = 'THEFT',
  occurredAt = '2026-03-10T12:00:00Z',
  districts: [string, string | null] = ['330421', null],
): SharedFixture => ({
  id,
  zone: 'bz-1',
  category,
  occurredAt,
  offset,
  incidentDistrict: districts[0],
  suspectDistrict: districts[1],
});

// Zone bz-1 holds a planted cluster of six incidents within 60 m of the centre in March 2026, with three older ones
// at the same spot. Five scattered incidents lie at least 2 km from everything else, and a chain of three lies
// 250 m apart.
const planted = [
  shared('si-p1', [0, 0]),
  shared('si-p2', [60, 0]),
  shared('si-p3', [0, 60], 'FRAUD'),
  shared('si-p4', [-60, 0]),
  shared('si-p5', [0, -60], 'FRAUD'),
  shared('si-p6', [40, 40]),
];
const older = ['si-o1', 'si-o2', 'si-o3'].map((id, i) => shared(id, [10 * i, 10], 'DRUGS', '2025-01-05T03:00:00Z'));
const scattered = [
  shared('si-s1', [2000, 2000], 'FIGHT', '2026-03-01T00:00:00Z', ['330421', '320509']),
  shared('si-s2', [-2000, 2000], 'FIGHT', '2026-03-02T00:00:00Z', ['320509', '320509']),
  shared('si-s3', [2000, -2000], 'NOISE', '2026-03-03T00:00:00Z', ['320509', null]),
  shared('si-s4', [-2000, -2000], 'OTHER'),
  shared('si-s5', [4000, 0], 'OTHER'),
];
const chain = ['si-c1', 'si-c2', 'si-c3'].map((id, i) => shared(id, [-4000 + 250 * i, 0], 'GAMBLING'));
const elsewhere = { ...shared('si-x1', [0, 0]), zone: 'bz-2' };
const incidents = [...planted, ...older, ...scattered, ...chain, elsewhere];

let handle: TestDatabase;
let subgraph: TestSubgraph;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  const db = handle.database;
  await db.exec('TRUNCATE crossborder.shared_incidents, crossborder.border_zones');
  await db.query(
    `INSERT INTO crossborder.border_zones (id, name, district_codes, band_width_m, band) VALUES
       ('bz-1', '吴江—嘉善交界地带', ARRAY['320509', '330421'], 2000, ST_Multi(ST_MakeEnvelope(120.79, 30.90, 120.91, 31.00, 4326))),
       ('bz-2', '吴江—秀洲交界地带', ARRAY['320509', '330411'], 1500, ST_Multi(ST_MakeEnvelope(120.60, 30.80, 120.70, 30.85, 4326)))`,
  );
  for (const incident of incidents) {
    await db.query(
      `INSERT INTO crossborder.shared_incidents (id, zone_id, source_district_code, category, occurred_at, location,
         incident_district_code, suspect_residence_district_code)
       VALUES ($1, $2, '320509', $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7, $8)`,
      [
        incident.id,
        incident.zone,
        incident.category,
        incident.occurredAt,
        ...offsetMetres(centre, ...incident.offset),
        incident.incidentDistrict,
        incident.suspectDistrict,
      ],
    );
  }
  subgraph = await startTestSubgraph(crossborderSubgraph, db);
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

describe('crossborder entities', () => {
  it('returns its SDL through _service', async () => {
    const data = dataOf(await subgraph.request<{ _service: { sdl: string } }>('{ _service { sdl } }'));
    expect(declaresKey(data._service.sdl, 'BorderZone', 'id')).toBe(true);
    expect(declaresKey(data._service.sdl, 'SharedIncident', 'id')).toBe(true);
  });

  it('resolves BorderZones with counts', async () => {
    const data = dataOf(
      await subgraph.request<{ _entities: (Record<string, unknown> | null)[] }>(
        `query ($representations: [_Any!]!) {
           _entities(representations: $representations) {
             ... on BorderZone {
               id name districtCodes districts { code } bandWidthMetres band incidentCount
               march: incidentCount(from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z")
             }
           }
         }`,
        { representations: ['bz-1', 'bz-none', 'bz-2'].map((id) => ({ __typename: 'BorderZone', id })) },
      ),
    );
    expect(data._entities[0]).toMatchObject({
      id: 'bz-1',
      name: '吴江—嘉善交界地带',
      districtCodes: ['320509', '330421'],
      districts: [{ code: '320509' }, { code: '330421' }],
      bandWidthMetres: 2000,
      incidentCount: incidents.length - 1,
      march: incidents.length - 1 - older.length,
    });
    expect((data._entities[0]?.band as { type: string } | undefined)?.type).toBe('MultiPolygon');
    expect(data._entities[1]).toBeNull();
    expect(data._entities[2]).toMatchObject({ id: 'bz-2', incidentCount: 1, march: 1 });
  });

  it('resolves SharedIncidents with lead and assist districts', async () => {
    const data = dataOf(
      await subgraph.request<{ _entities: Record<string, unknown>[] }>(
        `query ($representations: [_Any!]!) {
           _entities(representations: $representations) {
             ... on SharedIncident {
               id zone { id } category occurredAt location sourceDistrictCode leadDistrictCode assistDistrictCode
             }
           }
         }`,
        { representations: ['si-s1', 'si-s2', 'si-s3'].map((id) => ({ __typename: 'SharedIncident', id })) },
      ),
    );
    expect(
      data._entities.map((incident) => [incident.id, incident.leadDistrictCode, incident.assistDistrictCode]),
    ).toEqual([
      ['si-s1', '330421', '320509'],
      ['si-s2', '320509', null],
      ['si-s3', '320509', null],
    ]);
    const [first] = data._entities;
    expect(first).toMatchObject({
      zone: { id: 'bz-1' },
      category: 'FIGHT',
      occurredAt: '2026-03-01T00:00:00.000Z',
      sourceDistrictCode: '320509',
    });
    const [lon, lat] = offsetMetres(centre, 2000, 2000);
    const point = (first?.location as { coordinates: [number, number] } | undefined)?.coordinates ?? [];
    expect(point[0]).toBeCloseTo(lon, 6);
    expect(point[1]).toBeCloseTo(lat, 6);
  });

  it('lists the newest incidents of a zone', async () => {
    const data = dataOf(
      await subgraph.request<{ borderZone: { incidents: { id: string }[] } }>(
        '{ borderZone(id: "bz-1") { incidents(from: "2026-03-01T00:00:00Z", to: "2026-03-03T00:00:00Z") { id } } }',
      ),
    );
    expect(data.borderZone.incidents.map((incident) => incident.id)).toEqual(['si-s2', 'si-s1']);
  });

  it('lists every zone', async () => {
    const data = dataOf(await subgraph.request<{ borderZones: { id: string }[] }>('{ borderZones { id } }'));
    expect(data.borderZones).toEqual([{ id: 'bz-1' }, { id: 'bz-2' }]);
  });
});

const HOTSPOTS = `query ($zone: ID!, $from: DateTime, $to: DateTime, $radius: Float, $min: Int) {
  borderHotspots(zone: $zone, from: $from, to: $to, radiusMetres: $radius, minIncidents: $min) {
    id count centroid area categories { category count }
  }
}`;

interface Hotspot {
  id: string;
  count: number;
  centroid: { type: string; coordinates: [number, number] };
  area: { type: string; coordinates: number[][][] };
  categories: { category: string; count: number }[];
}

const hotspots = async (variables: Record<string, unknown>) =>
  dataOf(await subgraph.request<{ borderHotspots: Hotspot[] }>(HOTSPOTS, { zone: 'bz-1', ...variables }))
    .borderHotspots;

/** True when the point `offset` metres from the centre lies inside the polygon, as PostGIS decides it. */
async function contains(area: Hotspot['area'], offset: [number, number]): Promise<boolean> {
  const { rows } = await handle.database.query<{ inside: boolean }>(
    'SELECT ST_Contains(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), ST_SetSRID(ST_MakePoint($2, $3), 4326)) AS inside',
    [JSON.stringify(area), ...offsetMetres(centre, ...offset)],
  );
  return rows[0]?.inside === true;
}

describe('borderHotspots query', () => {
  it('finds the planted cluster and ignores scattered points', async () => {
    const found = await hotspots({ from: '2026-01-01T00:00:00Z' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      id: 'si-p1',
      count: 6,
      categories: [
        { category: 'THEFT', count: 4 },
        { category: 'FRAUD', count: 2 },
      ],
    });
    const [lon, lat] = offsetMetres(centre, 40 / 6, 40 / 6);
    expect(found[0]?.centroid.coordinates[0]).toBeCloseTo(lon, 6);
    expect(found[0]?.centroid.coordinates[1]).toBeCloseTo(lat, 6);
  });

  it('counts older incidents when the window includes them', async () => {
    const found = await hotspots({});
    expect(found.map((hotspot) => hotspot.count)).toEqual([9]);
    expect(found[0]?.categories[0]).toEqual({ category: 'THEFT', count: 4 });
    const none = await hotspots({ to: '2025-01-01T00:00:00Z' });
    expect(none).toEqual([]);
  });

  it('buffers the hull of the cluster by 50 m', async () => {
    const [hotspot] = await hotspots({ from: '2026-01-01T00:00:00Z' });
    const area = hotspot?.area as Hotspot['area'];
    expect(area.type).toBe('Polygon');
    for (const incident of planted) expect(await contains(area, incident.offset), incident.id).toBe(true);
    // The easternmost member is 60 m east of the centre.
    expect(await contains(area, [100, 0])).toBe(true);
    expect(await contains(area, [125, 0])).toBe(false);
  });

  it('measures the radius in metres', async () => {
    const at300 = await hotspots({ radius: 300, min: 2, from: '2026-01-01T00:00:00Z' });
    expect(at300.map((hotspot) => [hotspot.id, hotspot.count])).toEqual([
      ['si-p1', 6],
      ['si-c1', 3],
    ]);
    const at200 = await hotspots({ radius: 200, min: 2, from: '2026-01-01T00:00:00Z' });
    expect(at200.map((hotspot) => [hotspot.id, hotspot.count])).toEqual([['si-p1', 6]]);
  });

  it('rejects a radius outside 10..5000 m', async () => {
    for (const radius of [9.9, 5001]) {
      const error = errorOf(await subgraph.request(HOTSPOTS, { zone: 'bz-1', radius }));
      expect(error.extensions?.code, String(radius)).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('10 到 5000 米');
    }
  });

  it('rejects minIncidents outside 2..1000', async () => {
    for (const min of [1, 1001]) {
      const error = errorOf(await subgraph.request(HOTSPOTS, { zone: 'bz-1', min }));
      expect(error.extensions?.code, String(min)).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('2 到 1000');
    }
  });

  it('rejects from after to', async () => {
    const error = errorOf(
      await subgraph.request(HOTSPOTS, { zone: 'bz-1', from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }),
    );
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('from 须早于或等于 to');
  });

  it('reports an unknown zone as NOT_FOUND', async () => {
    const error = errorOf(await subgraph.request(HOTSPOTS, { zone: 'bz-404' }));
    expect(error.extensions?.code).toBe('NOT_FOUND');
    expect(error.message).toContain('"bz-404"');
  });
});
