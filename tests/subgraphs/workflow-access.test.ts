import type { Database } from '@lianfang/db';
import type { Identity } from '@lianfang/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { lastRecordId, recordsAfter } from './audit-support.js';
import { dataOf, errorOf } from './support.js';
import {
  act,
  actError,
  createEvent,
  GRID,
  OTHER_STREET,
  STREET,
  taskOf,
  tasksOfEvent,
  timelineOf,
  USERS,
  useWorkflowSubgraph,
} from './workflow-support.js';

const workflow = useWorkflowSubgraph(seedEvents);
const OTHER_GRID = `${OTHER_STREET}001001`;

/** wf-a-home lies in the grid worker's grid; wf-a-away in another street, reported by the same grid worker. */
async function seedEvents(database: Database): Promise<void> {
  await createEvent(database, { id: 'wf-a-home', category: 'FIRE_HAZARD' });
  await createEvent(database, { id: 'wf-a-away', category: 'FIRE_HAZARD', orgUnit: OTHER_GRID });
}

const EVENT_PEOPLE = `query ($id: ID!) {
  event(id: $id) { id reporter { id name orgUnit } timeline { action actor { id name } } }
}`;

interface EventPeople {
  event: {
    id: string;
    reporter: { id: string; name: string; orgUnit: string };
    timeline: { action: string; actor: { id: string; name: string } }[];
  } | null;
}

async function peopleOf(id: string, identity: Identity) {
  return workflow.subgraph.request<EventPeople>(EVENT_PEOPLE, { id }, { identity });
}

async function fireTaskOf(eventId: string) {
  return taskOf(await tasksOfEvent(workflow.database, eventId), 'fire');
}

describe('names of actors', () => {
  it('masks grid workers for other departments and records it', async () => {
    await act(workflow.subgraph, USERS.streetFire, { taskId: (await fireTaskOf('wf-a-home')).id, action: 'ACCEPT' });
    const before = await lastRecordId(workflow.database);
    const event = dataOf(await peopleOf('wf-a-home', USERS.streetFire)).event;
    expect(event?.reporter).toEqual({ id: 'grid.worker', name: '网**', orgUnit: GRID });
    const names = Object.fromEntries(event?.timeline.map((entry) => [entry.action, entry.actor.name]) ?? []);
    // The grid worker masked; the system and the fire officer acting in office named.
    expect(names).toMatchObject({ REPORT: '网**', DISPATCH: '系统（职责清单）', ACCEPT: USERS.streetFire.name });

    const records = await recordsAfter(workflow.database, before);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      userId: USERS.streetFire.sub,
      fields: ['Actor.name'],
      entityIds: ['Actor:grid.worker'],
      disclosure: 'MASKED',
      reasons: ['DEPARTMENT_SCOPE'],
    });
  });

  it('shows grid workers to the governance department', async () => {
    const before = await lastRecordId(workflow.database);
    const event = dataOf(await peopleOf('wf-a-home', USERS.streetCommander)).event;
    expect(event?.reporter.name).toBe('网格员');
    expect(event?.timeline.find((entry) => entry.action === 'REPORT')?.actor.name).toBe('网格员');
    const [record] = await recordsAfter(workflow.database, before);
    expect(record).toMatchObject({ fields: ['Actor.name'], disclosure: 'RAW' });
  });
});

describe('reporter outside their jurisdiction', () => {
  it('reads the event they reported', async () => {
    const own = dataOf(await peopleOf('wf-a-away', USERS.gridWorker)).event;
    expect(own?.id).toBe('wf-a-away');
    expect(own?.reporter.name).toBe('网格员');
    const entities = await workflow.subgraph.request<{ _entities: ({ id: string } | null)[] }>(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Event { id } } }',
      { r: [{ __typename: 'Event', id: 'wf-a-away' }] },
      { identity: USERS.gridWorker },
    );
    expect(dataOf(entities)._entities).toEqual([{ id: 'wf-a-away' }]);
  });

  it('still refuses everyone else outside it', async () => {
    const colleague: Identity = { ...USERS.gridWorker, sub: 'grid.worker.2', name: '另一网格员' };
    const error = errorOf(await peopleOf('wf-a-away', colleague));
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });
    const streetFire = errorOf(await peopleOf('wf-a-away', USERS.streetFire));
    expect(streetFire.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });
  });
});

describe('task flags', () => {
  it('accepts only the flags a report may carry', async () => {
    const task = await fireTaskOf('wf-a-home');
    for (const flag of ['HELLO_WORLD', 'CHILD_NEED_AID', 'ALWAYS']) {
      const error = await actError(workflow.subgraph, USERS.streetFire, {
        taskId: task.id,
        action: 'START',
        flags: [flag],
      });
      expect(error.extensions, flag).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'input.flags',
        reason: 'UNKNOWN_FLAG',
      });
      expect(error.message).toContain('CHILD_NEEDS_AID');
    }
    const { rows } = await workflow.database.query<{ flags: string[] }>(
      "SELECT flags FROM governance.events WHERE id = 'wf-a-home'",
    );
    expect(rows[0]?.flags).toEqual([]);
  });

  it('names the flags it adds on the timeline', async () => {
    const task = await fireTaskOf('wf-a-home');
    await act(workflow.subgraph, USERS.streetFire, {
      taskId: task.id,
      action: 'START',
      flags: ['REPEAT_REPORT', 'MEDIA_ATTENTION', 'REPEAT_REPORT'],
    });
    const flag = (await timelineOf(workflow.database, 'wf-a-home')).find((entry) => entry.action === 'FLAG');
    expect(flag?.details).toEqual({
      addedFlags: ['REPEAT_REPORT', 'MEDIA_ATTENTION'],
      flagNames: ['重复上报', '媒体关注'],
    });
  });
});

describe('department names in messages', () => {
  it('names the handling department in Chinese', async () => {
    const task = await fireTaskOf('wf-a-home');
    const error = await actError(workflow.subgraph, USERS.streetPolice, { taskId: task.id, action: 'RESOLVE' });
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE' });
    expect(error.message).toContain('承办部门为消防');
    expect(error.message).not.toMatch(/[a-z]/);
  });

  it('names the own department when refusing another one’s tasks', async () => {
    const response = await workflow.subgraph.request(
      'query ($orgUnit: ID) { tasks(orgUnit: $orgUnit, department: "police") { id } }',
      { orgUnit: STREET },
      { identity: USERS.streetFire },
    );
    const error = errorOf(response);
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'DEPARTMENT_SCOPE' });
    expect(error.message).toContain('本部门（消防）');
  });
});

describe('refusing a report from staff', () => {
  it('points to a path that exists', async () => {
    const response = await workflow.subgraph.request(
      'mutation ($input: ReportInput!) { submitReport(input: $input) { replayed } }',
      {
        input: {
          idempotencyKey: 'wf-a-staff-report',
          description: '楼道堆放杂物',
          location: { longitude: 120.64, latitude: 31.16 },
        },
      },
      { identity: USERS.streetFire },
    );
    const error = errorOf(response);
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE' });
    expect(error.message).toBe('只有网格员可以上报事件；其他账号发现的情况请告知所在网格的网格员，由网格员上报');
  });
});
