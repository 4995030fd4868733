/**
 * Row shapes of the event workflow's tables. Resolvers of `Event` and `Task` take these rows as parents, whichever
 * query or mutation loaded them, so every loader selects the same columns.
 */

/** Columns of `governance.events` that resolvers read, with the location as GeoJSON text. */
export const EVENT_COLUMNS = `e.id, e.source, e.category, e.severity, e.description,
  ST_AsGeoJSON(e.location)::json AS location, e.input_crs, e.location_source, e.org_unit_code, e.status,
  e.outside_grid_reason, e.proposed_category, e.proposed_reason, e.flags, e.reported_by, e.reporter_name,
  e.reporter_org_unit, e.external_ref, e.reported_at, e.closed_at`;

export interface EventRow {
  id: string;
  source: 'GRID_REPORT' | 'VIDEO_ALERT' | 'COMMAND';
  category: string;
  severity: 'MINOR' | 'SERIOUS' | 'CRITICAL';
  description: string;
  location: { type: 'Point'; coordinates: [number, number] };
  input_crs: 'WGS84' | 'CGCS2000' | 'GCJ02' | 'BD09';
  location_source: 'DEVICE' | 'MAP' | 'CAMERA';
  org_unit_code: string;
  status: 'REPORTED' | 'DISPATCHED' | 'IN_PROGRESS' | 'RESOLVED' | 'VERIFIED' | 'CLOSED';
  outside_grid_reason: string | null;
  proposed_category: string | null;
  proposed_reason: string | null;
  flags: string[];
  reported_by: string;
  reporter_name: string;
  reporter_org_unit: string;
  external_ref: string | null;
  reported_at: Date;
  closed_at: Date | null;
}

/** Columns of `governance.tasks` that resolvers read. */
export const TASK_COLUMNS = `t.id, t.event_id, t.department, t.org_unit_code, t.role, t.status, t.rule_id, t.step,
  t.previous_task_id, t.deadline, t.overdue_since, t.dispatched_at, t.accepted_at, t.resolved_at, t.closed_at,
  t.reopened_count, t.feedback`;

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

export interface TaskRow {
  id: string;
  event_id: string;
  department: string;
  org_unit_code: string;
  role: 'LEAD' | 'ASSIST' | 'FOLLOW_UP' | 'NOTIFIED';
  status: TaskStatus;
  /** int8 arrives as a number on both backends. */
  rule_id: number | null;
  step: string | null;
  previous_task_id: string | null;
  deadline: Date;
  overdue_since: Date | null;
  dispatched_at: Date;
  accepted_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  reopened_count: number;
  feedback: string | null;
}

/** Performer of a step: a user from the request's claims, or the system itself. */
export interface ActorRecord {
  id: string;
  name: string;
  department: string;
  orgUnit: string;
}

/** The actor of steps the hub takes by itself: dispatch by the responsibility list, overdue flags, escalation. */
export const SYSTEM_ACTOR: ActorRecord = {
  id: 'system',
  name: '系统（职责清单）',
  department: 'governance',
  orgUnit: '000000',
};

/** Columns of `governance.responsibility_rules` that resolvers read. */
export const RULE_COLUMNS = `r.id, r.category, r.severity, r.version, r.title, r.rule, r.changed_by, r.change_note,
  r.changed_at, r.retired`;

export interface RuleRow {
  id: number;
  category: string;
  severity: 'MINOR' | 'SERIOUS' | 'CRITICAL' | null;
  version: number;
  title: string;
  /** The rule document, validated by `ruleDocumentSchema` when written. */
  rule: unknown;
  changed_by: string;
  change_note: string | null;
  changed_at: Date;
  retired: boolean;
}

/** Columns of `governance.event_timeline` that resolvers read. */
export const TIMELINE_COLUMNS = `l.id, l.event_id, l.task_id, l.action, l.from_status, l.to_status, l.actor_id,
  l.actor_name, l.actor_department, l.actor_org_unit, l.note, l.details, l.recorded_at`;

export interface TimelineRow {
  id: number;
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
  recorded_at: Date;
}

/** Task statuses in which the handling department still works on the task. */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['DISPATCHED', 'ACCEPTED', 'IN_PROGRESS'];

/** Statuses that end a task because a follow-on task took over its work. */
export const HANDED_ON_STATUSES: readonly TaskStatus[] = ['RETURNED', 'TRANSFERRED', 'ESCALATED'];
