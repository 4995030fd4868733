/**
 * Video alerts through the whole hub: the vendors' REST route `POST /api/video-alerts` and the persisted
 * `IngestVideoAlert` operation, sent by the camera analytics' service account.
 */
import { demoAccounts } from '@lianfang/gateway';
import type { Identity } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRID_WORKER } from '../subgraphs/reports-support.js';
import { isChinese } from '../subgraphs/support.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { appOperation } from '../support/operations.js';

const VIDEO_FEED: Identity = {
  sub: 'video.feed',
  name: '视频分析系统接入账号',
  level: 'DISTRICT',
  orgUnit: '320509',
  department: 'police',
  roles: ['video_feed'],
};

let testHub: TestHub;
let camera: { id: string; community: string };

beforeAll(async () => {
  testHub = await startTestHub({ incidentsPerYear: 200, addressesPerCommunity: 1 });
  const { rows } = await testHub.hub.database.query<{ id: string; community: string }>(
    `SELECT id, org_unit_code AS community FROM police.cameras WHERE id LIKE 'CAM-320509001-%' ORDER BY id LIMIT 1`,
  );
  camera = rows[0] as { id: string; community: string };
});

afterAll(async () => {
  await testHub?.stop();
});

interface RouteAnswer {
  status: number;
  body: {
    alert?: {
      id: string;
      detections: number;
      incident: { id: string; orgUnit: { code: string } } | null;
      patrolZone: { id: string } | null;
      routingNote: string;
    };
    merged?: boolean;
    replayed?: boolean;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

async function post(
  body: unknown,
  identity: Identity | null = VIDEO_FEED,
  contentType: string | null = 'application/json',
): Promise<RouteAnswer> {
  const auth = identity ? await testHub.auth(identity) : {};
  const response = await fetch(`${testHub.hub.gateway.url}/api/video-alerts`, {
    method: 'POST',
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...auth },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as RouteAnswer['body'] };
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('POST /api/video-alerts', () => {
  it('returns 201 for a new alert and 200 for a merge', async () => {
    const created = await post({ cameraId: camera.id, kind: 'LOITERING', detectedAt: minutesAgo(20), confidence: 0.8 });
    expect(created.status).toBe(201);
    expect(created.body.merged).toBe(false);
    expect(created.body.alert?.incident?.orgUnit.code).toBe(camera.community);
    expect(created.body.alert?.patrolZone?.id).toMatch(/^PZ-320509001-\d$/);
    expect(created.body.alert?.routingNote).toContain('巡逻区');

    const merged = await post({ cameraId: camera.id, kind: 'LOITERING', detectedAt: minutesAgo(15), confidence: 0.9 });
    expect(merged.status).toBe(200);
    expect(merged.body.merged).toBe(true);
    expect(merged.body.alert?.id).toBe(created.body.alert?.id);
    expect(merged.body.alert?.detections).toBe(2);
  });

  it('returns 200 for a resent externalId', async () => {
    const body = {
      cameraId: camera.id,
      kind: 'RUNNING',
      detectedAt: minutesAgo(8),
      confidence: 0.5,
      externalId: 'vendor-9f1c',
    };
    const first = await post(body);
    expect(first.status).toBe(201);
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(true);
    expect(again.body.alert?.id).toBe(first.body.alert?.id);
  });

  it.each([
    ['confidence 1.5', { confidence: 1.5 }, 'confidence'],
    ['unknown kind', { kind: 'DANCING' }, 'kind'],
    ['time without zone', { detectedAt: '2026-12-05T08:00:00' }, 'detectedAt'],
    ['unknown field', { camera_id: 'x' }, 'camera_id'],
  ])('returns 400 for %s', async (_name, change, argument) => {
    const answer = await post({
      cameraId: camera.id,
      kind: 'FIGHTING',
      detectedAt: minutesAgo(1),
      confidence: 0.5,
      ...change,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors?.[0]?.extensions?.argument).toBe(argument);
    expect(isChinese(answer.body.errors?.[0]?.message ?? '')).toBe(true);
  });

  it('returns 400 for a future detection', async () => {
    const future = new Date(Date.now() + 60 * 60_000).toISOString();
    const answer = await post({ cameraId: camera.id, kind: 'FIGHTING', detectedAt: future, confidence: 0.5 });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors?.[0]?.message).toContain('detectedAt');
  });

  it('returns 400 for a body that is not JSON', async () => {
    const answer = await post('{"cameraId": ');
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it.each([
    ['text/plain', 'text/plain;charset=UTF-8', 'text/plain'],
    ['form', 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
    ['no Content-Type', null, '未带'],
  ])('returns 415 for a JSON body sent as %s', async (_name, contentType, named) => {
    const body = { cameraId: camera.id, kind: 'FIGHTING', detectedAt: minutesAgo(1), confidence: 0.5 };
    // fetch sends a string body as text/plain unless the request sets a type, so an absent type needs a binary body.
    const answer = await post(
      contentType ? JSON.stringify(body) : Buffer.from(JSON.stringify(body)),
      VIDEO_FEED,
      contentType,
    );
    expect(answer.status).toBe(415);
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_REQUEST', reason: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(answer.body.errors?.[0]?.message).toContain('application/json');
    expect(answer.body.errors?.[0]?.message).toContain(named);
  });

  it('returns 400 for a JSON array', async () => {
    const answer = await post([{ cameraId: camera.id }]);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors?.[0]?.message).toContain('JSON 对象');
  });

  it('returns 413 for a body over 64 KiB', async () => {
    const answer = await post({ cameraId: camera.id, padding: 'x'.repeat(70 * 1024) });
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0]?.extensions?.maxBytes).toBe(64 * 1024);
  });

  it('returns 401 without a token', async () => {
    const answer = await post(
      { cameraId: camera.id, kind: 'FIGHTING', detectedAt: minutesAgo(1), confidence: 0.5 },
      null,
    );
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('returns 403 for a grid worker', async () => {
    const answer = await post(
      { cameraId: camera.id, kind: 'FIGHTING', detectedAt: minutesAgo(1), confidence: 0.5 },
      GRID_WORKER,
    );
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(isChinese(answer.body.errors?.[0]?.message ?? '')).toBe(true);
    // The subgraph's GraphQL error loses its pointers into a query that the REST client never sent.
    expect(Object.keys(answer.body.errors?.[0] ?? {}).sort()).toEqual(['extensions', 'message']);
  });

  it('returns 404 for an unknown camera', async () => {
    const answer = await post({ cameraId: 'CAM-NONE', kind: 'FIGHTING', detectedAt: minutesAgo(1), confidence: 0.5 });
    expect(answer.status).toBe(404);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(answer.body.errors?.[0]).not.toHaveProperty('locations');
    expect(answer.body.errors?.[0]).not.toHaveProperty('path');
  });
});

describe('video alerts through /graphql', () => {
  async function graphql<Data>(query: string, variables: Record<string, unknown>, identity?: Identity) {
    const response = await fetch(`${testHub.hub.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await testHub.auth(identity)) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: Data; errors?: unknown[] } };
  }

  it('runs the persisted IngestVideoAlert', async () => {
    const input = { cameraId: camera.id, kind: 'REPEATED_ENTRY', detectedAt: minutesAgo(4), confidence: 0.7 };
    const answer = await graphql<{ ingestVideoAlert: { merged: boolean; alert: { camera: { id: string } } } }>(
      appOperation('IngestVideoAlert'),
      { input },
      VIDEO_FEED,
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.ingestVideoAlert.merged).toBe(false);
    expect(answer.body.data?.ingestVideoAlert.alert.camera.id).toBe(camera.id);
  });

  it('refuses other persisted operations of the web app to the service account', async () => {
    const answer = await graphql(appOperation('VideoAlerts'), { orgUnit: '320509' }, VIDEO_FEED);
    expect(answer.status).toBe(403);
    expect(answer.body.errors).toMatchObject([
      { extensions: { code: 'FORBIDDEN', reason: 'SERVICE_ACCOUNT_OPERATION' } },
    ]);
  });

  it('rejects free text from the service account', async () => {
    const answer = await graphql('{ cameras(orgUnit: "320509") { id } }', {}, VIDEO_FEED);
    expect(answer.status).toBe(403);
  });

  it('shows the incident to the police analyst', async () => {
    const created = await post({ cameraId: camera.id, kind: 'FIGHTING', detectedAt: minutesAgo(2), confidence: 0.95 });
    expect(created.status).toBe(201);
    const answer = await graphql<{ incidents: { edges: { node: unknown }[] } }>(
      `query ($orgUnit: ID!, $from: DateTime) {
         incidents(orgUnit: $orgUnit, from: $from, categories: [FIGHT]) {
           edges { node { id category status source patrolZone { id } videoAlert { id kind } } }
         }
       }`,
      { orgUnit: camera.community, from: minutesAgo(3) },
    );
    expect(answer.body.errors).toBeUndefined();
    const nodes = answer.body.data?.incidents.edges.map((edge) => edge.node);
    expect(nodes).toEqual([
      {
        id: created.body.alert?.incident?.id,
        category: 'FIGHT',
        status: 'DISPATCHED',
        source: 'VIDEO',
        patrolZone: { id: created.body.alert?.patrolZone?.id },
        videoAlert: { id: created.body.alert?.id, kind: 'FIGHTING' },
      },
    ]);
  });
});

describe('demo accounts', () => {
  it('includes the video feed account', () => {
    const account = demoAccounts('320509').find((candidate) => candidate.sub === 'video.feed');
    expect(account).toMatchObject({
      level: 'DISTRICT',
      orgUnit: '320509',
      department: 'police',
      roles: ['video_feed'],
    });
  });
});
