import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRID_WORKER, OTHER_COMMUNITY_STAFF } from '../subgraphs/reports-support.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { pngBytes } from '../support/images.js';
import { appOperation } from '../support/operations.js';
import { type Point, pointInside } from '../support/places.js';

// Reports through the whole hub: the web app's SubmitReport operation and /api/photos, sent as a grid worker.

let testHub: TestHub;
let point: Point;

beforeAll(async () => {
  testHub = await startTestHub({ incidentsPerYear: 200, addressesPerCommunity: 1 });
  point = await pointInside(testHub.hub.database, '320509001001001');
});

afterAll(async () => {
  await testHub?.stop();
});

interface SubmitResponse {
  data?: { submitReport: { replayed: boolean; event: { id: string; status: string; orgUnit: { code: string } } } };
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function submit(input: Record<string, unknown>): Promise<SubmitResponse> {
  const response = await fetch(`${testHub.hub.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await testHub.auth(GRID_WORKER)) },
    body: JSON.stringify({ query: appOperation('SubmitReport'), variables: { input } }),
  });
  return (await response.json()) as SubmitResponse;
}

function submitted(response: SubmitResponse) {
  if (response.errors?.length || !response.data) {
    throw new Error(`Submission failed: ${JSON.stringify(response.errors)}`);
  }
  return response.data.submitReport;
}

function input(key: string, description = '3号楼楼道里堆放了两个煤气罐', photoIds: string[] = []) {
  return {
    idempotencyKey: key,
    description,
    location: { longitude: point[0], latitude: point[1], crs: 'WGS84', source: 'DEVICE' },
    photoIds,
  };
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await testHub.hub.database.query<{ count: number }>(sql, params);
  return rows[0]?.count ?? -1;
}

const countEvents = () => count('SELECT count(*)::int AS count FROM governance.events');

describe('SubmitReport through the gateway', () => {
  it('replays the same idempotency key', async () => {
    const before = await countEvents();
    const first = submitted(await submit(input('gateway-replay-0001')));
    const second = submitted(await submit(input('gateway-replay-0001')));

    expect(first.replayed).toBe(false);
    expect(first.event.status).toBe('DISPATCHED');
    expect(second.replayed).toBe(true);
    expect(second.event.id).toBe(first.event.id);
    expect(await countEvents()).toBe(before + 1);
    expect(
      await count(
        "SELECT count(*)::int AS count FROM governance.events WHERE reported_by = 'grid.worker' AND idempotency_key = $1",
        ['gateway-replay-0001'],
      ),
    ).toBe(1);
  });

  // The embedded backend runs one transaction at a time. Alone this took 9 s there, but over 60 s while other test
  // files ran on the same two cores.
  it('stores 200 concurrent reports', { timeout: 300_000 }, async () => {
    const before = await countEvents();
    const reportsBefore = await count(
      "SELECT count(*)::int AS count FROM governance.event_timeline WHERE action = 'REPORT'",
    );
    const keys = Array.from({ length: 200 }, (_, index) => `gateway-burst-${String(index).padStart(4, '0')}`);
    const responses = await Promise.all(keys.map((key) => submit(input(key, `第 ${key} 号上报：楼道堆放杂物`))));

    const ids = responses.map((response) => submitted(response).event.id);
    expect(new Set(ids).size).toBe(200);
    expect(await countEvents()).toBe(before + 200);
    expect(await count("SELECT count(*)::int AS count FROM governance.event_timeline WHERE action = 'REPORT'")).toBe(
      reportsBefore + 200,
    );
    expect(
      await count(
        `SELECT count(*)::int AS count FROM governance.event_timeline t JOIN governance.events e ON e.id = t.event_id
         WHERE t.action = 'REPORT' AND e.idempotency_key LIKE 'gateway-burst-%'`,
      ),
    ).toBe(200);
  });

  it('attaches a photo uploaded through /api/photos', async () => {
    const bytes = pngBytes(8, 8, 42);
    const upload = await fetch(`${testHub.hub.gateway.url}/api/photos`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', ...(await testHub.auth(GRID_WORKER)) },
      body: bytes,
    });
    expect(upload.status).toBe(201);
    const photo = (await upload.json()) as { id: string; byteSize: number; contentType: string };
    expect(photo.byteSize).toBe(bytes.length);
    expect(photo.contentType).toBe('image/png');

    const report = submitted(await submit(input('gateway-photo-0001', '楼道飞线充电', [photo.id])));
    expect(
      await count('SELECT count(*)::int AS count FROM governance.report_photos WHERE event_id = $1', [report.event.id]),
    ).toBe(1);

    const own = await fetch(`${testHub.hub.gateway.url}/api/photos/${photo.id}`, {
      headers: await testHub.auth(GRID_WORKER),
    });
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/png');
    expect(own.headers.get('cache-control')).toBe('private, max-age=3600');
    expect(own.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await own.arrayBuffer()).equals(bytes)).toBe(true);

    const other = await fetch(`${testHub.hub.gateway.url}/api/photos/${photo.id}`, {
      headers: await testHub.auth(OTHER_COMMUNITY_STAFF),
    });
    expect(other.status).toBe(404);
    const body = (await other.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('NOT_FOUND');
  });
});
