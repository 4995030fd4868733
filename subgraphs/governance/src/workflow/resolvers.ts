import { DateTimeScalar, type SubgraphContext, type SubgraphResolvers } from '@lianfang/subgraph-kit';
import { actOnTask, type TaskActionInput } from './act.js';
import { presentActor } from './actors.js';
import { type AssessmentGrouping, assessment } from './assessment.js';
import {
  type EventSearchArgs,
  eventLoader,
  listTasks,
  searchEvents,
  type TaskListArgs,
  taskLoader,
  tasksOfEventLoader,
  timelineLoader,
  visibleEvent,
  visibleTask,
} from './queries.js';
import { type EventRow, OPEN_TASK_STATUSES, type TaskRow, type TimelineRow } from './rows.js';
import { parseStoredRule } from './rule-schema.js';
import {
  listRulesInForce,
  presentRule,
  type RuleInput,
  ruleHistory,
  ruleLoader,
  setResponsibilityRule,
} from './rules.js';
import { allowedActions } from './transitions.js';

/**
 * Tells whether a task is overdue: resolved after its deadline, still open past it, or flagged before it was handed
 * on.
 */
export function isTaskOverdue(task: TaskRow, now: Date = new Date()): boolean {
  if (task.resolved_at) return task.resolved_at.getTime() > task.deadline.getTime();
  if (OPEN_TASK_STATUSES.includes(task.status)) return task.deadline.getTime() < now.getTime();
  return task.overdue_since !== null;
}

async function eventOfTask(task: TaskRow, context: SubgraphContext): Promise<EventRow> {
  const event = await eventLoader(context).load(task.event_id);
  if (!event) throw new Error(`Event ${task.event_id} of task ${task.id} not found`);
  return event;
}

const eventResolvers = {
  async __resolveReference(reference: { id: string }, context: SubgraphContext) {
    return visibleEvent(context, reference.id, `Event(${reference.id})`, true);
  },
  inputCrs: (event: EventRow) => event.input_crs,
  locationSource: (event: EventRow) => event.location_source,
  orgUnit: (event: EventRow) => ({ code: event.org_unit_code }),
  outsideGridReason: (event: EventRow) => event.outside_grid_reason,
  proposedCategory: (event: EventRow) => event.proposed_category,
  proposedReason: (event: EventRow) => event.proposed_reason,
  reportedAt: (event: EventRow) => event.reported_at,
  closedAt: (event: EventRow) => event.closed_at,
  async reporter(event: EventRow, _: unknown, context: SubgraphContext) {
    // Events store no reporter department; the REPORT entry of the timeline names it.
    const entries = await timelineLoader(context).load(event.id);
    const report = entries.find((entry) => entry.action === 'REPORT' && entry.actor_id === event.reported_by);
    const reporter = {
      id: event.reported_by,
      name: event.reporter_name,
      department: report?.actor_department ?? 'governance',
      orgUnit: event.reporter_org_unit,
    };
    return presentActor(context, reporter, event.source === 'GRID_REPORT');
  },
  tasks: (event: EventRow, _: unknown, context: SubgraphContext) => tasksOfEventLoader(context).load(event.id),
  timeline: (event: EventRow, _: unknown, context: SubgraphContext) => timelineLoader(context).load(event.id),
  async overdue(event: EventRow, _: unknown, context: SubgraphContext) {
    const tasks = await tasksOfEventLoader(context).load(event.id);
    const now = new Date();
    return tasks.some(
      (task) =>
        task.role !== 'NOTIFIED' && OPEN_TASK_STATUSES.includes(task.status) && task.deadline.getTime() < now.getTime(),
    );
  },
};

const taskResolvers = {
  async __resolveReference(reference: { id: string }, context: SubgraphContext) {
    return visibleTask(context, reference.id);
  },
  event: (task: TaskRow, _: unknown, context: SubgraphContext) => eventOfTask(task, context),
  orgUnit: (task: TaskRow) => ({ code: task.org_unit_code }),
  async rule(task: TaskRow, _: unknown, context: SubgraphContext) {
    if (task.rule_id === null) return null;
    const row = await ruleLoader(context).load(task.rule_id);
    return row ? presentRule(row) : null;
  },
  previousTask: (task: TaskRow, _: unknown, context: SubgraphContext) =>
    task.previous_task_id ? taskLoader(context).load(task.previous_task_id) : null,
  overdue: (task: TaskRow) => isTaskOverdue(task),
  overdueSince: (task: TaskRow) => task.overdue_since,
  dispatchedAt: (task: TaskRow) => task.dispatched_at,
  acceptedAt: (task: TaskRow) => task.accepted_at,
  resolvedAt: (task: TaskRow) => task.resolved_at,
  closedAt: (task: TaskRow) => task.closed_at,
  reopenedCount: (task: TaskRow) => task.reopened_count,
  async allowedActions(task: TaskRow, _: unknown, context: SubgraphContext) {
    const event = await eventOfTask(task, context);
    const rule = task.rule_id === null ? null : await ruleLoader(context).load(task.rule_id);
    const hasHandOff =
      rule !== null &&
      parseStoredRule(rule.rule, String(rule.id)).handOffs.some((handOff) => handOff.from === task.step);
    return allowedActions(context, task, event.org_unit_code, hasHandOff);
  },
};

const timelineResolvers = {
  id: (entry: TimelineRow) => String(entry.id),
  task: (entry: TimelineRow, _: unknown, context: SubgraphContext) =>
    entry.task_id ? taskLoader(context).load(entry.task_id) : null,
  fromStatus: (entry: TimelineRow) => entry.from_status,
  toStatus: (entry: TimelineRow) => entry.to_status,
  actor: (entry: TimelineRow, _: unknown, context: SubgraphContext) =>
    presentActor(context, {
      id: entry.actor_id,
      name: entry.actor_name,
      department: entry.actor_department,
      orgUnit: entry.actor_org_unit,
    }),
  details: (entry: TimelineRow) => JSON.stringify(entry.details ?? {}),
  at: (entry: TimelineRow) => entry.recorded_at,
};

/**
 * Resolvers of the event workflow: events, tasks, timeline, responsibility list and assessment. `Event.photos`
 * and `submitReport` belong to the report resolvers.
 */
export const workflowResolvers: SubgraphResolvers = {
  DateTime: DateTimeScalar,

  Query: {
    event: (_: unknown, args: { id: string }, context: SubgraphContext) =>
      visibleEvent(context, args.id, `Query.event(${args.id})`, true),
    events: (_: unknown, args: EventSearchArgs, context: SubgraphContext) => searchEvents(context, args),
    tasks: (_: unknown, args: TaskListArgs, context: SubgraphContext) => listTasks(context, args),
    async responsibilityRules(_: unknown, args: { category?: string | null }, context: SubgraphContext) {
      return (await listRulesInForce(context, args.category)).map(presentRule);
    },
    async responsibilityRuleHistory(
      _: unknown,
      args: { category: string; severity?: string | null },
      context: SubgraphContext,
    ) {
      return (await ruleHistory(context, args.category, args.severity)).map(presentRule);
    },
    assessment: (
      _: unknown,
      args: { orgUnit: string; quarter: string; grouping: AssessmentGrouping },
      context: SubgraphContext,
    ) => assessment(context, args),
  },

  Mutation: {
    actOnTask: (_: unknown, args: { input: TaskActionInput }, context: SubgraphContext) =>
      actOnTask(context, args.input),
    async setResponsibilityRule(_: unknown, args: { input: RuleInput }, context: SubgraphContext) {
      return presentRule(await setResponsibilityRule(context, args.input));
    },
  },

  Event: eventResolvers,
  Task: taskResolvers,
  TimelineEntry: timelineResolvers,
};
