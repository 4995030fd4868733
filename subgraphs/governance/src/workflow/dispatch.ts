/**
 * Dispatch by the responsibility list: a new event gets one task per dispatch and follow-up step of the rule in
 * force, and a notification task per notify rule that applies to its flags.
 */
import type { Queryable } from '@lianfang/db';
import { appendTimeline, insertTask, unitAtLevel } from './records.js';
import type { ActorRecord, EventRow, RuleRow, TaskRow } from './rows.js';
import { parseStoredRule, type RuleDocument } from './rule-schema.js';
import { ruleInForce } from './rules.js';

/** Time a notified department has to acknowledge a notification: one day. */
export const NOTIFY_ACK_MINUTES = 24 * 60;
const MINUTE_MS = 60_000;

export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * MINUTE_MS);
}

/**
 * Dispatches a new event inside the caller's transaction: inserts its tasks, writes a DISPATCH timeline entry per
 * task and a NOTIFY entry per notification, and sets the event's status to DISPATCHED (also on `event`). Throws
 * when no rule applies, which only happens when the list lacks the OTHER rule.
 */
export async function dispatchNewEvent(tx: Queryable, event: EventRow, actor: ActorRecord): Promise<TaskRow[]> {
  const rule = await ruleInForce(tx, event.category, event.severity);
  if (!rule) throw new Error(`No responsibility rule applies to ${event.category}/${event.severity}, not even OTHER`);
  const document = parseStoredRule(rule.rule, String(rule.id));
  const at = new Date();
  const tasks: TaskRow[] = [];

  for (const step of [...document.dispatch, ...document.followUp]) {
    const task = await insertTask(tx, {
      eventId: event.id,
      department: step.department,
      orgUnit: unitAtLevel(event.org_unit_code, step.level),
      role: step.role,
      ruleId: rule.id,
      step: step.key,
      previousTaskId: null,
      dispatchedAt: at,
      deadline: addMinutes(at, step.deadlineMinutes),
    });
    tasks.push(task);
    await appendTimeline(tx, {
      eventId: event.id,
      taskId: task.id,
      action: 'DISPATCH',
      toStatus: 'DISPATCHED',
      actor,
      note: step.description,
      details: dispatchDetails(rule, task, step.deadlineMinutes),
    });
  }
  tasks.push(...(await notifyByRule(tx, event, rule, document, new Set(event.flags), actor, at)));

  await tx.query(`UPDATE governance.events SET status = 'DISPATCHED' WHERE id = $1`, [event.id]);
  event.status = 'DISPATCHED';
  return tasks;
}

export function dispatchDetails(rule: RuleRow, task: TaskRow, deadlineMinutes: number): Record<string, unknown> {
  return {
    rule: String(rule.id),
    version: rule.version,
    step: task.step,
    department: task.department,
    orgUnit: task.org_unit_code,
    role: task.role,
    deadlineMinutes,
  };
}

/**
 * Creates the notification tasks of the notify rules whose condition is ALWAYS or one of `flags`, except for a
 * department and unit already notified of the event. Writes a NOTIFY timeline entry per task.
 */
export async function notifyByRule(
  tx: Queryable,
  event: EventRow,
  rule: RuleRow,
  document: RuleDocument,
  flags: ReadonlySet<string>,
  actor: ActorRecord,
  at: Date,
): Promise<TaskRow[]> {
  const { rows: existing } = await tx.query<{ department: string; org_unit_code: string }>(
    `SELECT department, org_unit_code FROM governance.tasks WHERE event_id = $1 AND role = 'NOTIFIED'`,
    [event.id],
  );
  const notified = new Set(existing.map((row) => `${row.department}/${row.org_unit_code}`));
  const tasks: TaskRow[] = [];
  for (const notice of document.notify) {
    if (notice.when !== 'ALWAYS' && !flags.has(notice.when)) continue;
    const orgUnit = unitAtLevel(event.org_unit_code, notice.level);
    if (notified.has(`${notice.department}/${orgUnit}`)) continue;
    notified.add(`${notice.department}/${orgUnit}`);
    const task = await insertTask(tx, {
      eventId: event.id,
      department: notice.department,
      orgUnit,
      role: 'NOTIFIED',
      ruleId: rule.id,
      step: null,
      previousTaskId: null,
      dispatchedAt: at,
      deadline: addMinutes(at, NOTIFY_ACK_MINUTES),
    });
    tasks.push(task);
    await appendTimeline(tx, {
      eventId: event.id,
      taskId: task.id,
      action: 'NOTIFY',
      toStatus: 'DISPATCHED',
      actor,
      details: { ...dispatchDetails(rule, task, NOTIFY_ACK_MINUTES), when: notice.when },
    });
  }
  return tasks;
}
