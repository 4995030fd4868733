/**
 * Steps that end a task and continue its work in a new one: return for re-dispatch, transfer to another step of the
 * responsibility list, and escalation to the level above. Each writes the hand-off on the old task's timeline and a
 * DISPATCH entry for the new task.
 */
import type { Queryable } from '@lianfang/db';
import { badUserInput, quoted } from '@lianfang/subgraph-kit';
import { addMinutes, dispatchDetails } from './dispatch.js';
import { appendTimeline, insertTask, unitAtLevel } from './records.js';
import { type ActorRecord, type EventRow, type RuleRow, TASK_COLUMNS, type TaskRow } from './rows.js';
import { parseStoredRule, type RuleStep, stepsOf } from './rule-schema.js';
import { ruleById, ruleInForce } from './rules.js';

/** Time the governance centre has to re-dispatch a returned task: two hours. */
export const REDISPATCH_MINUTES = 120;

export interface HandOffContext {
  tx: Queryable;
  task: TaskRow;
  event: EventRow;
  actor: ActorRecord;
  note: string | null;
  at: Date;
  /** Extra details for the hand-off's timeline entry, such as the reason of an automatic escalation. */
  details?: Record<string, unknown>;
}

const HANDED_ON_STATUS = { RETURN: 'RETURNED', TRANSFER: 'TRANSFERRED', ESCALATE: 'ESCALATED' } as const;

/** The task handed on, in its final status, and the task that continues its work. */
export interface HandOffResult {
  task: TaskRow;
  next: TaskRow;
}

async function markHandedOn(
  handOff: HandOffContext,
  action: 'RETURN' | 'TRANSFER' | 'ESCALATE',
  next: TaskRow,
  rule: RuleRow | null,
  details: Record<string, unknown>,
): Promise<TaskRow> {
  const { tx, task, event, actor, note, at } = handOff;
  const to = HANDED_ON_STATUS[action];
  const { rows } = await tx.query<TaskRow>(
    `UPDATE governance.tasks t SET status = $2 WHERE id = $1 RETURNING ${TASK_COLUMNS}`,
    [task.id, to],
  );
  await appendTimeline(tx, {
    eventId: event.id,
    taskId: task.id,
    action,
    fromStatus: task.status,
    toStatus: to,
    actor,
    note,
    details: {
      ...details,
      newTask: next.id,
      toDepartment: next.department,
      toOrgUnit: next.org_unit_code,
      ...(rule ? { rule: String(rule.id), version: rule.version } : {}),
      ...handOff.details,
    },
  });
  const minutes = Math.round((next.deadline.getTime() - at.getTime()) / 60_000);
  await appendTimeline(tx, {
    eventId: event.id,
    taskId: next.id,
    action: 'DISPATCH',
    toStatus: 'DISPATCHED',
    actor,
    note,
    details: {
      ...(rule ? dispatchDetails(rule, next, minutes) : { department: next.department, orgUnit: next.org_unit_code }),
      previousTask: task.id,
      reason: action,
    },
  });
  const updated = rows[0];
  if (!updated) throw new Error(`Task ${task.id} vanished while locked`);
  return updated;
}

/**
 * Returns a task as not the department's duty. A governance LEAD task at the event's community takes over, so that
 * the governance centre re-dispatches it. A governance centre's own task goes to the governance centre one level up.
 */
export async function returnTask(handOff: HandOffContext): Promise<HandOffResult> {
  const { task, event, at } = handOff;
  let orgUnit = unitAtLevel(event.org_unit_code, 'COMMUNITY');
  if (task.department === 'governance') {
    if (task.org_unit_code.length <= 6) {
      throw badUserInput('区综治中心的任务不能退回；请转办给职责清单中的环节或直接处置', {
        argument: 'input.action',
        reason: 'AT_TOP_LEVEL',
      });
    }
    orgUnit = task.org_unit_code.slice(0, task.org_unit_code.length - 3);
  }
  const next = await insertTask(handOff.tx, {
    eventId: event.id,
    department: 'governance',
    orgUnit,
    role: 'LEAD',
    ruleId: task.rule_id,
    step: null,
    previousTaskId: task.id,
    dispatchedAt: at,
    deadline: addMinutes(at, REDISPATCH_MINUTES),
  });
  return { task: await markHandedOn(handOff, 'RETURN', next, null, { fromDepartment: task.department }), next };
}

/** The rule a hand-off follows: the task's own version, or for a task without one the rule in force. */
async function ruleForHandOff(tx: Queryable, task: TaskRow, event: EventRow): Promise<RuleRow> {
  const rule =
    task.rule_id !== null ? await ruleById(tx, task.rule_id) : await ruleInForce(tx, event.category, event.severity);
  if (!rule) throw new Error(`No responsibility rule found for task ${task.id}`);
  return rule;
}

function targetStep(
  task: TaskRow,
  rule: RuleRow,
  toStep: string | null | undefined,
): { step: RuleStep; condition: string | null } {
  const document = parseStoredRule(rule.rule, String(rule.id));
  const steps = stepsOf(document);
  const available = steps.filter((step) => step.key !== task.step).map((step) => step.key);
  if (toStep) {
    const step = steps.find((candidate) => candidate.key === toStep);
    if (!step || step.key === task.step) {
      throw badUserInput(
        `input.toStep ${quoted(toStep)} 不是职责清单规则“${rule.title}”（第 ${rule.version} 版）中可转办的环节；可选：${available.join('、') || '无'}`,
        { argument: 'input.toStep', reason: 'UNKNOWN_STEP' },
      );
    }
    const condition = document.handOffs.find((rule) => rule.from === task.step && rule.to === toStep)?.condition;
    return { step, condition: condition ?? null };
  }
  const handOff = document.handOffs.find((candidate) => candidate.from === task.step);
  const step = handOff && steps.find((candidate) => candidate.key === handOff.to);
  if (!handOff || !step) {
    throw badUserInput(
      `职责清单规则“${rule.title}”（第 ${rule.version} 版）中没有从环节 ${quoted(task.step ?? '（无）')} 转出的规则，请在 input.toStep 中指定目标环节；可选：${available.join('、') || '无'}`,
      { argument: 'input.toStep', reason: 'NO_HAND_OFF' },
    );
  }
  return { step, condition: handOff.condition };
}

/** Transfers a task to `toStep` or to the step its rule's hand-off names, e.g. school → police. */
export async function transferTask(handOff: HandOffContext, toStep: string | null | undefined): Promise<HandOffResult> {
  const { tx, task, event, at } = handOff;
  const rule = await ruleForHandOff(tx, task, event);
  const { step, condition } = targetStep(task, rule, toStep);
  const next = await insertTask(tx, {
    eventId: event.id,
    department: step.department,
    orgUnit: unitAtLevel(event.org_unit_code, step.level),
    role: step.role,
    ruleId: rule.id,
    step: step.key,
    previousTaskId: task.id,
    dispatchedAt: at,
    deadline: addMinutes(at, step.deadlineMinutes),
  });
  const details = { fromStep: task.step, toStep: step.key, condition };
  return { task: await markHandedOn(handOff, 'TRANSFER', next, rule, details), next };
}

/**
 * Escalates a task to the same department one level up, with as much time as the task had. District tasks have no
 * level above and are rejected.
 */
export async function escalateTask(handOff: HandOffContext): Promise<HandOffResult> {
  const { tx, task, event, at } = handOff;
  if (task.org_unit_code.length <= 6) {
    throw badUserInput('任务已在区一级，没有可上报的上级单位；请在本级处置或转办', {
      argument: 'input.action',
      reason: 'AT_TOP_LEVEL',
    });
  }
  const parent = task.org_unit_code.slice(0, task.org_unit_code.length - 3);
  const allowedMs = task.deadline.getTime() - task.dispatched_at.getTime();
  const next = await insertTask(tx, {
    eventId: event.id,
    department: task.department,
    orgUnit: parent,
    role: task.role,
    ruleId: task.rule_id,
    step: task.step,
    previousTaskId: task.id,
    dispatchedAt: at,
    deadline: new Date(at.getTime() + allowedMs),
  });
  const rule = task.rule_id !== null ? await ruleById(tx, task.rule_id) : null;
  return { task: await markHandedOn(handOff, 'ESCALATE', next, rule, { fromOrgUnit: task.org_unit_code }), next };
}
