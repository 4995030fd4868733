/**
 * The quarterly assessment (考核): how the tasks dispatched in a quarter were handled, per department or per street,
 * ranked by the share handled on time.
 */
import {
  assertOrgUnitCode,
  assertWithinJurisdiction,
  badUserInput,
  ForbiddenReason,
  forbidden,
  quoted,
  type SubgraphContext,
} from '@lianfang/subgraph-kit';
import { departmentName } from './labels.js';
import { HANDED_ON_STATUSES, OPEN_TASK_STATUSES } from './rows.js';

const QUARTER = /^(\d{4})Q([1-4])$/;
/** Quarters follow the calendar of Asia/Shanghai, which is UTC+8 all year. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export type AssessmentGrouping = 'DEPARTMENT' | 'STREET';

/** Start (inclusive) and end (exclusive) of a quarter such as 2026Q4, in Asia/Shanghai. */
export function quarterRange(quarter: string): { start: Date; end: Date } {
  const match = QUARTER.exec(quarter);
  if (!match) {
    throw badUserInput(`quarter 须为“年份Q季度”，例如 2026Q4，收到 ${quoted(quarter)}`, { argument: 'quarter' });
  }
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return {
    start: new Date(Date.UTC(year, index * 3, 1) - SHANGHAI_OFFSET_MS),
    end: new Date(Date.UTC(year, index * 3 + 3, 1) - SHANGHAI_OFFSET_MS),
  };
}

interface GroupRow {
  key: string;
  name: string | null;
  received: number;
  on_time: number;
  overdue: number;
  open: number;
  handed_on: number;
  average_minutes: number | null;
  reopened: number;
}

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

/**
 * Counts the tasks dispatched in the quarter for events of the unit, notifications excluded. Four disjoint columns add
 * up to `received`. They are handed on (returned, transferred or escalated), open (still handled, deadline not yet
 * passed), overdue (resolved late, or still handled past the deadline) and on time (resolved by the deadline).
 * Reopened tasks were sent back at least once, and the mean runs from dispatch to resolution in minutes.
 */
const OPEN = 't.status = ANY($5::text[])';
const HANDED_ON = 't.status = ANY($6::text[])';
/** Tasks that left the handling department's hands without a hand-off: resolved, verified or closed. */
const DONE = `NOT ${OPEN} AND NOT ${HANDED_ON}`;

async function groupCounts(
  context: SubgraphContext,
  orgUnit: string,
  grouping: AssessmentGrouping,
  range: { start: Date; end: Date },
): Promise<GroupRow[]> {
  const key = grouping === 'DEPARTMENT' ? 't.department' : 'left(e.org_unit_code, 9)';
  const { rows } = await context.database.query<GroupRow>(
    `SELECT g.*, u.name FROM (
       SELECT ${key} AS key,
              count(*)::integer AS received,
              count(*) FILTER (WHERE ${DONE} AND t.resolved_at <= t.deadline)::integer AS on_time,
              count(*) FILTER (WHERE (${DONE} AND (t.resolved_at IS NULL OR t.resolved_at > t.deadline))
                                  OR (${OPEN} AND t.deadline < now()))::integer AS overdue,
              count(*) FILTER (WHERE ${OPEN} AND t.deadline >= now())::integer AS open,
              count(*) FILTER (WHERE ${HANDED_ON})::integer AS handed_on,
              (avg(extract(epoch FROM t.resolved_at - t.dispatched_at) / 60)
                 FILTER (WHERE t.resolved_at IS NOT NULL))::float8 AS average_minutes,
              count(*) FILTER (WHERE t.reopened_count > 0)::integer AS reopened
       FROM governance.tasks t JOIN governance.events e ON e.id = t.event_id
       WHERE t.role <> 'NOTIFIED' AND t.dispatched_at >= $2 AND t.dispatched_at < $3
         AND e.org_unit_code LIKE $1 || '%'
       GROUP BY 1
     ) g LEFT JOIN governance.org_units u ON $4 = 'STREET' AND u.code = g.key`,
    [orgUnit, range.start.toISOString(), range.end.toISOString(), grouping, OPEN_TASK_STATUSES, HANDED_ON_STATUSES],
  );
  return rows;
}

/** Orders rows by on-time rate (high first), then mean handling time (short first, none last), then key. */
export function rankRows(rows: Omit<AssessmentRow, 'rank'>[]): AssessmentRow[] {
  const sorted = [...rows].sort((a, b) => {
    if (a.onTimeRate !== b.onTimeRate) return b.onTimeRate - a.onTimeRate;
    const aMinutes = a.averageHandlingMinutes ?? Number.POSITIVE_INFINITY;
    const bMinutes = b.averageHandlingMinutes ?? Number.POSITIVE_INFINITY;
    if (aMinutes !== bMinutes) return aMinutes - bMinutes;
    return a.key.localeCompare(b.key);
  });
  return sorted.map((row, index) => ({ rank: index + 1, ...row }));
}

/** Only the governance department's commanders and analysts read the assessment. */
function assertMayReadAssessment(context: SubgraphContext): void {
  const { claims } = context;
  if (claims.department === 'governance' && claims.roles.some((role) => role === 'commander' || role === 'analyst')) {
    return;
  }
  context.access.deny('Query.assessment', ForbiddenReason.ROLE);
  throw forbidden('考核统计仅限综治中心的指挥员和研判员查看', ForbiddenReason.ROLE);
}

/** On-time rate: on time over the tasks that were finished here, i.e. received − handed on − open; 0 when none. */
export function onTimeRate(row: { received: number; onTime: number; open: number; handedOn: number }): number {
  const finished = row.received - row.handedOn - row.open;
  return finished > 0 ? row.onTime / finished : 0;
}

export async function assessment(
  context: SubgraphContext,
  args: { orgUnit: string; quarter: string; grouping: AssessmentGrouping },
) {
  assertMayReadAssessment(context);
  assertOrgUnitCode(args.orgUnit, 'orgUnit');
  assertWithinJurisdiction(context, args.orgUnit, 'Query.assessment');
  const range = quarterRange(args.quarter);
  const groups = await groupCounts(context, args.orgUnit, args.grouping, range);
  const rows = rankRows(
    groups.map((group) => ({
      key: group.key,
      name: args.grouping === 'DEPARTMENT' ? departmentName(group.key) : (group.name ?? group.key),
      received: group.received,
      onTime: group.on_time,
      overdue: group.overdue,
      open: group.open,
      handedOn: group.handed_on,
      onTimeRate: onTimeRate({
        received: group.received,
        onTime: group.on_time,
        open: group.open,
        handedOn: group.handed_on,
      }),
      averageHandlingMinutes: group.average_minutes === null ? null : Math.round(group.average_minutes * 10) / 10,
      reopened: group.reopened,
    })),
  );
  return { quarter: args.quarter, grouping: args.grouping, orgUnit: { code: args.orgUnit }, rows };
}
