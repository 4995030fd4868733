/**
 * Operations of the event workflow: the mobile report page, the task list, an event's timeline, the responsibility
 * list and the assessment view. Tests send the same texts through the gateway, by operation name.
 */
import { gql } from '@urql/core';
import type { PointGeometry } from '../map/geometry.js';

export const EVENT_CATEGORIES = [
  'FIRE_HAZARD',
  'SCHOOL_BULLYING',
  'ILLEGAL_CONSTRUCTION',
  'RENTAL_HOUSING',
  'NOISE_DISPUTE',
  'PUBLIC_ORDER',
  'OTHER',
] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export const SEVERITIES = ['MINOR', 'SERIOUS', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const COORDINATE_SYSTEMS = ['WGS84', 'CGCS2000', 'GCJ02', 'BD09'] as const;
export type CoordinateSystem = (typeof COORDINATE_SYSTEMS)[number];

export const EVENT_STATUSES = ['REPORTED', 'DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'VERIFIED', 'CLOSED'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const TASK_STATUSES = [
  'DISPATCHED',
  'ACCEPTED',
  'IN_PROGRESS',
  'RESOLVED',
  'VERIFIED',
  'CLOSED',
  'RETURNED',
  'TRANSFERRED',
  'ESCALATED',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

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

export type TaskRole = 'LEAD' | 'ASSIST' | 'FOLLOW_UP' | 'NOTIFIED';
export type UnitLevel = 'DISTRICT' | 'STREET' | 'COMMUNITY' | 'GRID';

export interface Actor {
  id: string;
  name: string;
  department: string;
  orgUnit: string;
}

export interface Classification {
  category: EventCategory;
  severity: Severity;
  department: string;
  matchedKeywords: string[];
  reason: string;
}

export interface TaskSummary {
  id: string;
  department: string;
  orgUnit: { code: string; name: string; level: UnitLevel };
  role: TaskRole;
  status: TaskStatus;
  step: string | null;
  deadline: string;
  overdue: boolean;
  dispatchedAt: string;
  resolvedAt: string | null;
  feedback: string | null;
  allowedActions: TaskAction[];
}

export interface TimelineEntry {
  id: string;
  action: string;
  task: { id: string; department: string } | null;
  fromStatus: string | null;
  toStatus: string | null;
  actor: Actor;
  note: string | null;
  details: string;
  at: string;
}

export interface EventSummary {
  id: string;
  source: 'GRID_REPORT' | 'VIDEO_ALERT' | 'COMMAND';
  category: EventCategory;
  severity: Severity;
  description: string;
  location: PointGeometry;
  status: EventStatus;
  overdue: boolean;
  reportedAt: string;
  orgUnit: { code: string; name: string };
}

export interface EventDetails extends EventSummary {
  inputCrs: CoordinateSystem;
  locationSource: 'DEVICE' | 'MAP' | 'CAMERA';
  outsideGridReason: string | null;
  proposedCategory: EventCategory | null;
  proposedReason: string | null;
  flags: string[];
  reporter: Actor;
  closedAt: string | null;
  photos: { id: string; contentType: string; byteSize: number; url: string }[];
  tasks: TaskSummary[];
  timeline: TimelineEntry[];
}

export interface ReportInput {
  idempotencyKey: string;
  description: string;
  category?: EventCategory | null;
  severity?: Severity | null;
  location: {
    longitude: number;
    latitude: number;
    crs: CoordinateSystem;
    source: 'DEVICE' | 'MAP';
  };
  photoIds: string[];
  outsideGridReason?: string | null;
  flags?: string[];
}

const TASK_FIELDS = `
  id
  department
  orgUnit { code name level }
  role
  status
  step
  deadline
  overdue
  dispatchedAt
  resolvedAt
  feedback
  allowedActions
`;

const EVENT_SUMMARY_FIELDS = `
  id
  source
  category
  severity
  description
  location
  status
  overdue
  reportedAt
  orgUnit { code name }
`;

export const CLASSIFY_REPORT_QUERY = gql<{ classifyReport: Classification }, { description: string }>`
  query ClassifyReport($description: String!) {
    classifyReport(description: $description) {
      category
      severity
      department
      matchedKeywords
      reason
    }
  }
`;

export const SUBMIT_REPORT_MUTATION = gql<
  { submitReport: { replayed: boolean; event: EventSummary & { tasks: TaskSummary[] } } },
  { input: ReportInput }
>`
  mutation SubmitReport($input: ReportInput!) {
    submitReport(input: $input) {
      replayed
      event {
        ${EVENT_SUMMARY_FIELDS}
        tasks { ${TASK_FIELDS} }
      }
    }
  }
`;

export const EVENTS_QUERY = gql<
  { events: { totalCount: number; edges: { node: EventSummary }[] } },
  { orgUnit: string; status?: EventStatus[] | null; from?: string | null; first?: number }
>`
  query EventsInUnit($orgUnit: ID!, $status: [EventStatus!], $from: DateTime, $first: Int) {
    events(orgUnit: $orgUnit, status: $status, from: $from, first: $first) {
      totalCount
      edges { node { ${EVENT_SUMMARY_FIELDS} } }
    }
  }
`;

export const EVENT_DETAILS_QUERY = gql<{ event: EventDetails | null }, { id: string }>`
  query EventDetails($id: ID!) {
    event(id: $id) {
      ${EVENT_SUMMARY_FIELDS}
      inputCrs
      locationSource
      outsideGridReason
      proposedCategory
      proposedReason
      flags
      reporter { id name department orgUnit }
      closedAt
      photos { id contentType byteSize url }
      tasks { ${TASK_FIELDS} }
      timeline {
        id
        action
        task { id department }
        fromStatus
        toStatus
        actor { id name department orgUnit }
        note
        details
        at
      }
    }
  }
`;

export type TaskListItem = TaskSummary & { event: EventSummary };

export const TASK_LIST_QUERY = gql<
  { tasks: TaskListItem[] },
  { orgUnit?: string | null; department?: string | null; openOnly?: boolean; overdueOnly?: boolean }
>`
  query TaskList($orgUnit: ID, $department: String, $openOnly: Boolean, $overdueOnly: Boolean) {
    tasks(orgUnit: $orgUnit, department: $department, openOnly: $openOnly, overdueOnly: $overdueOnly) {
      ${TASK_FIELDS}
      event { ${EVENT_SUMMARY_FIELDS} }
    }
  }
`;

export interface TaskActionInput {
  taskId: string;
  action: TaskAction;
  note?: string | null;
  toStep?: string | null;
  flags?: string[] | null;
}

export const ACT_ON_TASK_MUTATION = gql<{ actOnTask: TaskSummary }, { input: TaskActionInput }>`
  mutation ActOnTask($input: TaskActionInput!) {
    actOnTask(input: $input) { ${TASK_FIELDS} }
  }
`;

export interface ResponsibilityStep {
  key: string;
  department: string;
  level: UnitLevel;
  role: TaskRole;
  deadlineMinutes: number;
  description: string;
}

export interface ResponsibilityRule {
  id: string;
  category: EventCategory;
  severity: Severity | null;
  version: number;
  title: string;
  dispatch: ResponsibilityStep[];
  handOffSteps: ResponsibilityStep[];
  handOffs: { from: string; to: string; condition: string }[];
  followUp: ResponsibilityStep[];
  notify: { department: string; level: UnitLevel; when: string }[];
  escalateOnOverdue: boolean;
  changedBy: string;
  changeNote: string | null;
  changedAt: string;
}

const STEP_FIELDS = 'key department level role deadlineMinutes description';
const RULE_FIELDS = `
  id
  category
  severity
  version
  title
  dispatch { ${STEP_FIELDS} }
  handOffSteps { ${STEP_FIELDS} }
  handOffs { from to condition }
  followUp { ${STEP_FIELDS} }
  notify { department level when }
  escalateOnOverdue
  changedBy
  changeNote
  changedAt
`;

export const RESPONSIBILITY_RULES_QUERY = gql<{ responsibilityRules: ResponsibilityRule[] }, Record<string, never>>`
  query ResponsibilityRules {
    responsibilityRules { ${RULE_FIELDS} }
  }
`;

export const RESPONSIBILITY_RULE_HISTORY_QUERY = gql<
  { responsibilityRuleHistory: ResponsibilityRule[] },
  { category: EventCategory; severity: Severity | null }
>`
  query ResponsibilityRuleHistory($category: EventCategory!, $severity: Severity) {
    responsibilityRuleHistory(category: $category, severity: $severity) { ${RULE_FIELDS} }
  }
`;

export type ResponsibilityRuleInput = Omit<ResponsibilityRule, 'id' | 'version' | 'changedBy' | 'changedAt'> & {
  changeNote: string;
};

export const SET_RESPONSIBILITY_RULE_MUTATION = gql<
  { setResponsibilityRule: ResponsibilityRule },
  { input: ResponsibilityRuleInput }
>`
  mutation SetResponsibilityRule($input: ResponsibilityRuleInput!) {
    setResponsibilityRule(input: $input) { ${RULE_FIELDS} }
  }
`;

export interface AssessmentRow {
  rank: number;
  key: string;
  name: string;
  received: number;
  onTime: number;
  overdue: number;
  open: number;
  handedOn: number;
  onTimeRate: number;
  averageHandlingMinutes: number | null;
  reopened: number;
}

export const ASSESSMENT_QUERY = gql<
  { assessment: { quarter: string; grouping: 'DEPARTMENT' | 'STREET'; rows: AssessmentRow[] } },
  { orgUnit: string; quarter: string; grouping: 'DEPARTMENT' | 'STREET' }
>`
  query Assessment($orgUnit: ID!, $quarter: String!, $grouping: AssessmentGrouping!) {
    assessment(orgUnit: $orgUnit, quarter: $quarter, grouping: $grouping) {
      quarter
      grouping
      rows {
        rank
        key
        name
        received
        onTime
        overdue
        open
        handedOn
        onTimeRate
        averageHandlingMinutes
        reopened
      }
    }
  }
`;

export const EVENT_OPERATIONS = [
  CLASSIFY_REPORT_QUERY,
  SUBMIT_REPORT_MUTATION,
  EVENTS_QUERY,
  EVENT_DETAILS_QUERY,
  TASK_LIST_QUERY,
  ACT_ON_TASK_MUTATION,
  RESPONSIBILITY_RULES_QUERY,
  RESPONSIBILITY_RULE_HISTORY_QUERY,
  SET_RESPONSIBILITY_RULE_MUTATION,
  ASSESSMENT_QUERY,
] as const;
