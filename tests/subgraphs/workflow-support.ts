/**
 * Fixtures of the event workflow tests: users of each department and level, events created and dispatched the way
 * `submitReport` does it (by SQL plus `dispatchNewEvent`), and the GraphQL texts the tests send to the subgraph.
 */
import type { Database } from '@lianfang/db';
import { governanceSubgraph } from '@lianfang/subgraph-governance';
import type { Identity } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll } from 'vitest';
import { dispatchNewEvent } from '../../subgraphs/governance/src/workflow/dispatch.js';
import {
  EVENT_COLUMNS,
  type EventRow,
  SYSTEM_ACTOR,
  type TaskRow,
} from '../../subgraphs/governance/src/workflow/rows.js';
import { IDENTITIES } from '../support/access.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { dataOf, errorOf, type GraphQLErrorBody, startTestSubgraph, type TestSubgraph } from './support.js';

export const GRID = '320509001001001';
export const COMMUNITY = '320509001001';
export const STREET = '320509001';
export const OTHER_STREET = '320509002';
export const DISTRICT = '320509';

const LEVEL_BY_LENGTH: Record<number, Identity['level']> = { 6: 'DISTRICT', 9: 'STREET', 12: 'COMMUNITY' };

function user(
  sub: string,
  name: string,
  orgUnit: string,
  department: Identity['department'],
  roles: Identity['roles'],
): Identity {
  const level = LEVEL_BY_LENGTH[orgUnit.length] ?? 'GRID';
  return { sub, name, level, orgUnit, department, roles };
}

export const USERS = {
  gridWorker: user('grid.worker', '网格员', GRID, 'governance', ['grid_worker']),
  communityGovernance: user('gov.community', '社区综治专干', COMMUNITY, 'governance', ['staff']),
  streetCommander: user('gov.street.commander', '街道指挥员', STREET, 'governance', ['commander']),
  otherStreetCommander: user('gov.street2.commander', '横扇街道指挥员', OTHER_STREET, 'governance', ['commander']),
  districtCommander: IDENTITIES.districtCommander,
  streetFire: user('fire.street', '街道消防员', STREET, 'fire', ['staff']),
  otherStreetFire: user('fire.street2', '横扇消防员', OTHER_STREET, 'fire', ['staff']),
  districtFire: user('fire.district', '区消防指挥员', DISTRICT, 'fire', ['commander']),
  fireAnalyst: user('fire.analyst', '消防研判员', DISTRICT, 'fire', ['analyst']),
  streetSchool: user('school.street', '学校德育主任', STREET, 'school', ['staff']),
  streetPolice: user('police.street', '派出所民警', STREET, 'police', ['staff']),
  districtProcuratorate: user('procuratorate', '检察官', DISTRICT, 'procuratorate', ['staff']),
  streetCivilAffairs: user('civil.street', '民政专干', STREET, 'civil_affairs', ['staff']),
  districtEducation: user('education', '教育局干部', DISTRICT, 'education', ['staff']),
  streetUrban: user('urban.street', '城管队员', STREET, 'urban_management', ['staff']),
  districtUrban: user('urban.district', '区城管队员', DISTRICT, 'urban_management', ['staff']),
  communityUrban: user('urban.community', '社区城管协管员', COMMUNITY, 'urban_management', ['staff']),
} satisfies Record<string, Identity>;

/** The database and governance subgraph of a workflow test file, as `useWorkflowSubgraph` keeps them. */
export interface WorkflowFixture {
  readonly database: Database;
  readonly subgraph: TestSubgraph;
}

/**
 * Registers the hooks of a workflow test file. Before the first test they copy the seeded database, run `prepare` on
 * it and start the governance subgraph, as the district commander unless a request names another identity. After the
 * last test both are removed. The overdue sweep is held off, because it would race the tests' own calls; they run it themselves.
 */
export function useWorkflowSubgraph(prepare?: (database: Database) => Promise<void>): WorkflowFixture {
  let handle: TestDatabase | undefined;
  let subgraph: TestSubgraph | undefined;
  beforeAll(async () => {
    process.env.LIANFANG_OVERDUE_SWEEP_SECONDS = '86400';
    handle = await openTestDatabase('seeded');
    await prepare?.(handle.database);
    subgraph = await startTestSubgraph(governanceSubgraph, handle.database, USERS.districtCommander);
  });
  afterAll(async () => {
    await subgraph?.stop();
    await handle?.dispose();
  });
  return {
    get database() {
      if (!handle) throw new Error('the workflow database is not open yet');
      return handle.database;
    },
    get subgraph() {
      if (!subgraph) throw new Error('the governance subgraph has not started yet');
      return subgraph;
    },
  };
}

export interface NewEventOptions {
  id: string;
  category: string;
  severity?: 'MINOR' | 'SERIOUS' | 'CRITICAL';
  orgUnit?: string;
  flags?: string[];
  description?: string;
}

/** Inserts an event inside its grid with a REPORT entry and dispatches it by the responsibility list. */
export async function createEvent(
  database: Database,
  options: NewEventOptions,
): Promise<{ event: EventRow; tasks: TaskRow[] }> {
  const orgUnit = options.orgUnit ?? GRID;
  return database.transaction(async (tx) => {
    const { rows } = await tx.query<EventRow>(
      `INSERT INTO governance.events AS e (id, source, category, severity, description, location, input_crs,
         location_source, org_unit_code, status, flags, reported_by, reporter_name, reporter_org_unit)
       SELECT $1, 'GRID_REPORT', $2, $3, $4, coalesce(ST_PointOnSurface(u.boundary), ST_SetSRID(ST_MakePoint(120.64, 31.16), 4326)),
              'WGS84', 'DEVICE', $5, 'REPORTED', $6, 'grid.worker', '网格员', $5
       FROM governance.org_units u WHERE u.code = $5
       RETURNING ${EVENT_COLUMNS}`,
      [
        options.id,
        options.category,
        options.severity ?? 'MINOR',
        options.description ?? '测试事件',
        orgUnit,
        options.flags ?? [],
      ],
    );
    const event = rows[0];
    if (!event) throw new Error(`Org unit ${orgUnit} not found`);
    await tx.query(
      `INSERT INTO governance.event_timeline (event_id, action, to_status, actor_id, actor_name, actor_department,
         actor_org_unit) VALUES ($1, 'REPORT', 'REPORTED', 'grid.worker', '网格员', 'governance', $2)`,
      [event.id, orgUnit],
    );
    const tasks = await dispatchNewEvent(tx, event, SYSTEM_ACTOR);
    return { event, tasks };
  });
}

export function taskOf(tasks: readonly TaskRow[], department: string, role?: TaskRow['role']): TaskRow {
  const task = tasks.find((candidate) => candidate.department === department && (!role || candidate.role === role));
  if (!task) throw new Error(`No ${department} task among ${tasks.map((t) => `${t.department}/${t.role}`).join(', ')}`);
  return task;
}

export async function tasksOfEvent(database: Database, eventId: string): Promise<TaskRow[]> {
  const { rows } = await database.query<TaskRow>(
    'SELECT * FROM governance.tasks WHERE event_id = $1 ORDER BY dispatched_at, id',
    [eventId],
  );
  return rows;
}

export async function eventStatus(database: Database, eventId: string): Promise<string | undefined> {
  const { rows } = await database.query<{ status: string }>('SELECT status FROM governance.events WHERE id = $1', [
    eventId,
  ]);
  return rows[0]?.status;
}

export interface TimelineRecord {
  action: string;
  task_id: string | null;
  from_status: string | null;
  to_status: string | null;
  actor_id: string;
  note: string | null;
  details: Record<string, unknown>;
}

export async function timelineOf(database: Database, eventId: string): Promise<TimelineRecord[]> {
  const { rows } = await database.query<TimelineRecord>(
    `SELECT action, task_id, from_status, to_status, actor_id, note, details
     FROM governance.event_timeline WHERE event_id = $1 ORDER BY id`,
    [eventId],
  );
  return rows;
}

export const ACT_ON_TASK = `mutation ($input: TaskActionInput!) {
  actOnTask(input: $input) { id status department orgUnit { code } feedback reopenedCount allowedActions overdue }
}`;

export interface ActedTask {
  id: string;
  status: string;
  department: string;
  orgUnit: { code: string };
  feedback: string | null;
  reopenedCount: number;
  allowedActions: string[];
  overdue: boolean;
}

export interface ActionInput {
  taskId: string;
  action: string;
  note?: string;
  toStep?: string;
  flags?: string[];
}

/** Runs an action that must succeed and returns the task as it left it. */
export async function act(subgraph: TestSubgraph, identity: Identity, input: ActionInput): Promise<ActedTask> {
  const response = await subgraph.request<{ actOnTask: ActedTask }>(ACT_ON_TASK, { input }, { identity });
  return dataOf(response).actOnTask;
}

/** Runs an action that must fail and returns its error. */
export async function actError(
  subgraph: TestSubgraph,
  identity: Identity,
  input: ActionInput,
): Promise<GraphQLErrorBody & { extensions?: { status?: string } }> {
  const response = await subgraph.request(ACT_ON_TASK, { input }, { identity });
  return errorOf(response);
}
