/**
 * Live updates on a running hub: rows written to governance.events and governance.tasks reach the subscribers of
 * `/graphql/stream` whose jurisdiction contains them, through the database's notifications, at any gateway.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, workspaceRoot } from '@lianfang/db';
import {
  CACHE_HEADER,
  type LiveChange,
  type LiveResultError,
  type LiveStream,
  LiveStreamError,
  MAX_STREAMS_PER_USER,
  openLiveStream,
  type RunningGateway,
  startGateway,
} from '@lianfang/gateway';
import type { RunningHub } from '@lianfang/hub';
import type { Identity } from '@lianfang/subgraph-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITIES } from '../support/access.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { appOperation } from '../support/operations.js';

const OWN_COMMUNITY = '320509001001';
const OTHER_COMMUNITY = '320509001002';
const STREET = '320509001';

const communityWorker: Identity = {
  sub: 'test.live.grid',
  name: '测试社区网格员',
  level: 'COMMUNITY',
  orgUnit: OWN_COMMUNITY,
  department: 'governance',
  roles: ['grid_worker'],
};
const districtCommander: Identity = IDENTITIES.districtCommander;

let testHub: TestHub;
let hub: RunningHub;
const streams: LiveStream[] = [];
let nextId = 0;

beforeAll(async () => {
  testHub = await startTestHub({ incidentsPerYear: 200, addressesPerCommunity: 1 });
  hub = testHub.hub;
  await waitUntilWatched(hub.gateway.url);
});

afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

afterAll(async () => {
  await testHub?.stop();
});

/** Waits until the gateway follows the governance subgraph's change stream; notices before that are not seen. */
async function waitUntilWatched(gatewayUrl: string): Promise<void> {
  for (let waited = 0; ; waited += 100) {
    const body = (await (await fetch(`${gatewayUrl}/healthz`)).json()) as {
      subgraphs: { name: string; changesWatched?: boolean }[];
    };
    if (body.subgraphs.some((subgraph) => subgraph.name === 'governance' && subgraph.changesWatched)) return;
    if (waited > 15_000) throw new Error(`The gateway at ${gatewayUrl} did not follow governance within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Subscribes as `identity` and collects the changes it receives. */
async function subscribe(identity: Identity, gatewayUrl = hub.gateway.url, kinds?: LiveChange['kind'][]) {
  const changes: LiveChange[] = [];
  const stream = await openLiveStream({
    gatewayUrl,
    headers: await testHub.auth(identity),
    kinds,
    onChange: (change) => changes.push(change),
  });
  streams.push(stream);
  return { changes, stream };
}

/** Waits until `changes` contains one matching `match` and returns it. */
async function received(changes: LiveChange[], match: Partial<LiveChange>): Promise<LiveChange> {
  await expect.poll(() => changes.some((change) => matches(change, match)), { timeout: 10_000 }).toBe(true);
  return changes.find((change) => matches(change, match)) as LiveChange;
}

function matches(change: LiveChange, match: Partial<LiveChange>): boolean {
  return Object.entries(match).every(([key, value]) => change[key as keyof LiveChange] === value);
}

function newEventId(): string {
  nextId += 1;
  return `live-test-${Date.now()}-${nextId}`;
}

/** Inserts events by SQL, in one statement, and returns their ids. */
async function insertEvents(orgUnit: string, count = 1): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newEventId());
  await hub.database.query(
    `INSERT INTO governance.events (id, source, category, severity, description, location, input_crs,
       location_source, org_unit_code, status, reported_by, reporter_name, reporter_org_unit)
     SELECT id, 'GRID_REPORT', 'NOISE_DISPUTE', 'MINOR', '测试：楼上深夜噪声扰民', ST_SetSRID(ST_MakePoint(120.64, 31.16), 4326),
       'WGS84', 'DEVICE', $2, 'REPORTED', 'test.live.grid', '测试社区网格员', $2
     FROM unnest($1::text[]) AS id`,
    [ids, orgUnit],
  );
  return ids;
}

async function insertTask(eventId: string, orgUnit: string, department: string): Promise<string> {
  const id = newEventId().replace('live-test', 'live-task');
  await hub.database.query(
    `INSERT INTO governance.tasks (id, event_id, department, org_unit_code, role, status, deadline, dispatched_at)
     VALUES ($1, $2, $3, $4, 'LEAD', 'DISPATCHED', now() + interval '1 day', now())`,
    [id, eventId, department, orgUnit],
  );
  return id;
}

/** Sends `query` to `/graphql` as the district commander's analyst colleague, who may run any operation. */
async function graphql(query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${hub.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await testHub.auth(IDENTITIES.districtGovernanceAnalyst)) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  return { cache: response.headers.get(CACHE_HEADER), body };
}

function totalCount(data: Record<string, unknown> | undefined): number | undefined {
  return (data?.events as { totalCount?: number } | undefined)?.totalCount;
}

describe('live updates scope', () => {
  it('delivers own community only', async () => {
    const community = await subscribe(communityWorker);
    const [other] = await insertEvents(OTHER_COMMUNITY);
    const [own] = await insertEvents(OWN_COMMUNITY);

    const change = await received(community.changes, { id: own });
    expect(change.kind).toBe('EVENT');
    expect(change.action).toBe('CREATED');
    expect(change.orgUnits).toEqual([OWN_COMMUNITY]);
    expect(change.status).toBe('REPORTED');
    expect(change.category).toBe('NOISE_DISPUTE');
    expect(Number.isNaN(Date.parse(change.at))).toBe(false);
    // Notices reach a gateway in commit order, so the other community's change would have come first.
    expect(community.changes.map((received) => received.id)).not.toContain(other);
  });

  it('delivers every community to a district', async () => {
    const district = await subscribe(districtCommander);
    const [first] = await insertEvents(OTHER_COMMUNITY);
    const [second] = await insertEvents(OWN_COMMUNITY);

    expect((await received(district.changes, { id: first })).orgUnits).toEqual([OTHER_COMMUNITY]);
    expect((await received(district.changes, { id: second })).orgUnits).toEqual([OWN_COMMUNITY]);
  });

  it('reports status updates as UPDATED', async () => {
    const district = await subscribe(districtCommander);
    const [id] = await insertEvents(OWN_COMMUNITY);
    await received(district.changes, { id, action: 'CREATED' });
    await hub.database.query(`UPDATE governance.events SET status = 'DISPATCHED' WHERE id = $1`, [id]);

    const update = await received(district.changes, { id, action: 'UPDATED' });
    expect(update.status).toBe('DISPATCHED');
  });

  it('shows task units within jurisdiction', async () => {
    const community = await subscribe(communityWorker);
    const district = await subscribe(districtCommander, hub.gateway.url, ['TASK']);
    const [eventId] = await insertEvents(OWN_COMMUNITY);
    const taskId = await insertTask(eventId as string, STREET, 'urban_management');

    const seenByCommunity = await received(community.changes, { id: taskId });
    expect(seenByCommunity.kind).toBe('TASK');
    expect(seenByCommunity.eventId).toBe(eventId);
    expect(seenByCommunity.department).toBe('urban_management');
    expect(seenByCommunity.orgUnits).toEqual([OWN_COMMUNITY]);
    const seenByDistrict = await received(district.changes, { id: taskId });
    expect(seenByDistrict.orgUnits).toEqual([OWN_COMMUNITY, STREET]);
    // The district asked for tasks only, so the task's event never reached it.
    expect(district.changes.every((change) => change.kind === 'TASK')).toBe(true);
  });

  it('sends tasks of own department only', async () => {
    const fireStaff: Identity = {
      sub: 'test.live.fire',
      name: '测试消防街道人员',
      level: 'STREET',
      orgUnit: STREET,
      department: 'fire',
      roles: ['staff'],
    };
    const fire = await subscribe(fireStaff, hub.gateway.url, ['TASK']);
    const governance = await subscribe(districtCommander, hub.gateway.url, ['TASK']);
    const [eventId] = await insertEvents(OWN_COMMUNITY);
    const policeTask = await insertTask(eventId as string, STREET, 'police');
    const fireTask = await insertTask(eventId as string, STREET, 'fire');

    expect((await received(fire.changes, { id: fireTask })).department).toBe('fire');
    // Notices reach a gateway in commit order, so the police task's change would have come first.
    expect(fire.changes.map((change) => change.id)).not.toContain(policeTask);
    expect((await received(governance.changes, { id: policeTask })).department).toBe('police');
    expect((await received(governance.changes, { id: fireTask })).department).toBe('fire');
  });

  it('announces incident updates', async () => {
    const district = await subscribe(districtCommander, hub.gateway.url, ['INCIDENT']);
    const { rows } = await hub.database.query<{ id: string; org_unit_code: string; status: string }>(
      `UPDATE police.incidents SET status = status
       WHERE id = (SELECT id FROM police.incidents WHERE org_unit_code LIKE '320509%' ORDER BY id LIMIT 1)
       RETURNING id, org_unit_code, status`,
    );
    const incident = rows[0] as { id: string; org_unit_code: string; status: string };

    const change = await received(district.changes, { id: incident.id });
    expect(change.kind).toBe('INCIDENT');
    expect(change.action).toBe('UPDATED');
    expect(change.orgUnits).toEqual([incident.org_unit_code]);
    expect(change.status).toBe(incident.status);
  });

  it('turns a bulk insert into one RESYNC', async () => {
    const community = await subscribe(communityWorker);
    const bulk = await insertEvents(OTHER_COMMUNITY, 60);
    const [marker] = await insertEvents(OWN_COMMUNITY);
    await received(community.changes, { id: marker });
    // The RESYNC may be held back by up to a second when another bulk write was announced just before.
    await received(community.changes, { action: 'RESYNC', kind: 'EVENT' });

    const resyncs = community.changes.filter((change) => change.action === 'RESYNC');
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]?.orgUnits).toEqual([]);
    expect(resyncs[0]?.id).toBeNull();
    expect(community.changes.some((change) => bulk.includes(change.id ?? ''))).toBe(false);
  });
});

describe('live updates from a report', () => {
  it('announces a submitted report', async () => {
    const gridWorker: Identity = {
      sub: 'test.live.reporter',
      name: '测试网格员',
      level: 'GRID',
      orgUnit: `${OWN_COMMUNITY}001`,
      department: 'governance',
      roles: ['grid_worker'],
    };
    const streetCommander: Identity = { ...districtCommander, level: 'STREET', orgUnit: STREET };
    const street = await subscribe(streetCommander);
    const { rows } = await hub.database.query<{ longitude: number; latitude: number }>(
      `SELECT ST_X(point) AS longitude, ST_Y(point) AS latitude
       FROM (SELECT ST_PointOnSurface(boundary) AS point FROM governance.org_units WHERE code = $1) AS grid`,
      [gridWorker.orgUnit],
    );
    const response = await fetch(`${hub.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await testHub.auth(gridWorker)) },
      body: JSON.stringify({
        query: appOperation('SubmitReport'),
        variables: {
          input: {
            idempotencyKey: `live-report-${Date.now()}`,
            description: '楼道里堆放了煤气罐和杂物',
            location: { ...rows[0], crs: 'WGS84', source: 'DEVICE' },
          },
        },
      }),
    });
    const body = (await response.json()) as { data?: { submitReport: { event: { id: string } } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const eventId = body.data?.submitReport.event.id as string;

    const created = await received(street.changes, { kind: 'EVENT', id: eventId });
    expect(created.action).toBe('CREATED');
    expect(created.orgUnits).toEqual([gridWorker.orgUnit]);
    // The responsibility list dispatches tasks in the same transaction, and their notices follow the event's.
    const task = await received(street.changes, { kind: 'TASK', eventId });
    expect(task.action).toBe('CREATED');
  });
});

describe('live updates endpoint', () => {
  it('rejects a missing token with 401', async () => {
    const response = await fetch(`${hub.gateway.url}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { liveChanges { id } }' }),
    });
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(response.status).toBe(401);
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0]?.message).toMatch(/登录/);
  });

  it('rejects the video feed account with 403', async () => {
    const rejection = await subscribe(IDENTITIES.videoFeed).catch((error: unknown) => error);
    expect(rejection).toBeInstanceOf(LiveStreamError);
    expect((rejection as LiveStreamError).status).toBe(403);
    const error = JSON.parse((rejection as LiveStreamError).body).errors[0];
    expect(error.extensions).toEqual({ code: 'FORBIDDEN', reason: 'SERVICE_ACCOUNT_OPERATION' });
    expect(error.message).toContain('视频告警');
  });

  it('limits open streams per user', async () => {
    // A user of its own, so streams that earlier tests closed and the gateway has not yet counted do not interfere.
    const busyWorker: Identity = { ...communityWorker, sub: 'test.live.many-tabs' };
    const opened: LiveStream[] = [];
    for (let index = 0; index < MAX_STREAMS_PER_USER; index += 1) {
      opened.push((await subscribe(busyWorker)).stream);
    }
    const rejection = await subscribe(busyWorker).catch((error: unknown) => error);
    expect(rejection).toBeInstanceOf(LiveStreamError);
    expect((rejection as LiveStreamError).status).toBe(429);
    expect(JSON.parse((rejection as LiveStreamError).body).errors[0].extensions.code).toBe('TOO_MANY_STREAMS');

    // Another user is not affected, and a closed stream frees its place.
    await expect(subscribe(districtCommander)).resolves.toBeDefined();
    opened[0]?.close();
    await expect
      .poll(async () => (await subscribe(busyWorker).catch(() => undefined)) !== undefined, { timeout: 5_000 })
      .toBe(true);
  });

  it('rejects queries and long operations', async () => {
    const post = async (query: string) => {
      const response = await fetch(`${hub.gateway.url}/graphql/stream`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(await testHub.auth(districtCommander)),
        },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors: { extensions: { reason?: string; code: string } }[] };
      return { status: response.status, error: body.errors[0]?.extensions };
    };

    const query = await post('{ liveKinds }');
    expect(query.status).toBe(400);
    expect(query.error?.reason).toBe('SUBSCRIPTION_REQUIRED');
    const long = await post(`subscription { liveChanges { id ${'status '.repeat(300)} } }`);
    expect(long.status).toBe(413);
    expect(long.error?.reason).toBe('OPERATION_TOO_LARGE');
    const body = await post(`subscription { liveChanges { id } } # ${'x'.repeat(20_000)}`);
    expect(body.status).toBe(413);
    expect(body.error?.reason).toBe('BODY_TOO_LARGE');
    const invalid = await post('subscription { liveChanges { secret } }');
    expect(invalid.status).toBe(400);
    expect(invalid.error?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('keeps /graphql free of subscriptions', async () => {
    const { body } = await graphql('subscription { liveChanges { id } }', {});
    expect(body.errors).toBeDefined();
    expect(body.data).toBeUndefined();
  });
});

describe('live updates across gateways', () => {
  let second: RunningGateway | undefined;

  afterAll(async () => {
    await second?.stop();
  });

  it('delivers at a second gateway', async () => {
    const urls = Object.fromEntries([...hub.subgraphs].map(([name, running]) => [name, running.url]));
    second = await startGateway({
      supergraphSdl: readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8'),
      subgraphUrls: urls,
      port: 0,
      logger: createLogger('test'),
      access: await testHub.gatewayAccess(),
    });
    const gatewayUrl = second.url;
    await waitUntilWatched(gatewayUrl);
    const atSecond = await subscribe(districtCommander, gatewayUrl);

    const [id] = await insertEvents(OWN_COMMUNITY);
    expect((await received(atSecond.changes, { id })).action).toBe('CREATED');
  });

  it('refetch after a notice is fresh', async () => {
    const district = await subscribe(districtCommander);
    const query = 'query Events($orgUnit: ID!) { events(orgUnit: $orgUnit, first: 200) { totalCount } }';
    const before = await graphql(query, { orgUnit: OWN_COMMUNITY });
    expect(before.body.errors).toBeUndefined();
    expect((await graphql(query, { orgUnit: OWN_COMMUNITY })).cache).toBe('hit');
    const count = totalCount(before.body.data) as number;
    expect(count).toBeTypeOf('number');

    const [id] = await insertEvents(OWN_COMMUNITY);
    await received(district.changes, { id });
    const after = await graphql(query, { orgUnit: OWN_COMMUNITY });
    expect(after.cache).not.toBe('hit');
    expect(totalCount(after.body.data)).toBe(count + 1);
  });
});

describe('live updates after logout', () => {
  /** Interval of the token checks at this test's gateway; the hub's gateway checks every 15 s. */
  const CHECK_INTERVAL_MS = 200;
  let gateway: RunningGateway | undefined;

  afterAll(async () => {
    await gateway?.stop();
  });

  /** Opens a stream with a token of its own, which the test may revoke without affecting other tests. */
  async function openWithOwnToken(gatewayUrl: string, identity: Identity) {
    const headers = { authorization: `Bearer ${await hub.issueToken(identity)}` };
    const changes: LiveChange[] = [];
    const errors: LiveResultError[] = [];
    const stream = await openLiveStream({
      gatewayUrl,
      headers,
      onChange: (change) => changes.push(change),
      onErrors: (received) => errors.push(...received),
    });
    streams.push(stream);
    let ended = false;
    void stream.closed.then(() => {
      ended = true;
    });
    return { headers, changes, errors, isEnded: () => ended };
  }

  it('ends the stream of a logged-out token', async () => {
    const urls = Object.fromEntries([...hub.subgraphs].map(([name, running]) => [name, running.url]));
    gateway = await startGateway({
      supergraphSdl: readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8'),
      subgraphUrls: urls,
      port: 0,
      logger: createLogger('test'),
      access: await testHub.gatewayAccess({ withDatabase: true }),
      liveTokenCheckIntervalMs: CHECK_INTERVAL_MS,
    });
    await waitUntilWatched(gateway.url);
    // Two tokens of the same user: logging out one leaves the other's stream open.
    const leaving = await openWithOwnToken(gateway.url, districtCommander);
    const staying = await openWithOwnToken(gateway.url, districtCommander);

    const logout = await fetch(`${gateway.url}/auth/logout`, { method: 'POST', headers: leaving.headers });
    expect(logout.status).toBe(204);
    await expect.poll(leaving.isEnded, { timeout: 10 * CHECK_INTERVAL_MS }).toBe(true);
    expect(leaving.errors).toHaveLength(1);
    expect(leaving.errors[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect(leaving.errors[0]?.message).toContain('请重新登录');

    // The other token's stream outlives a few more checks and still delivers.
    await new Promise((resolve) => setTimeout(resolve, 3 * CHECK_INTERVAL_MS));
    const [id] = await insertEvents(OWN_COMMUNITY);
    expect((await received(staying.changes, { id })).action).toBe('CREATED');
    expect(staying.isEnded()).toBe(false);
    expect(staying.errors).toEqual([]);
    expect(leaving.changes.map((change) => change.id)).not.toContain(id);
  });
});
