/**
 * Video alerts of the police subgraph: ingestion, routing to patrol zones, merging, replays, concurrency, input and
 * access checks, the read fields and the live notifications of incidents.
 */
import type { Identity } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITIES } from '../support/access.js';
import type { TestDatabase } from '../support/database.js';
import { C1, C3, startPoliceFixture } from './police-fixtures.js';
import { dataOf, errorOf, type GraphQLResponse, isChinese, offsetMetres, type TestSubgraph } from './support.js';

let handle: TestDatabase;
let subgraph: TestSubgraph;

const VIDEO_FEED = IDENTITIES.videoFeed;
const OTHER_STREET_STAFF: Identity = {
  sub: 'test.police.staff.other',
  name: '测试横扇派出所民警',
  level: 'STREET',
  orgUnit: '320509002',
  department: 'police',
  roles: ['staff'],
};
const GRID_WORKER: Identity = {
  sub: 'test.grid.worker',
  name: '测试网格员',
  level: 'GRID',
  orgUnit: `${C1}001`,
  department: 'governance',
  roles: ['grid_worker'],
};

// Patrol zone pz-1 of the fixture is the box 120.63–120.66 E, 31.20–31.22 N, in street 320509001.
const INSIDE: [number, number] = [120.64, 31.21];
const NEAR_EAST: [number, number] = offsetMetres([120.66, 31.21], 1000, 0);
const FAR: [number, number] = [120.8, 31.3];
const CAMERAS: { id: string; orgUnit: string; point: [number, number] }[] = [
  { id: 'CAM-IN-1', orgUnit: C1, point: INSIDE },
  { id: 'CAM-IN-2', orgUnit: C1, point: offsetMetres(INSIDE, 100, 0) },
  { id: 'CAM-IN-3', orgUnit: C1, point: offsetMetres(INSIDE, 200, 0) },
  { id: 'CAM-IN-4', orgUnit: C1, point: offsetMetres(INSIDE, 300, 0) },
  { id: 'CAM-IN-5', orgUnit: C1, point: offsetMetres(INSIDE, 400, 0) },
  { id: 'CAM-NEAR', orgUnit: C1, point: NEAR_EAST },
  { id: 'CAM-FAR', orgUnit: C1, point: FAR },
  { id: 'CAM-JX', orgUnit: '330421001001', point: [120.75, 30.85] },
];

const ALERT_FIELDS = `id kind camera { id name location } detections firstDetectedAt lastDetectedAt maxConfidence
  durationSeconds incident { id category status occurredAt location orgUnit { code } source }
  patrolZone { id name unitName } routingDistanceMetres routingNote orgUnit { code }`;
const INGEST = `mutation ($input: VideoAlertInput!) {
  ingestVideoAlert(input: $input) { alert { ${ALERT_FIELDS} } merged replayed }
}`;

interface Alert {
  id: string;
  kind: string;
  camera: { id: string; name: string; location: { coordinates: [number, number] } };
  detections: number;
  firstDetectedAt: string;
  lastDetectedAt: string;
  maxConfidence: number;
  durationSeconds: number | null;
  incident: {
    id: string;
    category: string;
    status: string;
    occurredAt: string;
    location: { coordinates: [number, number] };
    orgUnit: { code: string };
    source: string;
  } | null;
  patrolZone: { id: string; name: string; unitName: string } | null;
  routingDistanceMetres: number | null;
  routingNote: string;
  orgUnit: { code: string };
}
interface IngestData {
  ingestVideoAlert: { alert: Alert; merged: boolean; replayed: boolean };
}

/** An instant `minutes` before now, as ISO text. */
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function ingest(input: Record<string, unknown>, identity: Identity = VIDEO_FEED): Promise<GraphQLResponse<IngestData>> {
  return subgraph.request<IngestData>(INGEST, { input }, { identity });
}

async function counts(): Promise<{ incidents: number; alerts: number; externalIds: number }> {
  const { rows } = await handle.database.query<{ incidents: number; alerts: number; externalIds: number }>(
    `SELECT (SELECT count(*) FROM police.incidents)::int AS incidents,
            (SELECT count(*) FROM police.video_alerts)::int AS alerts,
            (SELECT count(*) FROM police.video_alert_external_ids)::int AS "externalIds"`,
  );
  return rows[0] as { incidents: number; alerts: number; externalIds: number };
}

beforeAll(async () => {
  ({ handle, subgraph } = await startPoliceFixture());
  await handle.database.exec('TRUNCATE police.video_alert_external_ids, police.video_alerts, police.cameras');
  for (const camera of CAMERAS) {
    await handle.database.query(
      `INSERT INTO police.cameras (id, name, org_unit_code, installed_at, location)
       VALUES ($1, $2, $3, '2024-01-01T00:00:00Z', ST_SetSRID(ST_MakePoint($4, $5), 4326))`,
      [camera.id, `测试路 ${camera.id} 号卡口`, camera.orgUnit, ...camera.point],
    );
  }
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

describe('ingestVideoAlert routing', () => {
  it('creates an incident in the covering zone', async () => {
    const detectedAt = minutesAgo(30);
    const before = await counts();
    const data = dataOf(
      await ingest({ cameraId: 'CAM-IN-1', kind: 'LOITERING', detectedAt, confidence: 0.87, durationSeconds: 7200 }),
    );
    const { alert, merged, replayed } = data.ingestVideoAlert;
    expect(merged).toBe(false);
    expect(replayed).toBe(false);
    expect(alert.kind).toBe('LOITERING');
    expect(alert.camera.id).toBe('CAM-IN-1');
    expect(alert.detections).toBe(1);
    expect(new Date(alert.firstDetectedAt).toISOString()).toBe(detectedAt);
    expect(new Date(alert.lastDetectedAt).toISOString()).toBe(detectedAt);
    expect(alert.maxConfidence).toBeCloseTo(0.87, 6);
    expect(alert.durationSeconds).toBe(7200);
    expect(alert.orgUnit.code).toBe(C1);
    expect(alert.patrolZone).toEqual({ id: 'pz-1', name: '西塘巡区', unitName: '松陵派出所巡逻一组' });
    expect(alert.routingDistanceMetres).toBe(0);
    expect(alert.routingNote).toContain('西塘巡区');
    expect(isChinese(alert.routingNote)).toBe(true);
    expect(alert.incident?.category).toBe('OTHER');
    expect(alert.incident?.status).toBe('DISPATCHED');
    expect(alert.incident?.source).toBe('VIDEO');
    expect(alert.incident?.orgUnit.code).toBe(C1);
    expect(new Date(alert.incident?.occurredAt as string).toISOString()).toBe(detectedAt);
    expect(alert.incident?.location.coordinates[0]).toBeCloseTo(INSIDE[0], 7);
    expect(alert.incident?.location.coordinates[1]).toBeCloseTo(INSIDE[1], 7);
    expect(await counts()).toEqual({ ...before, incidents: before.incidents + 1, alerts: before.alerts + 1 });

    const { rows } = await handle.database.query<{ source: string; patrol_zone_id: string }>(
      'SELECT source, patrol_zone_id FROM police.incidents WHERE id = $1',
      [alert.incident?.id],
    );
    expect(rows[0]).toEqual({ source: 'VIDEO', patrol_zone_id: 'pz-1' });
  });

  it('routes a camera outside zones to the nearest', async () => {
    const data = dataOf(
      await ingest({ cameraId: 'CAM-NEAR', kind: 'RUNNING', detectedAt: minutesAgo(5), confidence: 0.6 }),
    );
    const { alert } = data.ingestVideoAlert;
    expect(alert.patrolZone?.id).toBe('pz-1');
    expect(alert.routingDistanceMetres).toBeGreaterThan(950);
    expect(alert.routingDistanceMetres).toBeLessThan(1050);
    expect(alert.routingNote).toContain('不在本区任何巡逻区内');
    expect(alert.routingNote).toContain(`${Math.round(alert.routingDistanceMetres as number)} 米`);
    expect(alert.incident?.status).toBe('DISPATCHED');
    expect(alert.durationSeconds).toBeNull();
  });

  it('leaves a camera without zones undispatched', async () => {
    const data = dataOf(
      await ingest({ cameraId: 'CAM-FAR', kind: 'FIGHTING', detectedAt: minutesAgo(5), confidence: 0.9 }),
    );
    const { alert } = data.ingestVideoAlert;
    expect(alert.patrolZone).toBeNull();
    expect(alert.routingDistanceMetres).toBeNull();
    expect(alert.routingNote).toContain('3 公里内没有');
    expect(alert.incident?.category).toBe('FIGHT');
    expect(alert.incident?.status).toBe('REPORTED');
  });
});

describe('ingestVideoAlert dedupe', () => {
  it('merges within the window and splits after it', async () => {
    const first = dataOf(
      await ingest({ cameraId: 'CAM-IN-2', kind: 'FIGHTING', detectedAt: minutesAgo(40), confidence: 0.5 }),
    );
    const before = await counts();
    const second = dataOf(
      await ingest({ cameraId: 'CAM-IN-2', kind: 'FIGHTING', detectedAt: minutesAgo(33), confidence: 0.8 }),
    );
    expect(second.ingestVideoAlert.merged).toBe(true);
    expect(second.ingestVideoAlert.alert.id).toBe(first.ingestVideoAlert.alert.id);
    expect(second.ingestVideoAlert.alert.detections).toBe(2);
    expect(second.ingestVideoAlert.alert.maxConfidence).toBeCloseTo(0.8, 6);
    expect(second.ingestVideoAlert.alert.lastDetectedAt).not.toBe(first.ingestVideoAlert.alert.lastDetectedAt);
    expect(second.ingestVideoAlert.alert.incident?.id).toBe(first.ingestVideoAlert.alert.incident?.id);
    expect(await counts()).toEqual(before);

    // 11 minutes after the last detection lies outside the default window of 10 minutes.
    const third = dataOf(
      await ingest({ cameraId: 'CAM-IN-2', kind: 'FIGHTING', detectedAt: minutesAgo(22), confidence: 0.7 }),
    );
    expect(third.ingestVideoAlert.merged).toBe(false);
    expect(third.ingestVideoAlert.alert.id).not.toBe(first.ingestVideoAlert.alert.id);
    expect(third.ingestVideoAlert.alert.detections).toBe(1);
    expect(await counts()).toEqual({ ...before, incidents: before.incidents + 1, alerts: before.alerts + 1 });
  });

  it('keeps kinds of one camera apart', async () => {
    const detectedAt = minutesAgo(50);
    const loitering = dataOf(await ingest({ cameraId: 'CAM-IN-3', kind: 'LOITERING', detectedAt, confidence: 0.5 }));
    const entry = dataOf(await ingest({ cameraId: 'CAM-IN-3', kind: 'REPEATED_ENTRY', detectedAt, confidence: 0.5 }));
    expect(entry.ingestVideoAlert.merged).toBe(false);
    expect(entry.ingestVideoAlert.alert.id).not.toBe(loitering.ingestVideoAlert.alert.id);
  });

  it('merges late detections into the nearest alert', async () => {
    // The window is 10 minutes. Offsets are minutes before `now`, sent out of time order.
    const now = Date.now();
    const at = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
    const send = async (minutes: number) =>
      dataOf(await ingest({ cameraId: 'CAM-IN-3', kind: 'RUNNING', detectedAt: at(minutes), confidence: 0.5 }))
        .ingestVideoAlert;

    const a = await send(30);
    const b = await send(15);
    expect(b.merged).toBe(false);
    expect(b.alert.id).not.toBe(a.alert.id);

    // t−25 is 5 minutes from A and 10 from B: it joins A.
    const third = await send(25);
    expect(third.merged).toBe(true);
    expect(third.alert.id).toBe(a.alert.id);

    // t−35 is 5 minutes from A's span and 20 from B's.
    const fourth = await send(35);
    expect(fourth.merged).toBe(true);
    expect(fourth.alert.id).toBe(a.alert.id);

    const { rows } = await handle.database.query<{ id: string; first: Date; last: Date; detections: number }>(
      `SELECT id, first_detected_at AS first, last_detected_at AS last, detections
       FROM police.video_alerts WHERE camera_id = 'CAM-IN-3' AND kind = 'RUNNING' ORDER BY first_detected_at`,
    );
    expect(rows.map((row) => row.id)).toEqual([a.alert.id, b.alert.id]);
    expect(rows.map((row) => row.first.toISOString())).toEqual([at(35), at(15)]);
    expect(rows.map((row) => row.last.toISOString())).toEqual([at(25), at(15)]);
    expect(rows.map((row) => row.detections)).toEqual([3, 1]);
  });

  it('prefers the earlier alert on a tie', async () => {
    const now = Date.now();
    const at = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
    const send = async (minutes: number) =>
      dataOf(await ingest({ cameraId: 'CAM-IN-3', kind: 'FIGHTING', detectedAt: at(minutes), confidence: 0.5 }))
        .ingestVideoAlert;

    const earlier = await send(45);
    const later = await send(33);
    expect(later.alert.id).not.toBe(earlier.alert.id);
    // t−39 lies 6 minutes from both.
    const middle = await send(39);
    expect(middle.merged).toBe(true);
    expect(middle.alert.id).toBe(earlier.alert.id);
  });

  it('makes one incident of 20 concurrent alerts', async () => {
    const before = await counts();
    const input = { cameraId: 'CAM-IN-4', kind: 'LOITERING', detectedAt: minutesAgo(15), confidence: 0.75 };
    const responses = await Promise.all(Array.from({ length: 20 }, () => ingest(input)));
    const results = responses.map((response) => dataOf(response).ingestVideoAlert);
    expect(new Set(results.map((result) => result.alert.id)).size).toBe(1);
    expect(results.filter((result) => !result.merged)).toHaveLength(1);
    expect(Math.max(...results.map((result) => result.alert.detections))).toBe(20);
    expect(await counts()).toEqual({ ...before, incidents: before.incidents + 1, alerts: before.alerts + 1 });
  });
});

describe('ingestVideoAlert replays', () => {
  it('returns the first result for a resent externalId', async () => {
    const input = {
      cameraId: 'CAM-IN-5',
      kind: 'RUNNING',
      detectedAt: minutesAgo(12),
      confidence: 0.66,
      externalId: 'vendor-evt-0001',
    };
    const first = dataOf(await ingest(input)).ingestVideoAlert;
    expect(first.replayed).toBe(false);
    const before = await counts();
    const again = dataOf(await ingest(input)).ingestVideoAlert;
    expect(again.replayed).toBe(true);
    expect(again.merged).toBe(false);
    expect(again.alert.id).toBe(first.alert.id);
    expect(again.alert.detections).toBe(1);
    expect(await counts()).toEqual(before);
  });

  it('rejects an externalId reused for another detection', async () => {
    const input = { cameraId: 'CAM-IN-5', kind: 'RUNNING', detectedAt: minutesAgo(11), confidence: 0.5 };
    dataOf(await ingest({ ...input, externalId: 'vendor-evt-0002' }));
    const before = await counts();
    const error = errorOf(await ingest({ ...input, detectedAt: minutesAgo(9), externalId: 'vendor-evt-0002' }));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.argument).toBe('externalId');
    expect(isChinese(error.message)).toBe(true);
    expect(await counts()).toEqual(before);
  });
});

describe('ingestVideoAlert rejections', () => {
  const valid = () => ({ cameraId: 'CAM-IN-1', kind: 'LOITERING', detectedAt: minutesAgo(1), confidence: 0.5 });
  const cases: [string, () => Record<string, unknown>, Identity, string, string | undefined][] = [
    ['unknown camera', () => ({ ...valid(), cameraId: 'CAM-NONE' }), VIDEO_FEED, 'NOT_FOUND', 'cameraId'],
    ['confidence 1.5', () => ({ ...valid(), confidence: 1.5 }), VIDEO_FEED, 'BAD_USER_INPUT', 'confidence'],
    ['negative duration', () => ({ ...valid(), durationSeconds: -1 }), VIDEO_FEED, 'BAD_USER_INPUT', 'durationSeconds'],
    [
      'future time',
      () => ({ ...valid(), detectedAt: new Date(Date.now() + 10 * 60_000).toISOString() }),
      VIDEO_FEED,
      'BAD_USER_INPUT',
      'detectedAt',
    ],
    ['old time', () => ({ ...valid(), detectedAt: minutesAgo(25 * 60) }), VIDEO_FEED, 'BAD_USER_INPUT', 'detectedAt'],
    ['control character id', () => ({ ...valid(), externalId: 'a\u0000b' }), VIDEO_FEED, 'BAD_USER_INPUT', undefined],
    ['analyst role', valid, IDENTITIES.districtPoliceAnalyst, 'FORBIDDEN', undefined],
    ['grid worker role', valid, GRID_WORKER, 'FORBIDDEN', undefined],
    ['other street', valid, OTHER_STREET_STAFF, 'FORBIDDEN', undefined],
    ['other district', () => ({ ...valid(), cameraId: 'CAM-JX' }), VIDEO_FEED, 'FORBIDDEN', undefined],
  ];

  it.each(cases)('rejects %s', async (_name, input, identity, code, argument) => {
    const before = await counts();
    const error = errorOf(await ingest(input(), identity));
    expect(error.extensions?.code).toBe(code);
    if (argument) expect(error.extensions?.argument).toBe(argument);
    expect(isChinese(error.message)).toBe(true);
    expect(await counts()).toEqual(before);
  });

  // graphql-js rejects the enum value while coercing variables, in English and before any resolver runs.
  it('rejects an unknown kind', async () => {
    const before = await counts();
    const error = errorOf(await ingest({ ...valid(), kind: 'DANCING' }));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('VideoAlertKind');
    expect(await counts()).toEqual(before);
  });

  it('gives role and jurisdiction reasons', async () => {
    expect(errorOf(await ingest(valid(), GRID_WORKER)).extensions?.reason).toBe('ROLE');
    expect(errorOf(await ingest(valid(), OTHER_STREET_STAFF)).extensions?.reason).toBe('OUT_OF_JURISDICTION');
  });
});

describe('video alert reads', () => {
  it('lists cameras of a unit', async () => {
    const data = dataOf(
      await subgraph.request<{ cameras: { id: string; orgUnit: { code: string } }[] }>(
        `{ cameras(orgUnit: "${C1}") { id orgUnit { code } } }`,
      ),
    );
    expect(data.cameras.map((camera) => camera.id)).toEqual(
      CAMERAS.filter((camera) => camera.orgUnit === C1)
        .map((camera) => camera.id)
        .sort(),
    );
  });

  it('rejects cameras outside the jurisdiction', async () => {
    const error = errorOf(
      await subgraph.request(`{ cameras(orgUnit: "${C1}") { id } }`, {}, { identity: OTHER_STREET_STAFF }),
    );
    expect(error.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists alerts newest first', async () => {
    const data = dataOf(
      await subgraph.request<{ videoAlerts: { id: string; lastDetectedAt: string; orgUnit: { code: string } }[] }>(
        `{ videoAlerts(orgUnit: "${C1}", first: 1000) { id lastDetectedAt orgUnit { code } } }`,
      ),
    );
    const { rows } = await handle.database.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM police.video_alerts WHERE org_unit_code LIKE $1 || '%'`,
      [C1],
    );
    expect(data.videoAlerts).toHaveLength(rows[0]?.count as number);
    const times = data.videoAlerts.map((alert) => new Date(alert.lastDetectedAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('links incident, alert and zone', async () => {
    const created = dataOf(
      await ingest({ cameraId: 'CAM-IN-1', kind: 'REPEATED_ENTRY', detectedAt: minutesAgo(3), confidence: 0.4 }),
    ).ingestVideoAlert.alert;
    const data = dataOf(
      await subgraph.request<{
        _entities: {
          videoAlert?: { id: string } | null;
          patrolZone?: { id: string };
          videoAlerts?: { id: string }[];
        }[];
      }>(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) {
           ... on Incident { videoAlert { id } patrolZone { id } }
           ... on PatrolZone { videoAlerts(from: "${minutesAgo(4)}") { id } }
         } }`,
        {
          representations: [
            { __typename: 'Incident', id: created.incident?.id },
            { __typename: 'Incident', id: 'pi-001' },
            { __typename: 'PatrolZone', id: 'pz-1' },
          ],
        },
      ),
    );
    expect(data._entities[0]).toEqual({ videoAlert: { id: created.id }, patrolZone: { id: 'pz-1' } });
    expect(data._entities[1]).toEqual({ videoAlert: null, patrolZone: null });
    expect(data._entities[2]?.videoAlerts?.map((alert) => alert.id)).toEqual([created.id]);
  });
});

describe('incident live notifications', () => {
  it('announces an inserted incident and a bulk insert', async () => {
    const payloads: Record<string, unknown>[] = [];
    const unlisten = await handle.database.listen('lianfang_live', (payload) => {
      payloads.push(JSON.parse(payload) as Record<string, unknown>);
    });
    try {
      const alert = dataOf(
        await ingest({ cameraId: 'CAM-IN-1', kind: 'FIGHTING', detectedAt: minutesAgo(2), confidence: 0.9 }),
      ).ingestVideoAlert.alert;
      await handle.database.query(
        `INSERT INTO police.incidents (id, category, occurred_at, status, org_unit_code, location)
         SELECT 'bulk-' || n, 'NOISE', now(), 'CLOSED', $1, ST_SetSRID(ST_MakePoint(120.64, 31.21), 4326)
         FROM generate_series(1, 60) AS n`,
        [C3],
      );
      await waitFor(() => payloads.length >= 2);
      expect(payloads[0]).toEqual({
        schema: 'police',
        kind: 'INCIDENT',
        action: 'INSERT',
        id: alert.incident?.id,
        orgUnits: [C1],
        status: 'DISPATCHED',
        category: 'FIGHT',
      });
      expect(payloads[1]).toEqual({ schema: 'police', kind: 'INCIDENT', action: 'BULK', count: 60 });
    } finally {
      await unlisten();
      await handle.database.query(`DELETE FROM police.incidents WHERE id LIKE 'bulk-%'`);
    }
  });
});

/** Polls `condition` every 20 ms until it is true; fails after 5 s. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 250; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('Condition not met within 5 s');
}
