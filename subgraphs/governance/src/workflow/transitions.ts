/**
 * The task lifecycle as a table: which action moves a task from which status to which, who may take it, and
 * whether it needs a note. `actOnTask` executes it; `allowedActions` shows the caller's choices.
 */
import { isWithinJurisdiction, type SubgraphContext } from '@lianfang/subgraph-kit';
import type { TaskRow, TaskStatus } from './rows.js';

export const TASK_ACTIONS = [
  'ACCEPT',
  'START',
  'RESOLVE',
  'VERIFY',
  'REOPEN',
  'CLOSE',
  'RETURN',
  'TRANSFER',
  'ESCALATE',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** Performer of an action: the handling department's staff, or the governance commanders of the event's unit. */
export type Performer = 'handler' | 'verifier';

export interface Transition {
  from: readonly TaskStatus[];
  to: TaskStatus;
  performer: Performer;
  noteRequired: boolean;
}

export const TRANSITIONS: Record<TaskAction, Transition> = {
  ACCEPT: { from: ['DISPATCHED'], to: 'ACCEPTED', performer: 'handler', noteRequired: false },
  START: { from: ['ACCEPTED'], to: 'IN_PROGRESS', performer: 'handler', noteRequired: false },
  RESOLVE: { from: ['IN_PROGRESS'], to: 'RESOLVED', performer: 'handler', noteRequired: true },
  VERIFY: { from: ['RESOLVED'], to: 'VERIFIED', performer: 'verifier', noteRequired: false },
  REOPEN: { from: ['RESOLVED', 'VERIFIED'], to: 'IN_PROGRESS', performer: 'verifier', noteRequired: true },
  CLOSE: { from: ['VERIFIED'], to: 'CLOSED', performer: 'verifier', noteRequired: false },
  RETURN: { from: ['DISPATCHED', 'ACCEPTED'], to: 'RETURNED', performer: 'handler', noteRequired: true },
  TRANSFER: { from: ['ACCEPTED', 'IN_PROGRESS'], to: 'TRANSFERRED', performer: 'handler', noteRequired: true },
  ESCALATE: {
    from: ['DISPATCHED', 'ACCEPTED', 'IN_PROGRESS'],
    to: 'ESCALATED',
    performer: 'handler',
    noteRequired: true,
  },
};

/** A notification task only needs acknowledging: ACCEPT closes it, and no other action applies. */
export const NOTIFIED_TRANSITION: Transition = {
  from: ['DISPATCHED'],
  to: 'CLOSED',
  performer: 'handler',
  noteRequired: false,
};

export function transitionOf(task: Pick<TaskRow, 'role'>, action: TaskAction): Transition | null {
  if (task.role === 'NOTIFIED') return action === 'ACCEPT' ? NOTIFIED_TRANSITION : null;
  return TRANSITIONS[action];
}

export const STATUS_LABELS: Record<TaskStatus, string> = {
  DISPATCHED: '已派单',
  ACCEPTED: '已签收',
  IN_PROGRESS: '处置中',
  RESOLVED: '已办结',
  VERIFIED: '已核查',
  CLOSED: '已关闭',
  RETURNED: '已退回',
  TRANSFERRED: '已转办',
  ESCALATED: '已上报上级',
};

export const ACTION_LABELS: Record<TaskAction, string> = {
  ACCEPT: '签收',
  START: '开始处置',
  RESOLVE: '办结',
  VERIFY: '核查通过',
  REOPEN: '重新处置',
  CLOSE: '关闭',
  RETURN: '退回',
  TRANSFER: '转办',
  ESCALATE: '上报上级',
};

/** Roles that act on tasks; analysts, auditors and camera accounts only read. */
const HANDLER_ROLES = ['staff', 'commander'];

/** Tells whether the caller handles tasks of the task's department; `mayPerform` adds the unit check. */
export function isHandlerOf(context: SubgraphContext, task: Pick<TaskRow, 'department'>): boolean {
  const { claims } = context;
  return claims.department === task.department && claims.roles.some((role) => HANDLER_ROLES.includes(role));
}

/** Tells whether the caller is a governance commander, who verifies, reopens and closes tasks. */
export function isVerifier(context: SubgraphContext): boolean {
  return context.claims.department === 'governance' && context.claims.roles.includes('commander');
}

/** The unit a performer must have within their jurisdiction: the task's unit or the event's unit. */
export function scopeUnitOf(performer: Performer, task: Pick<TaskRow, 'org_unit_code'>, eventUnit: string): string {
  return performer === 'handler' ? task.org_unit_code : eventUnit;
}

export function mayPerform(
  context: SubgraphContext,
  performer: Performer,
  task: Pick<TaskRow, 'department' | 'org_unit_code'>,
  eventUnit: string,
): boolean {
  const role = performer === 'handler' ? isHandlerOf(context, task) : isVerifier(context);
  return role && isWithinJurisdiction(context, scopeUnitOf(performer, task, eventUnit));
}

/**
 * Actions the caller may take on a task now. TRANSFER is listed when the task can be handed on without naming a
 * step: its rule has a hand-off from the task's step, or the task has no step (a returned event to re-dispatch).
 * ESCALATE is not listed at district level, which has no level above.
 */
export function allowedActions(
  context: SubgraphContext,
  task: Pick<TaskRow, 'department' | 'org_unit_code' | 'role' | 'status' | 'step'>,
  eventUnit: string,
  hasHandOff: boolean,
): TaskAction[] {
  return TASK_ACTIONS.filter((action) => {
    const transition = transitionOf(task, action);
    if (!transition?.from.includes(task.status)) return false;
    if (action === 'TRANSFER' && !(hasHandOff || task.step === null)) return false;
    if (action === 'ESCALATE' && task.org_unit_code.length <= 6) return false;
    return mayPerform(context, transition.performer, task, eventUnit);
  });
}
