/**
 * The life of one demo task: from dispatch by the responsibility list through acceptance, handling and verification
 * to closing, with the detours of real cases (transfer to the next step, escalation of an overdue task, reopening
 * after a failed verification). The plan covers the whole life; `materializeTask` keeps the steps taken by `now`.
 */
import {
  DEFAULT_PERFORMANCE,
  DEPARTMENT_PERFORMANCE,
  ESCALATE_NOTE,
  REOPEN_NOTES,
  RESOLVE_NOTES,
} from './event-plans.js';
import { chance, pickOne, type Random, uniform } from './sampling.js';

export type UnitLevel = 'DISTRICT' | 'STREET' | 'COMMUNITY' | 'GRID';
export type TaskRole = 'LEAD' | 'ASSIST' | 'FOLLOW_UP' | 'NOTIFIED';
export type TaskStatus =
  | 'DISPATCHED'
  | 'ACCEPTED'
  | 'IN_PROGRESS'
  | 'RESOLVED'
  | 'VERIFIED'
  | 'CLOSED'
  | 'RETURNED'
  | 'TRANSFERRED'
  | 'ESCALATED';

/** One step of a responsibility rule, as stored in `governance.responsibility_rules.rule`. */
export interface RuleStep {
  key: string;
  department: string;
  level: UnitLevel;
  role: TaskRole;
  deadlineMinutes: number;
  description: string;
}

/** The rule in force for one category and severity. */
export interface DemoRule {
  id: string;
  category: string;
  severity: string | null;
  dispatch: RuleStep[];
  handOffSteps: RuleStep[];
  handOffs: { from: string; to: string; condition: string }[];
  followUp: RuleStep[];
  notify: { department: string; level: UnitLevel; when: string }[];
  escalateOnOverdue: boolean;
}

export interface ActorRef {
  id: string;
  name: string;
  department: string;
  orgUnit: string;
}

/** One transition of a task, at a time in milliseconds since the epoch. */
export interface Transition {
  action: string;
  at: number;
  from: TaskStatus | null;
  to: TaskStatus;
  actor: ActorRef;
  note: string | null;
  details: Record<string, unknown>;
}

/** A task over its whole planned life; `next` is the task that continues it after a transfer or escalation. */
export interface TaskPlan {
  id: string;
  step: RuleStep;
  orgUnit: string;
  dispatchedAt: number;
  deadline: number;
  previousTaskId: string | null;
  transitions: Transition[];
  next: TaskPlan | null;
}

/** Org units of the event: its grid, community, street and district codes. */
export interface EventUnits {
  grid: string;
  community: string;
  street: string;
  district: string;
}

/** The actors of a task's life: department staff of a unit, the governance centre that verifies, the system. */
export interface Actors {
  staff(department: string, orgUnit: string): ActorRef;
  verifier: ActorRef;
  system: ActorRef;
}

export interface TaskContext {
  rule: DemoRule;
  units: EventUnits;
  actors: Actors;
  /** Multiplies every department's on-time probability for this event's street (about 0.9 to 1.05). */
  streetFactor: number;
  random: Random;
  /** Returns the next task id of the event. */
  nextId(): string;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** A notified department only acknowledges; it has a day to do so. */
const NOTIFIED_DEADLINE_MINUTES = 24 * 60;
/** Transfers and escalations in one chain stop after this many, so a chain always ends. */
const MAX_CHAIN = 3;

/** Returns the code of the unit at `level` above or at the event: a grid-level step goes to the community. */
export function unitAtLevel(units: EventUnits, level: UnitLevel): string {
  if (level === 'DISTRICT') return units.district;
  if (level === 'STREET') return units.street;
  return units.community;
}

function levelAbove(level: UnitLevel): UnitLevel | null {
  if (level === 'GRID' || level === 'COMMUNITY') return 'STREET';
  if (level === 'STREET') return 'DISTRICT';
  return null;
}

function transition(
  action: string,
  at: number,
  from: TaskStatus | null,
  to: TaskStatus,
  actor: ActorRef,
  note: string | null = null,
  details: Record<string, unknown> = {},
): Transition {
  return { action, at: Math.round(at), from, to, actor, note, details };
}

/** Plans a task that only acknowledges a notification; it closes with the event (see `closeNotifiedTask`). */
export function planNotifiedTask(context: TaskContext, step: RuleStep, dispatchedAt: number): TaskPlan {
  const orgUnit = unitAtLevel(context.units, step.level);
  const staff = context.actors.staff(step.department, orgUnit);
  const acceptedAt = dispatchedAt + uniform(10 * MINUTE_MS, 4 * HOUR_MS, context.random);
  return {
    id: context.nextId(),
    step,
    orgUnit,
    dispatchedAt,
    deadline: dispatchedAt + NOTIFIED_DEADLINE_MINUTES * MINUTE_MS,
    previousTaskId: null,
    transitions: [
      transition('DISPATCH', dispatchedAt, null, 'DISPATCHED', context.actors.system, null, { step: step.key }),
      transition('ACCEPT', acceptedAt, 'DISPATCHED', 'ACCEPTED', staff),
    ],
    next: null,
  };
}

/** Adds the closing of a notified task at the time its event closes. */
export function closeNotifiedTask(plan: TaskPlan, closedAt: number, actor: ActorRef): void {
  const accepted = plan.transitions.at(-1) as Transition;
  plan.transitions.push(transition('CLOSE', Math.max(closedAt, accepted.at + 1000), 'ACCEPTED', 'CLOSED', actor));
}

/** Plans a handled task from dispatch to close, or to the transfer or escalation that hands it on. */
export function planTask(
  context: TaskContext,
  step: RuleStep,
  dispatchedAt: number,
  orgUnit = unitAtLevel(context.units, step.level),
  previousTaskId: string | null = null,
  depth = 0,
): TaskPlan {
  const { random, actors, rule } = context;
  const performance = DEPARTMENT_PERFORMANCE[step.department] ?? DEFAULT_PERFORMANCE;
  const span = step.deadlineMinutes * MINUTE_MS;
  const staff = actors.staff(step.department, orgUnit);
  const plan: TaskPlan = {
    id: context.nextId(),
    step,
    orgUnit,
    dispatchedAt,
    deadline: dispatchedAt + span,
    previousTaskId,
    transitions: [transition('DISPATCH', dispatchedAt, null, 'DISPATCHED', actors.system, null, { step: step.key })],
    next: null,
  };
  const acceptedAt = dispatchedAt + Math.max(MINUTE_MS, span * uniform(0.02, 0.1, random));
  const startedAt = acceptedAt + Math.max(MINUTE_MS, span * uniform(0.01, 0.05, random));
  plan.transitions.push(
    transition('ACCEPT', acceptedAt, 'DISPATCHED', 'ACCEPTED', staff),
    transition('START', startedAt, 'ACCEPTED', 'IN_PROGRESS', staff),
  );

  const handOff = rule.handOffs.find((candidate) => candidate.from === step.key);
  const target = handOff && findStep(rule, handOff.to);
  if (target && depth < MAX_CHAIN && chance(performance.transfer, random)) {
    const at = startedAt + span * uniform(0.1, 0.5, random);
    plan.transitions.push(
      transition('TRANSFER', at, 'IN_PROGRESS', 'TRANSFERRED', staff, handOff.condition, { toStep: target.key }),
    );
    plan.next = planTask(context, target, Math.round(at + MINUTE_MS), undefined, plan.id, depth + 1);
    return plan;
  }

  const onTime = chance(Math.min(0.99, performance.onTime * context.streetFactor), random);
  const above = levelAbove(step.level);
  if (!onTime && above && rule.escalateOnOverdue && depth < MAX_CHAIN && chance(0.35, random)) {
    const at = plan.deadline + uniform(MINUTE_MS, 30 * MINUTE_MS, random);
    plan.transitions.push(
      transition('ESCALATE', at, 'IN_PROGRESS', 'ESCALATED', actors.system, ESCALATE_NOTE, {
        toOrgUnit: unitAtLevel(context.units, above),
      }),
    );
    const escalated = { ...step, level: above };
    plan.next = planTask(context, escalated, Math.round(at + MINUTE_MS), undefined, plan.id, depth + 1);
    return plan;
  }

  // Most late tasks finish within two and a half deadlines; a few stay stuck far longer.
  const stuck = !onTime && chance(0.08, random);
  const ratio = onTime ? uniform(0.25, 0.95, random) : stuck ? uniform(4, 15, random) : uniform(1.05, 2.5, random);
  let resolvedAt = Math.max(startedAt + MINUTE_MS, dispatchedAt + span * ratio);
  plan.transitions.push(
    transition('RESOLVE', resolvedAt, 'IN_PROGRESS', 'RESOLVED', staff, pickOne(RESOLVE_NOTES, random)),
  );
  if (chance(performance.reopen, random)) {
    const reopenedAt = resolvedAt + uniform(HOUR_MS, 24 * HOUR_MS, random);
    resolvedAt = reopenedAt + span * uniform(0.2, 0.6, random);
    plan.transitions.push(
      transition('REOPEN', reopenedAt, 'RESOLVED', 'IN_PROGRESS', actors.verifier, pickOne(REOPEN_NOTES, random)),
      transition('RESOLVE', resolvedAt, 'IN_PROGRESS', 'RESOLVED', staff, pickOne(RESOLVE_NOTES, random)),
    );
  }
  const verifiedAt = resolvedAt + uniform(30 * MINUTE_MS, 36 * HOUR_MS, random);
  const closedAt = verifiedAt + uniform(5 * MINUTE_MS, 3 * HOUR_MS, random);
  plan.transitions.push(
    transition('VERIFY', verifiedAt, 'RESOLVED', 'VERIFIED', actors.verifier),
    transition('CLOSE', closedAt, 'VERIFIED', 'CLOSED', actors.verifier),
  );
  return plan;
}

function findStep(rule: DemoRule, key: string): RuleStep | undefined {
  return [...rule.handOffSteps, ...rule.dispatch, ...rule.followUp].find((step) => step.key === key);
}

/** Lists a plan and the tasks that continue it, in order. */
export function chainOf(plan: TaskPlan): TaskPlan[] {
  const chain: TaskPlan[] = [];
  for (let current: TaskPlan | null = plan; current; current = current.next) chain.push(current);
  return chain;
}

/** The state of a task at `now`: the transitions taken by then, with the OVERDUE flag where the deadline passed. */
export interface MaterializedTask {
  plan: TaskPlan;
  transitions: Transition[];
  status: TaskStatus;
  acceptedAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  overdueSince: number | null;
  reopenedCount: number;
  feedback: string | null;
}

const DONE_BEFORE_DEADLINE: ReadonlySet<TaskStatus> = new Set([
  'RESOLVED',
  'VERIFIED',
  'CLOSED',
  'TRANSFERRED',
  'RETURNED',
]);

/**
 * Keeps the transitions of `plan` taken by `now`, and adds the system's OVERDUE entry at the deadline when the task
 * was still being handled then. Returns null for a task not yet dispatched at `now`.
 */
export function materializeTask(plan: TaskPlan, now: number, system: ActorRef): MaterializedTask | null {
  const taken = plan.transitions.filter((entry) => entry.at <= now);
  if (taken.length === 0) return null;
  const atDeadline = [...taken].reverse().find((entry) => entry.at <= plan.deadline) as Transition;
  const overdue = plan.deadline <= now && !DONE_BEFORE_DEADLINE.has(atDeadline.to);
  if (overdue) {
    const flag = transition('OVERDUE', plan.deadline, atDeadline.to, atDeadline.to, system, null, {
      deadline: new Date(plan.deadline).toISOString(),
    });
    taken.splice(taken.indexOf(atDeadline) + 1, 0, flag);
  }
  const last = taken.at(-1) as Transition;
  const lastResolve = taken.findLast((entry) => entry.action === 'RESOLVE');
  const lastReopen = taken.findLast((entry) => entry.action === 'REOPEN');
  const resolved = lastResolve && (!lastReopen || lastReopen.at < lastResolve.at) ? lastResolve : undefined;
  return {
    plan,
    transitions: taken,
    status: last.to,
    acceptedAt: taken.find((entry) => entry.action === 'ACCEPT')?.at ?? null,
    resolvedAt: resolved?.at ?? null,
    closedAt: taken.find((entry) => entry.action === 'CLOSE')?.at ?? null,
    overdueSince: overdue ? plan.deadline : null,
    reopenedCount: taken.filter((entry) => entry.action === 'REOPEN').length,
    feedback: lastResolve?.note ?? null,
  };
}
