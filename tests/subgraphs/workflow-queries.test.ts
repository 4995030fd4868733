import type { Database } from '@lianfang/db';
import { describe, expect, it } from 'vitest';
import { dataOf, errorOf } from './support.js';
import { act, createEvent, OTHER_STREET, STREET, taskOf, USERS, useWorkflowSubgraph } from './workflow-support.js';

const workflow = useWorkflowSubgraph(seedEvents);
const OTHER_GRID = `${OTHER_STREET}001001`;

/** Leaves five events with known report times, one of them in another street. */
async function seedEvents(database: Database): Promise<void> {
  await database.exec(
    'TRUNCATE governance.event_timeline, governance.report_photos, governance.tasks, governance.events',
  );
  for (const [index, category] of ['FIRE_HAZARD', 'NOISE_DISPUTE', 'OTHER', 'PUBLIC_ORDER'].entries()) {
    await createEvent(database, { id: `wf-q-${index}`, category });
  }
  await createEvent(database, { id: 'wf-q-other', category: 'FIRE_HAZARD', orgUnit: OTHER_GRID });
  // Distinct report times, oldest first, so the order is known.
  await database.exec(
    `UPDATE governance.events e SET reported_at = input.at::timestamptz
     FROM (VALUES ('wf-q-0', '2026-11-01T08:00:00+08:00'), ('wf-q-1', '2026-11-01T09:00:00+08:00'),
                  ('wf-q-2', '2026-11-01T10:00:00+08:00'), ('wf-q-3', '2026-11-01T11:00:00+08:00'),
                  ('wf-q-other', '2026-11-01T12:00:00+08:00')) AS input(id, at)
     WHERE e.id = input.id`,
  );
}

const EVENTS = `query ($orgUnit: ID!, $first: Int, $after: String, $status: [EventStatus!]) {
  events(orgUnit: $orgUnit, first: $first, after: $after, status: $status) {
    totalCount edges { cursor node { id status orgUnit { code } } } pageInfo { hasNextPage endCursor }
  }
}`;

interface EventPage {
  events: {
    totalCount: number;
    edges: { node: { id: string; status: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('events', () => {
  it('pages newest first', async () => {
    const first = dataOf(await workflow.subgraph.request<EventPage>(EVENTS, { orgUnit: STREET, first: 3 })).events;
    expect(first.totalCount).toBe(4);
    expect(first.edges.map((edge) => edge.node.id)).toEqual(['wf-q-3', 'wf-q-2', 'wf-q-1']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = dataOf(
      await workflow.subgraph.request<EventPage>(EVENTS, {
        orgUnit: STREET,
        first: 3,
        after: first.pageInfo.endCursor,
      }),
    ).events;
    expect(second.edges.map((edge) => edge.node.id)).toEqual(['wf-q-0']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const district = dataOf(
      await workflow.subgraph.request<EventPage>(EVENTS, { orgUnit: '320509', first: 10 }),
    ).events;
    expect(district.totalCount).toBe(5);
  });

  it('filters by status', async () => {
    const event = 'wf-q-3';
    const police = (
      await workflow.database.query<{ id: string }>('SELECT id FROM governance.tasks WHERE event_id = $1', [event])
    ).rows[0];
    await act(workflow.subgraph, USERS.streetPolice, { taskId: police?.id ?? '', action: 'ACCEPT' });
    const page = dataOf(
      await workflow.subgraph.request<EventPage>(EVENTS, { orgUnit: STREET, first: 10, status: ['IN_PROGRESS'] }),
    ).events;
    expect(page.edges.map((edge) => edge.node.id)).toEqual([event]);
    expect(page.totalCount).toBe(1);
  });

  it('rejects bad arguments', async () => {
    const outside = errorOf(
      await workflow.subgraph.request(EVENTS, { orgUnit: '320509', first: 5 }, { identity: USERS.streetFire }),
    );
    expect(outside.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });
    const cursor = errorOf(await workflow.subgraph.request(EVENTS, { orgUnit: STREET, first: 5, after: 'bm9wZQ' }));
    expect(cursor.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    const first = errorOf(await workflow.subgraph.request(EVENTS, { orgUnit: STREET, first: 0 }));
    expect(first.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });

  it('guards one event by jurisdiction', async () => {
    const query = `query ($id: ID!) { event(id: $id) { id reporter { id name department orgUnit } orgUnit { code name } timeline { action actor { id } } } }`;
    const own = dataOf(
      await workflow.subgraph.request<{
        event: {
          reporter: { id: string; department: string };
          timeline: { action: string }[];
          orgUnit: { name: string };
        };
      }>(query, { id: 'wf-q-0' }, { identity: USERS.streetFire }),
    ).event;
    expect(own.reporter).toMatchObject({ id: 'grid.worker', department: 'governance' });
    expect(own.timeline.map((entry) => entry.action)).toEqual(['REPORT', 'DISPATCH', 'DISPATCH', 'NOTIFY']);
    const foreign = errorOf(
      await workflow.subgraph.request(query, { id: 'wf-q-other' }, { identity: USERS.streetFire }),
    );
    expect(foreign.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });
    const missing = await workflow.subgraph.request<{ event: null }>(query, { id: 'wf-none' });
    expect(dataOf(missing).event).toBeNull();
  });

  it('resolves entity references within jurisdiction', async () => {
    const query = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Event { id } ... on Task { id department } } }`;
    const { rows } = await workflow.database.query<{ id: string }>(
      `SELECT id FROM governance.tasks WHERE event_id = 'wf-q-0' AND department = 'fire'`,
    );
    const response = await workflow.subgraph.request<{ _entities: ({ id: string } | null)[] }>(
      query,
      {
        representations: [
          { __typename: 'Event', id: 'wf-q-0' },
          { __typename: 'Task', id: rows[0]?.id },
          { __typename: 'Event', id: 'wf-q-other' },
        ],
      },
      { identity: USERS.streetFire },
    );
    expect(response.data?._entities[0]).toEqual({ id: 'wf-q-0' });
    expect(response.data?._entities[1]).toEqual({ id: rows[0]?.id, department: 'fire' });
    expect(response.data?._entities[2]).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('tasks', () => {
  const TASKS = `query ($orgUnit: ID, $department: String, $openOnly: Boolean) {
    tasks(orgUnit: $orgUnit, department: $department, openOnly: $openOnly) { id department orgUnit { code } status event { id } }
  }`;
  type TaskList = { tasks: { id: string; department: string; orgUnit: { code: string }; event: { id: string } }[] };

  it('defaults to own department and unit', async () => {
    const fire = dataOf(await workflow.subgraph.request<TaskList>(TASKS, {}, { identity: USERS.streetFire })).tasks;
    expect(fire.map((task) => `${task.department}/${task.orgUnit.code}/${task.event.id}`)).toEqual([
      `fire/${STREET}/wf-q-0`,
    ]);
    const governance = dataOf(
      await workflow.subgraph.request<TaskList>(TASKS, {}, { identity: USERS.streetCommander }),
    ).tasks;
    expect(new Set(governance.map((task) => task.department))).toEqual(new Set(['governance', 'fire', 'police']));
    const onlyPolice = dataOf(
      await workflow.subgraph.request<TaskList>(TASKS, { department: 'police' }, { identity: USERS.streetCommander }),
    ).tasks;
    expect(onlyPolice.map((task) => task.event.id)).toEqual(['wf-q-3']);
  });

  it('keeps other departments to their own', async () => {
    const error = errorOf(
      await workflow.subgraph.request(TASKS, { department: 'police' }, { identity: USERS.streetFire }),
    );
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'DEPARTMENT_SCOPE' });
    const unknown = errorOf(await workflow.subgraph.request(TASKS, { department: 'army' }));
    expect(unknown.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'department' });
    const outside = errorOf(
      await workflow.subgraph.request(TASKS, { orgUnit: OTHER_STREET }, { identity: USERS.streetFire }),
    );
    expect(outside.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });
  });

  it('links hand-offs to the previous task', async () => {
    const { tasks } = await createEvent(workflow.database, { id: 'wf-q-chain', category: 'NOISE_DISPUTE' });
    const mediation = taskOf(tasks, 'governance');
    await act(workflow.subgraph, USERS.communityGovernance, { taskId: mediation.id, action: 'ACCEPT' });
    await act(workflow.subgraph, USERS.communityGovernance, {
      taskId: mediation.id,
      action: 'TRANSFER',
      note: '调解不成',
    });
    const query = `query ($id: ID!) { event(id: $id) { tasks { department status previousTask { id status } rule { version } } } }`;
    const data = dataOf(
      await workflow.subgraph.request<{
        event: { tasks: { department: string; status: string; previousTask: { id: string; status: string } | null }[] };
      }>(query, { id: 'wf-q-chain' }),
    );
    expect(data.event.tasks.map((task) => [task.department, task.status, task.previousTask])).toEqual([
      ['governance', 'TRANSFERRED', null],
      ['police', 'DISPATCHED', { id: mediation.id, status: 'TRANSFERRED' }],
    ]);
  });
});
