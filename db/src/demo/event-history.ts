/**
 * One demo event with its tasks and timeline, generated from the responsibility rule in force for its category and
 * severity. The rows match `governance.events`, `governance.tasks` and `governance.event_timeline`.
 */
import {
  type ActorRef,
  type Actors,
  chainOf,
  closeNotifiedTask,
  type DemoRule,
  type EventUnits,
  type MaterializedTask,
  materializeTask,
  planNotifiedTask,
  planTask,
  type TaskContext,
  type TaskPlan,
  type Transition,
} from './event-lifecycle.js';
import { CATEGORY_NAMES, DESCRIPTIONS, type Severity } from './event-plans.js';
import { chance, pickOne, type Random, uniform } from './sampling.js';

export type EventStatus = 'REPORTED' | 'DISPATCHED' | 'IN_PROGRESS' | 'RESOLVED' | 'VERIFIED' | 'CLOSED';

export interface DemoEventRow {
  id: string;
  category: string;
  severity: Severity;
  description: string;
  lon: number;
  lat: number;
  location_source: 'DEVICE' | 'MAP';
  org_unit_code: string;
  status: EventStatus;
  proposed_category: string;
  proposed_reason: string;
  flags: string[];
  reported_by: string;
  reporter_name: string;
  reporter_org_unit: string;
  reported_at: string;
  closed_at: string | null;
}

export interface DemoTaskRow {
  id: string;
  event_id: string;
  department: string;
  org_unit_code: string;
  role: string;
  status: string;
  rule_id: string;
  step: string;
  previous_task_id: string | null;
  deadline: string;
  overdue_since: string | null;
  dispatched_at: string;
  accepted_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  reopened_count: number;
  feedback: string | null;
}

export interface DemoTimelineRow {
  event_id: string;
  task_id: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  actor_id: string;
  actor_name: string;
  actor_department: string;
  actor_org_unit: string;
  note: string | null;
  details: Record<string, unknown>;
  recorded_at: string;
}

export interface GeneratedEvent {
  event: DemoEventRow;
  tasks: DemoTaskRow[];
  timeline: DemoTimelineRow[];
}

/** The generator's choices before the rule takes over: reporter, rule, severity, place and time. */
export interface EventDraft {
  id: string;
  rule: DemoRule;
  severity: Severity;
  units: EventUnits;
  point: [number, number];
  reporter: ActorRef;
  reportedAt: number;
  streetFactor: number;
}

const MINUTE_MS = 60_000;
/** The flag that makes school bullying rules notify civil affairs. */
const CHILD_NEEDS_AID = 'CHILD_NEEDS_AID';

function iso(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}

function toTimelineRow(eventId: string, taskId: string | null, entry: Transition): DemoTimelineRow {
  return {
    event_id: eventId,
    task_id: taskId,
    action: entry.action,
    from_status: entry.from,
    to_status: entry.to,
    actor_id: entry.actor.id,
    actor_name: entry.actor.name,
    actor_department: entry.actor.department,
    actor_org_unit: entry.actor.orgUnit,
    note: entry.note,
    details: entry.details,
    recorded_at: new Date(entry.at).toISOString(),
  };
}

/** Builds a timeline entry of the event itself rather than of one of its tasks. */
function eventEntry(
  eventId: string,
  action: string,
  at: number,
  from: EventStatus | null,
  to: EventStatus,
  actor: ActorRef,
): DemoTimelineRow {
  return {
    event_id: eventId,
    task_id: null,
    action,
    from_status: from,
    to_status: to,
    actor_id: actor.id,
    actor_name: actor.name,
    actor_department: actor.department,
    actor_org_unit: actor.orgUnit,
    note: null,
    details: {},
    recorded_at: new Date(Math.round(at)).toISOString(),
  };
}

function toTaskRow(eventId: string, ruleId: string, task: MaterializedTask): DemoTaskRow {
  const { plan } = task;
  return {
    id: plan.id,
    event_id: eventId,
    department: plan.step.department,
    org_unit_code: plan.orgUnit,
    role: plan.step.role,
    status: task.status,
    rule_id: ruleId,
    step: plan.step.key,
    previous_task_id: plan.previousTaskId,
    deadline: new Date(plan.deadline).toISOString(),
    overdue_since: iso(task.overdueSince),
    dispatched_at: new Date(plan.dispatchedAt).toISOString(),
    accepted_at: iso(task.acceptedAt),
    resolved_at: iso(task.resolvedAt),
    closed_at: iso(task.closedAt),
    reopened_count: task.reopenedCount,
    feedback: task.feedback,
  };
}

const STATUS_RANK: Readonly<Record<string, number>> = {
  DISPATCHED: 0,
  ACCEPTED: 1,
  IN_PROGRESS: 1,
  RESOLVED: 2,
  VERIFIED: 3,
  CLOSED: 4,
};

/** Derives the event's status from the last task of each chain: the least advanced one decides. */
function eventStatus(current: MaterializedTask[]): EventStatus {
  if (current.length === 0) return 'REPORTED';
  const ranks = current.map((task) => STATUS_RANK[task.status] ?? 1);
  const lowest = Math.min(...ranks);
  if (lowest >= 4) return 'CLOSED';
  if (lowest >= 3) return 'VERIFIED';
  if (lowest >= 2) return 'RESOLVED';
  return Math.max(...ranks) >= 1 ? 'IN_PROGRESS' : 'DISPATCHED';
}

/** Plans the tasks the rule dispatches: the handlers and follow-ups, and the departments it notifies. */
function planTasks(draft: EventDraft, actors: Actors, flags: string[], random: Random) {
  let serial = 0;
  const context: TaskContext = {
    rule: draft.rule,
    units: draft.units,
    actors,
    streetFactor: draft.streetFactor,
    random,
    nextId: () => {
      serial += 1;
      return `${draft.id}-T${serial}`;
    },
  };
  const dispatchedAt = draft.reportedAt + random.integer(5, 60) * 1000;
  const handled = [...draft.rule.dispatch, ...draft.rule.followUp].map((step) => planTask(context, step, dispatchedAt));
  const notified = draft.rule.notify
    .filter((rule) => rule.when === 'ALWAYS' || flags.includes(rule.when))
    .map((rule) =>
      planNotifiedTask(
        context,
        {
          key: `notify-${rule.department}`,
          department: rule.department,
          level: rule.level,
          role: 'NOTIFIED',
          deadlineMinutes: 24 * 60,
          description: '知会',
        },
        dispatchedAt,
      ),
    );
  return { handled, notified };
}

/** Generates the event of `draft` with every task and timeline entry that happened by `now`. */
export function generateEvent(draft: EventDraft, actors: Actors, now: number, random: Random): GeneratedEvent {
  const { rule } = draft;
  const [description, keyword] = pickOne(DESCRIPTIONS[rule.category] ?? DESCRIPTIONS.OTHER ?? [], random);
  const flags = rule.category === 'SCHOOL_BULLYING' && chance(0.25, random) ? [CHILD_NEEDS_AID] : [];
  const { handled, notified } = planTasks(draft, actors, flags, random);

  const chains = handled.map((plan) =>
    chainOf(plan)
      .map((link) => materializeTask(link, now, actors.system))
      .filter((task): task is MaterializedTask => task !== null),
  );
  const current = chains.map((chain) => chain.at(-1) as MaterializedTask);
  let status = eventStatus(current);
  let closedAt: number | null = null;
  if (status === 'CLOSED') {
    // Notified departments acknowledge before the event closes, so their CLOSE comes last with the event's.
    const acknowledged = notified.map((plan) => (plan.transitions.at(-1) as Transition).at);
    const lastClose = Math.max(...current.map((task) => task.closedAt ?? 0), ...acknowledged);
    closedAt = Math.round(lastClose + uniform(MINUTE_MS, 30 * MINUTE_MS, random));
    if (closedAt > now) {
      closedAt = null;
      status = 'VERIFIED';
    }
  }
  const notifiedTasks = notified
    .map((plan: TaskPlan) => {
      if (closedAt !== null) closeNotifiedTask(plan, closedAt, actors.verifier);
      return materializeTask(plan, now, actors.system);
    })
    .filter((task): task is MaterializedTask => task !== null);

  const tasks = [...chains.flat(), ...notifiedTasks];
  const entries = tasks.flatMap((task) => task.transitions.map((entry) => ({ taskId: task.plan.id, entry })));
  // Stable sort: entries of one instant keep the order in which the lifecycle produced them.
  entries.sort((a, b) => a.entry.at - b.entry.at);
  const timeline = [
    eventEntry(draft.id, 'REPORT', draft.reportedAt, null, 'REPORTED', draft.reporter),
    ...entries.map(({ taskId, entry }) => toTimelineRow(draft.id, taskId, entry)),
  ];
  if (closedAt !== null) timeline.push(eventEntry(draft.id, 'CLOSE', closedAt, 'VERIFIED', 'CLOSED', actors.verifier));

  const event: DemoEventRow = {
    id: draft.id,
    category: rule.category,
    severity: draft.severity,
    description,
    lon: draft.point[0],
    lat: draft.point[1],
    location_source: chance(0.85, random) ? 'DEVICE' : 'MAP',
    org_unit_code: draft.units.grid,
    status,
    proposed_category: rule.category,
    proposed_reason: `描述中出现“${keyword}”，属于${CATEGORY_NAMES[rule.category] ?? CATEGORY_NAMES.OTHER}`,
    flags,
    reported_by: draft.reporter.id,
    reporter_name: draft.reporter.name,
    reporter_org_unit: draft.reporter.orgUnit,
    reported_at: new Date(draft.reportedAt).toISOString(),
    closed_at: iso(closedAt),
  };
  return { event, tasks: tasks.map((task) => toTaskRow(draft.id, rule.id, task)), timeline };
}
