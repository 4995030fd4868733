/**
 * Writes of the workflow that every step shares: new tasks, timeline entries (全程留痕) and the event status that
 * follows from its tasks. Each takes the caller's transaction.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '@lianfang/db';
import {
  type ActorRecord,
  type EventRow,
  HANDED_ON_STATUSES,
  TASK_COLUMNS,
  type TaskRow,
  type TaskStatus,
} from './rows.js';
import { STEP_LEVEL_LENGTH, type StepLevel } from './rule-schema.js';

/** Returns the unit that handles a step of an event: the event's org unit code cut to the step level's length. */
export function unitAtLevel(eventUnit: string, level: StepLevel): string {
  return eventUnit.slice(0, Math.min(eventUnit.length, STEP_LEVEL_LENGTH[level]));
}

let lastIdTime = 0;

/**
 * Task id `T-<time>-<random>`: the time part is the millisecond clock in base 36, bumped by one when two ids fall in
 * the same millisecond, so ids made by one process sort in creation order. Lists order the tasks of one dispatch,
 * which share a dispatch time, by id and so in the order of the rule's steps.
 */
export function newTaskId(now: number = Date.now()): string {
  lastIdTime = Math.max(now, lastIdTime + 1);
  return `T-${lastIdTime.toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
}

export interface NewTask {
  eventId: string;
  department: string;
  orgUnit: string;
  role: TaskRow['role'];
  ruleId: number | null;
  step: string | null;
  previousTaskId: string | null;
  dispatchedAt: Date;
  deadline: Date;
}

export async function insertTask(tx: Queryable, task: NewTask): Promise<TaskRow> {
  const { rows } = await tx.query<TaskRow>(
    `INSERT INTO governance.tasks AS t (id, event_id, department, org_unit_code, role, status, rule_id, step,
                                        previous_task_id, deadline, dispatched_at)
     VALUES ($1, $2, $3, $4, $5, 'DISPATCHED', $6, $7, $8, $9, $10)
     RETURNING ${TASK_COLUMNS}`,
    [
      newTaskId(),
      task.eventId,
      task.department,
      task.orgUnit,
      task.role,
      task.ruleId,
      task.step,
      task.previousTaskId,
      task.deadline.toISOString(),
      task.dispatchedAt.toISOString(),
    ],
  );
  const row = rows[0];
  if (!row) throw new Error(`Inserting a task of event ${task.eventId} returned no row`);
  return row;
}

export interface TimelineRecord {
  eventId: string;
  taskId?: string | null;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  actor: ActorRecord;
  note?: string | null;
  details?: Record<string, unknown>;
}

/** Appends one entry to the event's timeline; the table refuses updates and deletes. */
export async function appendTimeline(tx: Queryable, entry: TimelineRecord): Promise<void> {
  await tx.query(
    `INSERT INTO governance.event_timeline (event_id, task_id, action, from_status, to_status, actor_id, actor_name,
                                            actor_department, actor_org_unit, note, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
    [
      entry.eventId,
      entry.taskId ?? null,
      entry.action,
      entry.fromStatus ?? null,
      entry.toStatus ?? null,
      entry.actor.id,
      entry.actor.name,
      entry.actor.department,
      entry.actor.orgUnit,
      entry.note ?? null,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

const STATUS_ORDER = {
  DISPATCHED: 0,
  ACCEPTED: 1,
  IN_PROGRESS: 2,
  RESOLVED: 3,
  VERIFIED: 4,
  CLOSED: 5,
} as const;

/**
 * Derives an event's status from its tasks: every task closed → CLOSED, every task at least verified → VERIFIED,
 * at least resolved → RESOLVED, any task accepted or further → IN_PROGRESS, else DISPATCHED. Tasks handed on
 * (returned, transferred, escalated) and notifications do not count; an event without active tasks stays DISPATCHED.
 */
export function eventStatusOf(tasks: readonly Pick<TaskRow, 'status' | 'role'>[]): EventRow['status'] {
  const ranks = tasks
    .filter((task) => task.role !== 'NOTIFIED' && !HANDED_ON_STATUSES.includes(task.status))
    .map((task) => (STATUS_ORDER as Record<string, number>)[task.status] ?? 0);
  if (ranks.length === 0) return 'DISPATCHED';
  const lowest = Math.min(...ranks);
  if (lowest >= STATUS_ORDER.CLOSED) return 'CLOSED';
  if (lowest >= STATUS_ORDER.VERIFIED) return 'VERIFIED';
  if (lowest >= STATUS_ORDER.RESOLVED) return 'RESOLVED';
  if (Math.max(...ranks) >= STATUS_ORDER.ACCEPTED) return 'IN_PROGRESS';
  return 'DISPATCHED';
}

/** Recomputes and stores the status of an event from its tasks; returns the status before and after. */
export async function refreshEventStatus(
  tx: Queryable,
  eventId: string,
  at: Date,
): Promise<{ from: EventRow['status']; to: EventRow['status'] }> {
  const { rows: events } = await tx.query<{ status: EventRow['status'] }>(
    'SELECT status FROM governance.events WHERE id = $1 FOR UPDATE',
    [eventId],
  );
  const from = events[0]?.status ?? 'DISPATCHED';
  const { rows: tasks } = await tx.query<{ status: TaskStatus; role: TaskRow['role'] }>(
    'SELECT status, role FROM governance.tasks WHERE event_id = $1',
    [eventId],
  );
  const to = eventStatusOf(tasks);
  if (to !== from) {
    await tx.query(
      `UPDATE governance.events SET status = $2, closed_at = CASE WHEN $2 = 'CLOSED' THEN $3::timestamptz END
       WHERE id = $1`,
      [eventId, to, at.toISOString()],
    );
  }
  return { from, to };
}
