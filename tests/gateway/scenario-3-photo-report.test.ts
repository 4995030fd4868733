import type { Identity } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRID_WORKER } from '../subgraphs/reports-support.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { solidPng } from '../support/images.js';
import { runAppOperation } from '../support/operations.js';
import { type Point, pointInside } from '../support/places.js';

// A gas cylinder in a stairwell is reported from the phone, classified as a fire hazard, routed to the street's
// governance centre and fire department, handled within the hour, and every step is on the event's timeline.

const STREET_FIRE: Identity = {
  sub: 'fire.songling',
  name: '松陵消防站员',
  level: 'STREET',
  orgUnit: '320509001',
  department: 'fire',
  roles: ['staff'],
};
const STREET_COMMANDER: Identity = {
  sub: 'gov.songling.commander',
  name: '松陵街道指挥员',
  level: 'STREET',
  orgUnit: '320509001',
  department: 'governance',
  roles: ['commander'],
};

interface Task {
  id: string;
  department: string;
  orgUnit: { code: string; level: string };
  role: string;
  status: string;
  deadline: string;
  overdue: boolean;
  dispatchedAt: string;
  resolvedAt: string | null;
  feedback: string | null;
  allowedActions: string[];
}

interface TimelineEntry {
  action: string;
  task: { id: string; department: string } | null;
  fromStatus: string | null;
  toStatus: string | null;
  actor: { id: string; name: string; department: string };
  note: string | null;
  details: string;
}

let testHub: TestHub;
let point: Point;

beforeAll(async () => {
  testHub = await startTestHub({ incidentsPerYear: 200, addressesPerCommunity: 1 });
  point = await pointInside(testHub.hub.database, GRID_WORKER.orgUnit);
});

afterAll(async () => {
  await testHub?.stop();
});

/** Sends the web app's operation `name` as `identity` and returns its data, failing on any error. */
async function run<Data>(identity: Identity, name: string, variables: Record<string, unknown>): Promise<Data> {
  return runAppOperation<Data>(testHub.hub.gateway.url, await testHub.auth(identity), name, variables);
}

async function actOn(identity: Identity, taskId: string, action: string, note?: string): Promise<Task> {
  const data = await run<{ actOnTask: Task }>(identity, 'ActOnTask', { input: { taskId, action, note } });
  return data.actOnTask;
}

describe('scenario 3: photo report to resolution', () => {
  it('reports, dispatches, handles and closes within the hour', async () => {
    // The grid worker photographs the cylinders; the page uploads the photo before the report.
    const upload = await fetch(`${testHub.hub.gateway.url}/api/photos`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', ...(await testHub.auth(GRID_WORKER)) },
      body: solidPng(32, 24, [200, 90, 40]),
    });
    expect(upload.status).toBe(201);
    const photo = (await upload.json()) as { id: string };
    const submitted = await run<{
      submitReport: { replayed: boolean; event: { id: string; category: string; status: string; tasks: Task[] } };
    }>(GRID_WORKER, 'SubmitReport', {
      input: {
        idempotencyKey: 'scenario-3-gas-cylinders',
        description: '楼道里堆放了三个煤气罐',
        location: { longitude: point[0], latitude: point[1], crs: 'WGS84', source: 'DEVICE' },
        photoIds: [photo.id],
      },
    });
    const event = submitted.submitReport.event;
    expect(event.category).toBe('FIRE_HAZARD');
    expect(event.status).toBe('DISPATCHED');
    const handling = event.tasks.filter((task) => task.role !== 'NOTIFIED');
    expect(handling.map((task) => `${task.department}/${task.orgUnit.code}/${task.role}`)).toEqual([
      'governance/320509001/LEAD',
      'fire/320509001/ASSIST',
    ]);
    for (const task of handling) {
      expect(Date.parse(task.deadline) - Date.parse(task.dispatchedAt)).toBe(60 * 60_000);
    }
    const notified = event.tasks.filter((task) => task.role === 'NOTIFIED');
    expect(notified.map((task) => `${task.department}/${task.orgUnit.code}`)).toEqual(['governance/320509001001']);

    // The fire station finds the task in its list and handles it.
    const list = await run<{ tasks: (Task & { event: { id: string } })[] }>(STREET_FIRE, 'TaskList', {});
    const fireTask = list.tasks.find((task) => task.event.id === event.id);
    expect(fireTask).toMatchObject({ department: 'fire', status: 'DISPATCHED' });
    expect(fireTask?.allowedActions).toEqual(['ACCEPT', 'RETURN', 'ESCALATE']);
    const fireId = fireTask?.id as string;
    await actOn(STREET_FIRE, fireId, 'ACCEPT');
    await actOn(STREET_FIRE, fireId, 'START');
    const fireResolved = await actOn(STREET_FIRE, fireId, 'RESOLVE', '已将三个煤气罐移至室外安全处，并告知住户');
    expect(fireResolved).toMatchObject({ status: 'RESOLVED', overdue: false });

    // The street's governance centre does its part, then verifies and closes both tasks.
    const governanceId = handling[0]?.id as string;
    await actOn(STREET_COMMANDER, governanceId, 'ACCEPT');
    await actOn(STREET_COMMANDER, governanceId, 'START');
    await actOn(STREET_COMMANDER, governanceId, 'RESOLVE', '已约谈物业，楼道每日巡查');
    for (const id of [fireId, governanceId]) {
      expect((await actOn(STREET_COMMANDER, id, 'VERIFY')).status).toBe('VERIFIED');
    }
    for (const id of [fireId, governanceId]) {
      expect((await actOn(STREET_COMMANDER, id, 'CLOSE')).status).toBe('CLOSED');
    }

    const details = await run<{
      event: {
        status: string;
        overdue: boolean;
        closedAt: string | null;
        photos: { id: string; url: string }[];
        tasks: Task[];
        timeline: TimelineEntry[];
      };
    }>(STREET_COMMANDER, 'EventDetails', { id: event.id });
    expect(details.event.photos).toHaveLength(1);
    expect(details.event.photos[0]).toMatchObject({ id: photo.id, url: `/api/photos/${photo.id}` });
    expect(details.event.status).toBe('CLOSED');
    expect(details.event.overdue).toBe(false);
    expect(details.event.closedAt).not.toBeNull();
    for (const task of details.event.tasks.filter((item) => item.role !== 'NOTIFIED')) {
      expect(task.overdue).toBe(false);
      expect(Date.parse(task.resolvedAt ?? '') - Date.parse(task.dispatchedAt)).toBeLessThan(60 * 60_000);
    }

    const steps = details.event.timeline.map((entry) => [
      entry.action,
      entry.task?.department ?? null,
      entry.actor.id,
      entry.toStatus,
    ]);
    expect(steps).toEqual([
      ['REPORT', null, 'grid.worker', 'REPORTED'],
      ['DISPATCH', 'governance', 'system', 'DISPATCHED'],
      ['DISPATCH', 'fire', 'system', 'DISPATCHED'],
      ['NOTIFY', 'governance', 'system', 'DISPATCHED'],
      ['ACCEPT', 'fire', STREET_FIRE.sub, 'ACCEPTED'],
      ['START', 'fire', STREET_FIRE.sub, 'IN_PROGRESS'],
      ['RESOLVE', 'fire', STREET_FIRE.sub, 'RESOLVED'],
      ['ACCEPT', 'governance', STREET_COMMANDER.sub, 'ACCEPTED'],
      ['START', 'governance', STREET_COMMANDER.sub, 'IN_PROGRESS'],
      ['RESOLVE', 'governance', STREET_COMMANDER.sub, 'RESOLVED'],
      ['VERIFY', 'fire', STREET_COMMANDER.sub, 'VERIFIED'],
      ['VERIFY', 'governance', STREET_COMMANDER.sub, 'VERIFIED'],
      ['CLOSE', 'fire', STREET_COMMANDER.sub, 'CLOSED'],
      ['CLOSE', 'governance', STREET_COMMANDER.sub, 'CLOSED'],
    ]);
    const timeline = details.event.timeline;
    expect(timeline[0]?.actor.name).toBe('网格员');
    expect(timeline[1]?.actor.name).toBe('系统（职责清单）');
    expect(timeline[6]?.note).toBe('已将三个煤气罐移至室外安全处，并告知住户');
    expect(timeline[9]?.note).toBe('已约谈物业，楼道每日巡查');
    expect(JSON.parse(timeline[2]?.details ?? '{}')).toMatchObject({ version: 1, deadlineMinutes: 60 });
    expect(JSON.parse(timeline.at(-1)?.details ?? '{}')).toMatchObject({ eventStatus: { to: 'CLOSED' } });
  });
});
