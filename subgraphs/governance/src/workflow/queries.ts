/**
 * Reads of the event workflow: events by id and by unit, task lists, and the per-request loaders that fetch an
 * event's tasks and timeline in one statement per batch. Every read is limited to the caller's jurisdiction.
 */
import {
  assertFirst,
  assertOrgUnitCode,
  assertWithinJurisdiction,
  badUserInput,
  DEPARTMENTS,
  decodeCursor,
  encodeCursor,
  ForbiddenReason,
  forbidden,
  groupBy,
  isOwnCity,
  isWithinJurisdiction,
  outOfJurisdiction,
  pageOf,
  parseTimeRange,
  quoted,
  requestListLoader,
  requestLoader,
  type SubgraphContext,
} from '@lianfang/subgraph-kit';
import { departmentName } from './labels.js';
import {
  EVENT_COLUMNS,
  type EventRow,
  OPEN_TASK_STATUSES,
  TASK_COLUMNS,
  type TaskRow,
  TIMELINE_COLUMNS,
  type TimelineRow,
} from './rows.js';

export const MAX_EVENT_PAGE = 500;
export const MAX_TASK_LIST = 500;
const EVENT_CURSOR = 'event';
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const EVENT_STATUSES = ['REPORTED', 'DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'VERIFIED', 'CLOSED'];

export function eventLoader(context: SubgraphContext) {
  return requestLoader<string, EventRow>(context, 'eventById', async (ids) => {
    const { rows } = await context.database.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM governance.events e WHERE e.id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  });
}

export function taskLoader(context: SubgraphContext) {
  return requestLoader<string, TaskRow>(context, 'taskById', async (ids) => {
    const { rows } = await context.database.query<TaskRow>(
      `SELECT ${TASK_COLUMNS} FROM governance.tasks t WHERE t.id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  });
}

export function tasksOfEventLoader(context: SubgraphContext) {
  return requestListLoader<string, TaskRow>(context, 'tasksByEvent', async (eventIds) => {
    const { rows } = await context.database.query<TaskRow>(
      `SELECT ${TASK_COLUMNS} FROM governance.tasks t WHERE t.event_id = ANY($1) ORDER BY t.dispatched_at, t.id`,
      [eventIds],
    );
    return groupBy(rows, (row) => row.event_id);
  });
}

export function timelineLoader(context: SubgraphContext) {
  return requestListLoader<string, TimelineRow>(context, 'timelineByEvent', async (eventIds) => {
    const { rows } = await context.database.query<TimelineRow>(
      `SELECT ${TIMELINE_COLUMNS} FROM governance.event_timeline l WHERE l.event_id = ANY($1) ORDER BY l.id`,
      [eventIds],
    );
    return groupBy(rows, (row) => row.event_id);
  });
}

/**
 * Loads an event the caller may see: null when it does not exist, FORBIDDEN when it lies outside their units. With
 * `reporterMay`, the reporter of the event may read it wherever it lies, e.g. a grid worker's report outside their grid.
 */
export async function visibleEvent(
  context: SubgraphContext,
  id: string,
  target: string,
  reporterMay = false,
): Promise<EventRow | null> {
  if (id.length < 1 || id.length > 64) {
    throw badUserInput(`id 须为 1–64 个字符，收到 ${quoted(id)}`, { argument: 'id' });
  }
  const event = await eventLoader(context).load(id);
  if (!event) return null;
  if (reporterMay && isOwnCity(context) && event.reported_by === context.claims.sub) return event;
  if (!isWithinJurisdiction(context, event.org_unit_code))
    throw outOfJurisdiction(context, target, event.org_unit_code);
  return event;
}

/**
 * Loads a task the caller may read. Anyone who may read its event may read the task, because a task's unit contains
 * the event's unit.
 */
export async function visibleTask(context: SubgraphContext, id: string): Promise<TaskRow | null> {
  const task = await taskLoader(context).load(id);
  if (!task) return null;
  await visibleEvent(context, task.event_id, `Task(${id})`);
  return task;
}

export interface EventSearchArgs {
  orgUnit: string;
  status?: string[] | null;
  from?: Date | null;
  to?: Date | null;
  first: number;
  after?: string | null;
}

type EventPageRow = EventRow & { cursor_time: string };

function decodeEventCursor(after: string): [string, string] {
  const [time, id] = decodeCursor(EVENT_CURSOR, after, 2) as [string, string];
  if (!CURSOR_TIME.test(time) || Number.isNaN(new Date(time).getTime())) {
    throw badUserInput(`after 游标无效，收到 ${quoted(after)}；请传上一页 pageInfo.endCursor 的原值`, {
      argument: 'after',
    });
  }
  return [time, id];
}

/** Events of a unit and its sub-units, newest first, as keyset pages on (reported_at DESC, id DESC). */
export async function searchEvents(context: SubgraphContext, args: EventSearchArgs) {
  assertOrgUnitCode(args.orgUnit, 'orgUnit');
  assertWithinJurisdiction(context, args.orgUnit, 'Query.events');
  assertFirst(args.first, MAX_EVENT_PAGE);
  const range = parseTimeRange(args);
  const statuses = args.status ?? null;
  if (statuses?.some((status) => !EVENT_STATUSES.includes(status))) {
    throw badUserInput(`status 含未知的事件状态：${quoted(statuses)}`, { argument: 'status' });
  }
  const [afterTime, afterId] = args.after ? decodeEventCursor(args.after) : [null, null];

  const filter = `e.org_unit_code LIKE $1 || '%'
    AND ($2::timestamptz IS NULL OR e.reported_at >= $2::timestamptz)
    AND ($3::timestamptz IS NULL OR e.reported_at < $3::timestamptz)
    AND ($4::text[] IS NULL OR e.status = ANY($4::text[]))`;
  const params = [args.orgUnit, range.from, range.to, statuses];
  const { rows } = await context.database.query<EventPageRow>(
    `SELECT ${EVENT_COLUMNS},
            to_char(e.reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_time
     FROM governance.events e
     WHERE ${filter} AND ($5::timestamptz IS NULL OR (e.reported_at, e.id) < ($5::timestamptz, $6::text))
     ORDER BY e.reported_at DESC, e.id DESC LIMIT $7`,
    [...params, afterTime, afterId, args.first + 1],
  );

  const page = pageOf(
    rows,
    args.first,
    (row) => encodeCursor(EVENT_CURSOR, [row.cursor_time, row.id]),
    (row) => row,
  );
  // The count runs only when the query selects totalCount.
  const totalCount = async () => {
    const result = await context.database.query<{ count: number }>(
      `SELECT count(*)::integer AS count FROM governance.events e WHERE ${filter}`,
      params,
    );
    return result.rows[0]?.count ?? 0;
  };
  return { ...page, totalCount };
}

export interface TaskListArgs {
  orgUnit?: string | null;
  department?: string | null;
  openOnly: boolean;
  overdueOnly: boolean;
  first: number;
}

/**
 * Tasks of a department at a unit and below, earliest deadline first. By default the caller's department and unit;
 * governance callers see every department unless they name one, other departments only their own.
 */
export async function listTasks(context: SubgraphContext, args: TaskListArgs): Promise<TaskRow[]> {
  const orgUnit = args.orgUnit ?? context.claims.orgUnit;
  assertOrgUnitCode(orgUnit, 'orgUnit');
  assertWithinJurisdiction(context, orgUnit, 'Query.tasks');
  assertFirst(args.first, MAX_TASK_LIST);
  const ownDepartment = context.claims.department;
  const department = args.department ?? (ownDepartment === 'governance' ? null : ownDepartment);
  if (department !== null && !DEPARTMENTS.includes(department as never)) {
    throw badUserInput(`department 须为 ${DEPARTMENTS.join('、')} 之一，收到 ${quoted(department)}`, {
      argument: 'department',
    });
  }
  if (ownDepartment !== 'governance' && department !== ownDepartment) {
    context.access.deny(`Query.tasks(${department})`, ForbiddenReason.DEPARTMENT_SCOPE);
    throw forbidden(
      `只能查看本部门（${departmentName(ownDepartment)}）的任务；综治中心可查看各部门的任务`,
      ForbiddenReason.DEPARTMENT_SCOPE,
      {
        argument: 'department',
      },
    );
  }
  const { rows } = await context.database.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM governance.tasks t
     WHERE t.org_unit_code LIKE $1 || '%'
       AND ($2::text IS NULL OR t.department = $2)
       AND (NOT $3 OR t.status = ANY($4::text[]))
       AND (NOT $5 OR (t.status = ANY($4::text[]) AND t.deadline < now()) OR t.resolved_at > t.deadline)
     ORDER BY t.deadline, t.id
     LIMIT $6`,
    [orgUnit, department, args.openOnly, OPEN_TASK_STATUSES, args.overdueOnly, args.first],
  );
  return rows;
}
