import type { RunningHub } from '@lianfang/hub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';

let testHub: TestHub;
let hub: RunningHub;

beforeAll(async () => {
  testHub = await startTestHub({ incidentsPerYear: 2000, addressesPerCommunity: 4 });
  hub = testHub.hub;
});

afterAll(async () => {
  await testHub?.stop();
});

async function graphql(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(`${hub.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await testHub.auth()), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { data?: unknown; errors?: Record<string, unknown>[] },
  };
}

type Position = [number, number];
type MultiPolygon = { type: 'MultiPolygon'; coordinates: Position[][][] };

/** Even-odd ray casting over every ring, so holes count as outside. */
function insideMultiPolygon([x, y]: Position, geometry: MultiPolygon): boolean {
  let inside = false;
  for (const ring of geometry.coordinates.flat()) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as Position;
      const [xj, yj] = ring[j] as Position;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

describe('gateway', () => {
  it('returns 吴江区 with its 14 street-level units', async () => {
    const { body } = await graphql('{ orgUnit(code: "320509") { name level children { code name level } } }');
    expect(body.errors).toBeUndefined();
    const unit = (
      body.data as { orgUnit: { name: string; level: string; children: { code: string; level: string }[] } }
    ).orgUnit;
    expect(unit.name).toBe('吴江区');
    expect(unit.level).toBe('DISTRICT');
    expect(unit.children).toHaveLength(14);
    expect(unit.children[0]).toEqual({ code: '320509001', name: '松陵街道', level: 'STREET' });
    expect(unit.children.every((child) => child.level === 'STREET')).toBe(true);
  });

  it('places each street label inside its boundary', async () => {
    const { body } = await graphql('{ orgUnit(code: "320509") { children { code boundary labelPoint } } }');
    expect(body.errors).toBeUndefined();
    type Child = { code: string; boundary: MultiPolygon; labelPoint: { type: string; coordinates: Position } };
    const children = (body.data as { orgUnit: { children: Child[] } }).orgUnit.children;
    expect(children).toHaveLength(14);
    const outside = children.filter((child) => !insideMultiPolygon(child.labelPoint.coordinates, child.boundary));
    expect(outside.map((child) => child.code)).toEqual([]);
    expect(children.every((child) => child.labelPoint.type === 'Point')).toBe(true);
  });

  it('answers a bad code with a Chinese message and BAD_USER_INPUT', async () => {
    const { status, body } = await graphql('{ orgUnit(code: "3205") { name } }');
    expect(status).toBe(200);
    expect(body.errors?.[0]).toMatchObject({
      message: 'code 须为行政区划代码（区 6 位、街道 9 位、社区 12 位、网格 15 位数字），收到 "3205"',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('echoes a well-formed request id and replaces a forged one', async () => {
    const kept = await graphql('{ orgUnit(code: "320509") { name } }', {}, { 'x-request-id': 'case-2026-001' });
    expect(kept.headers.get('x-request-id')).toBe('case-2026-001');
    const replaced = await graphql(
      '{ orgUnit(code: "320509") { name } }',
      {},
      { 'x-request-id': 'bad id; with spaces' },
    );
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports every subgraph healthy', async () => {
    const response = await fetch(`${hub.gateway.url}/healthz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { failing: string[] };
    expect(body.failing).toEqual([]);
  });
});

interface AddressResult {
  id: string;
  text: string;
  residents: { idNumber: string }[];
  rental: { rooms: number; tenants: number; subdivided: boolean } | null;
  enterprises: { creditCode: string; status: string }[] | null;
  utilityUsage: { month: string; electricityKwh: number }[] | null;
}

const ADDRESS_FIELDS = `
  id text
  residents { idNumber }
  rental { rooms tenants subdivided }
  enterprises { creditCode status }
  utilityUsage(months: 12) { month electricityKwh }`;

describe('one query across departments', () => {
  it('returns police, housing, market and utilities fields of a community', async () => {
    const { body } = await graphql(
      `query Community($code: ID!) { addresses(orgUnit: $code, first: 30) { totalCount edges { node { ${ADDRESS_FIELDS} } } } }`,
      { code: '320509001001' },
    );
    expect(body.errors).toBeUndefined();
    const connection = (body.data as { addresses: { totalCount: number; edges: { node: AddressResult }[] } }).addresses;
    const addresses = connection.edges.map((edge) => edge.node);

    // Expected values straight from each department's tables.
    const db = hub.database;
    const ids = addresses.map((address) => address.id);
    const police = await db.query<{ id: string; text: string; residents: number }>(
      `SELECT a.id, a.text, (SELECT count(*)::int FROM police.residents r WHERE r.address_id = a.id) AS residents
       FROM police.addresses a WHERE a.community_code = '320509001001' ORDER BY a.id`,
    );
    const rentals = await db.query<{ address_id: string; rooms: number; tenants: number; subdivided: boolean }>(
      'SELECT address_id, rooms, tenants, subdivided FROM housing.rentals WHERE address_id = ANY($1)',
      [ids],
    );
    const enterprises = await db.query<{ address_id: string; credit_code: string }>(
      'SELECT address_id, credit_code FROM market.enterprises WHERE address_id = ANY($1)',
      [ids],
    );
    const readings = await db.query<{ address_id: string; months: number; total: string }>(
      `SELECT address_id, count(*)::int AS months, sum(electricity_kwh)::text AS total
       FROM utilities.meter_readings WHERE address_id = ANY($1) GROUP BY address_id`,
      [ids],
    );

    expect(connection.totalCount).toBe(police.rows.length);
    expect(addresses.map((address) => [address.id, address.text])).toEqual(
      police.rows.map((row) => [row.id, row.text]),
    );
    for (const address of addresses) {
      const residents = police.rows.find((row) => row.id === address.id)?.residents;
      expect(address.residents, address.id).toHaveLength(residents as number);
      for (const resident of address.residents) expect(resident.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);

      const rental = rentals.rows.find((row) => row.address_id === address.id);
      expect(address.rental, address.id).toEqual(
        rental ? { rooms: rental.rooms, tenants: rental.tenants, subdivided: rental.subdivided } : null,
      );
      const codes = enterprises.rows.filter((row) => row.address_id === address.id).map((row) => row.credit_code);
      expect(address.enterprises?.map((enterprise) => enterprise.creditCode).sort(), address.id).toEqual(codes.sort());

      const reading = readings.rows.find((row) => row.address_id === address.id);
      expect(address.utilityUsage, address.id).toHaveLength(reading?.months ?? 0);
      const total = (address.utilityUsage ?? []).reduce((sum, month) => sum + month.electricityKwh, 0);
      expect(total).toBeCloseTo(Number(reading?.total ?? 0), 1);
    }
    expect(rentals.rows.length + enterprises.rows.length).toBeGreaterThan(0);
  });

  it('shows the planted abnormal address with all four signals', async () => {
    const { body } = await graphql(
      `query Planted { address(id: "A-PLANTED-ABNORMAL") { ${ADDRESS_FIELDS} parcelsByMonth(months: 3) { parcels } } }`,
    );
    expect(body.errors).toBeUndefined();
    const address = (body.data as { address: AddressResult & { parcelsByMonth: { parcels: number }[] } }).address;
    expect(address.residents).toHaveLength(9);
    expect(address.enterprises?.map((enterprise) => enterprise.status)).toContain('NEVER_OPERATED');
    expect(address.parcelsByMonth.every((month) => month.parcels >= 60)).toBe(true);

    const usage = await graphql('{ address(id: "A-PLANTED-ABNORMAL") { utilityUsage(months: 3) { ratio } } }');
    const ratios = (usage.body.data as { address: { utilityUsage: { ratio: number }[] } }).address.utilityUsage;
    expect(ratios).toHaveLength(3);
    for (const month of ratios) expect(month.ratio).toBeGreaterThanOrEqual(5);
  });
});

describe('gateway with a subgraph down', () => {
  it('answers the other departments and names the missing one', async () => {
    await hub.stopSubgraph('utilities');

    const down = await graphql(
      '{ address(id: "A-PLANTED-SUBDIVIDED") { id text rental { rooms } utilityUsage(months: 1) { month } } }',
    );
    expect(down.status).toBe(200);
    const address = (down.body.data as { address: { text: string; rental: { rooms: number }; utilityUsage: unknown } })
      .address;
    expect(address.text.length).toBeGreaterThan(0);
    expect(address.rental).toEqual({ rooms: 24 });
    expect(address.utilityUsage).toBeNull();
    const error = down.body.errors?.[0] as { message: string; path: unknown[]; extensions: Record<string, unknown> };
    expect(error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'utilities' });
    expect(error.message).toContain('水电');
    expect(error.path).toEqual(['address', 'utilityUsage']);
    expect(JSON.stringify(down.body)).not.toMatch(/127\.0\.0\.1|localhost|http:\/\/|ECONNREFUSED|\bat /);

    const health = await fetch(`${hub.gateway.url}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { failing: string[] }).failing).toEqual(['utilities']);

    await hub.startSubgraph('utilities');
    const up = await graphql('{ address(id: "A-PLANTED-SUBDIVIDED") { utilityUsage(months: 1) { month } } }');
    expect(up.body.errors).toBeUndefined();
    expect((up.body.data as { address: { utilityUsage: unknown[] } }).address.utilityUsage).toHaveLength(1);
  });

  it('reports the owner of a root field as missing when governance is down', async () => {
    await hub.stopSubgraph('governance');
    const down = await graphql('{ orgUnit(code: "320509") { name } }');
    expect(down.body.errors?.[0]?.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'governance' });
    await hub.startSubgraph('governance');
    const up = await graphql('{ orgUnit(code: "320509") { name } }');
    expect(up.body).toEqual({ data: { orgUnit: { name: '吴江区' } } });
  });
});

describe('subgraph rejections through the gateway', () => {
  it('passes on a DateTime without a time zone as BAD_USER_INPUT in Chinese', async () => {
    const { body } = await graphql(
      'query Window($from: DateTime) { incidents(orgUnit: "320509001", from: $from, first: 1) { totalCount } }',
      {
        from: '2026-11-01T00:00:00',
      },
    );
    expect(body.errors?.[0]).toMatchObject({
      message: 'DateTime 须为带时区的 ISO 8601 时间，收到 "2026-11-01T00:00:00"；例如 2026-12-04T08:00:00+08:00',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('rejects a date that does not exist', async () => {
    const { body } = await graphql(
      'query Window($from: DateTime) { incidents(orgUnit: "320509001", from: $from, first: 1) { totalCount } }',
      {
        from: '2026-02-30T00:00:00Z',
      },
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('rejects a NUL character in an id as BAD_USER_INPUT', async () => {
    const cases = [
      { query: 'query($id: ID!) { address(id: $id) { id } }', variables: { id: 'A\u0000B' }, argument: 'id' },
      { query: 'query($id: ID!) { rental(id: $id) { id } }', variables: { id: '\u0000' }, argument: 'id' },
      { query: '{ borderHotspots(zone: "BZ\\u0000") { id } }', variables: {}, argument: 'zone' },
    ];
    for (const { query, variables, argument } of cases) {
      const { status, body } = await graphql(query, variables);
      expect(status, query).toBe(200);
      expect(body.errors?.[0]?.extensions, query).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(body.errors?.[0]?.message, query).toBe(
        `参数 ${argument} 含有空字符（U+0000），系统不接受该字符；请删除后重试`,
      );
    }
  });

  it('turns off Apollo telemetry before the gateway starts', () => {
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });
});
