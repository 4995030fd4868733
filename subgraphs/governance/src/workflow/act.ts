/**
 * `actOnTask`: one step of a task's lifecycle, taken in one transaction with the task row locked, recorded on the
 * event's timeline, followed by the event status its tasks now give.
 */
import type { Queryable } from '@lianfang/db';
import {
  badUserInput,
  ForbiddenReason,
  forbidden,
  isWithinJurisdiction,
  notFound,
  quoted,
  type SubgraphContext,
} from '@lianfang/subgraph-kit';
import { notifyByRule } from './dispatch.js';
import { escalateTask, type HandOffContext, returnTask, transferTask } from './handoffs.js';
import { departmentName, describeFlags, EVENT_FLAGS, flagName } from './labels.js';
import { appendTimeline, refreshEventStatus } from './records.js';
import { type ActorRecord, EVENT_COLUMNS, type EventRow, TASK_COLUMNS, type TaskRow } from './rows.js';
import { parseStoredRule } from './rule-schema.js';
import { ruleById, ruleInForce } from './rules.js';
import {
  ACTION_LABELS,
  isHandlerOf,
  isVerifier,
  NOTIFIED_TRANSITION,
  STATUS_LABELS,
  scopeUnitOf,
  type TaskAction,
  type Transition,
  transitionOf,
} from './transitions.js';

export interface TaskActionInput {
  taskId: string;
  action: TaskAction;
  note?: string | null;
  toStep?: string | null;
  flags?: string[] | null;
}

export function actorOf(context: SubgraphContext): ActorRecord {
  const { claims } = context;
  return { id: claims.sub, name: claims.name, department: claims.department, orgUnit: claims.orgUnit };
}

/** Checks the parts of the input that need no database and returns the trimmed note. */
function checkInput(input: TaskActionInput): string | null {
  if (input.taskId.length < 1 || input.taskId.length > 64) {
    throw badUserInput(`input.taskId 须为 1–64 个字符，收到 ${quoted(input.taskId)}`, { argument: 'input.taskId' });
  }
  const note = input.note?.trim() || null;
  if (note !== null && (note.length < 2 || note.length > 2000)) {
    throw badUserInput(`input.note 须为 2–2000 个字符，收到 ${note.length} 个字符`, { argument: 'input.note' });
  }
  if ((input.flags?.length ?? 0) > EVENT_FLAGS.length) {
    throw badUserInput(`input.flags 最多 ${EVENT_FLAGS.length} 个标记`, { argument: 'input.flags' });
  }
  for (const flag of input.flags ?? []) {
    if (!EVENT_FLAGS.includes(flag)) {
      throw badUserInput(`input.flags 中的标记只能是 ${describeFlags()}，收到 ${quoted(flag)}`, {
        argument: 'input.flags',
        reason: 'UNKNOWN_FLAG',
      });
    }
  }
  if (input.toStep && input.action !== 'TRANSFER') {
    throw badUserInput('input.toStep 只用于转办（TRANSFER）', { argument: 'input.toStep' });
  }
  return note;
}

function assertNote(transition: Transition, action: TaskAction, note: string | null): void {
  if (transition.noteRequired && note === null) {
    const what = action === 'RESOLVE' ? '办结反馈' : '原因';
    throw badUserInput(`“${ACTION_LABELS[action]}”须在 input.note 中填写${what}（2–2000 字）`, {
      argument: 'input.note',
      reason: 'NOTE_REQUIRED',
    });
  }
}

/** Rejects a caller who may not take the action: wrong department or role first, then outside jurisdiction. */
function assertMayPerform(context: SubgraphContext, transition: Transition, task: TaskRow, event: EventRow): void {
  const target = `Mutation.actOnTask(${task.id})`;
  if (transition.performer === 'handler' && !isHandlerOf(context, task)) {
    context.access.deny(target, ForbiddenReason.ROLE);
    throw forbidden(
      `此任务的承办部门为${departmentName(task.department)}，只有该部门的工作人员或指挥员可以执行此操作`,
      ForbiddenReason.ROLE,
    );
  }
  if (transition.performer === 'verifier' && !isVerifier(context)) {
    context.access.deny(target, ForbiddenReason.ROLE);
    throw forbidden('核查、重新处置和关闭只能由综治中心的指挥员执行', ForbiddenReason.ROLE);
  }
  const unit = scopeUnitOf(transition.performer, task, event.org_unit_code);
  if (!isWithinJurisdiction(context, unit)) {
    context.access.deny(target, ForbiddenReason.OUT_OF_JURISDICTION);
    throw forbidden(
      `任务所属单元 ${unit} 不在本账号的管辖范围（${context.claims.orgUnit} 及其下级）内，不能执行此操作`,
      ForbiddenReason.OUT_OF_JURISDICTION,
      { orgUnit: unit },
    );
  }
}

function invalidTransition(task: TaskRow, action: TaskAction) {
  const reason =
    task.role === 'NOTIFIED'
      ? '知会任务只需签收'
      : `任务当前状态为“${STATUS_LABELS[task.status]}”，不能执行“${ACTION_LABELS[action]}”`;
  return badUserInput(`${reason}（任务 ${task.id}）`, {
    argument: 'input.action',
    reason: 'INVALID_TRANSITION',
    status: task.status,
  });
}

async function updateStatus(
  tx: Queryable,
  task: TaskRow,
  action: TaskAction,
  to: string,
  note: string | null,
  at: Date,
): Promise<TaskRow> {
  const { rows } = await tx.query<TaskRow>(
    `UPDATE governance.tasks t SET
       status = $2,
       accepted_at = CASE WHEN $3 = 'ACCEPT' THEN $4::timestamptz ELSE accepted_at END,
       resolved_at = CASE WHEN $3 = 'RESOLVE' THEN $4::timestamptz WHEN $3 = 'REOPEN' THEN NULL ELSE resolved_at END,
       closed_at = CASE WHEN $2 = 'CLOSED' THEN $4::timestamptz ELSE closed_at END,
       reopened_count = reopened_count + CASE WHEN $3 = 'REOPEN' THEN 1 ELSE 0 END,
       feedback = CASE WHEN $3 = 'RESOLVE' THEN $5 ELSE feedback END
     WHERE id = $1
     RETURNING ${TASK_COLUMNS}`,
    [task.id, to, action, at.toISOString(), note],
  );
  const updated = rows[0];
  if (!updated) throw new Error(`Task ${task.id} vanished while locked`);
  return updated;
}

/** Adds flags to the event and notifies the departments whose notify rule waits for one of the new flags. */
async function addFlags(
  tx: Queryable,
  task: TaskRow,
  event: EventRow,
  flags: string[],
  actor: ActorRecord,
  at: Date,
): Promise<void> {
  const added = [...new Set(flags)].filter((flag) => !event.flags.includes(flag));
  if (added.length === 0) return;
  await tx.query('UPDATE governance.events SET flags = flags || $2::text[] WHERE id = $1', [event.id, added]);
  await appendTimeline(tx, {
    eventId: event.id,
    taskId: task.id,
    action: 'FLAG',
    actor,
    details: { addedFlags: added, flagNames: added.map(flagName) },
  });
  const rule =
    task.rule_id !== null ? await ruleById(tx, task.rule_id) : await ruleInForce(tx, event.category, event.severity);
  if (rule) {
    const document = parseStoredRule(rule.rule, String(rule.id));
    await notifyByRule(tx, event, rule, document, new Set(added), actor, at);
  }
}

async function lockTask(tx: Queryable, taskId: string): Promise<{ task: TaskRow; event: EventRow }> {
  const { rows } = await tx.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM governance.tasks t WHERE t.id = $1 FOR UPDATE`,
    [taskId],
  );
  const task = rows[0];
  if (!task) throw notFound(`任务 ${quoted(taskId)} 不存在`, { argument: 'input.taskId' });
  const { rows: events } = await tx.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM governance.events e WHERE e.id = $1`,
    [task.event_id],
  );
  const event = events[0];
  if (!event) throw new Error(`Event ${task.event_id} of task ${task.id} not found`);
  return { task, event };
}

/** Takes one action on a task; returns the task as the action left it. */
export async function actOnTask(context: SubgraphContext, input: TaskActionInput): Promise<TaskRow> {
  const note = checkInput(input);
  const actor = actorOf(context);
  return context.database.transaction(async (tx) => {
    const { task, event } = await lockTask(tx, input.taskId);
    const transition = transitionOf(task, input.action);
    assertMayPerform(context, transition ?? NOTIFIED_TRANSITION, task, event);
    if (!transition?.from.includes(task.status)) throw invalidTransition(task, input.action);
    assertNote(transition, input.action, note);

    const at = new Date();
    await addFlags(tx, task, event, input.flags ?? [], actor, at);
    const handOff: HandOffContext = { tx, task, event, actor, note, at };
    let updated: TaskRow;
    if (input.action === 'RETURN') updated = (await returnTask(handOff)).task;
    else if (input.action === 'TRANSFER') updated = (await transferTask(handOff, input.toStep)).task;
    else if (input.action === 'ESCALATE') updated = (await escalateTask(handOff)).task;
    else updated = await updateStatus(tx, task, input.action, transition.to, note, at);

    const eventStatus = await refreshEventStatus(tx, event.id, at);
    if (!HAND_OFF_ACTIONS.includes(input.action)) {
      await appendTimeline(tx, {
        eventId: event.id,
        taskId: task.id,
        action: input.action,
        fromStatus: task.status,
        toStatus: updated.status,
        actor,
        note,
        details: {
          ...(task.role === 'NOTIFIED' ? { acknowledged: true } : {}),
          ...(eventStatus.from !== eventStatus.to ? { eventStatus } : {}),
        },
      });
    }
    context.logger.info(
      { taskId: task.id, eventId: event.id, action: input.action, from: task.status, to: updated.status },
      'task action taken',
    );
    return updated;
  });
}

/** Actions whose timeline entries the hand-off functions write. */
const HAND_OFF_ACTIONS: readonly TaskAction[] = ['RETURN', 'TRANSFER', 'ESCALATE'];
