import { createLogger, type DemoOptions, type DemoReport, seedDemoData } from '@lianfang/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { NOW, SMALL, truncateDemoTables } from './support.js';

const logger = createLogger('test');
const OPTIONS: DemoOptions = { ...SMALL, eventsPerYear: 2500 };
const EVENT_TABLES = ['governance.events', 'governance.tasks', 'governance.event_timeline'] as const;
/** The first day of the quarter of NOW (2025-06-15) and of the four before it, in Beijing time. */
const HISTORY_START = new Date('2024-04-01T00:00:00+08:00');
const LAST_QUARTER = { from: '2025-01-01T00:00:00+08:00', to: '2025-04-01T00:00:00+08:00' };

interface TimelineRow {
  event_id: string;
  task_id: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  recorded_at: Date;
}

interface TaskRow {
  id: string;
  event_id: string;
  status: string;
  accepted_at: Date | null;
  closed_at: Date | null;
  overdue_since: Date | null;
  reopened_count: number;
}

let handle: TestDatabase;
let report: DemoReport;
let firstPrints: Record<string, string>;
let secondPrints: Record<string, string>;

async function eventFingerprints(): Promise<Record<string, string>> {
  const prints: Record<string, string> = {};
  for (const table of EVENT_TABLES) {
    const { rows } = await handle.database.query<{ digest: string | null }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) AS digest FROM ${table} t`,
    );
    prints[table] = rows[0]?.digest ?? 'empty';
  }
  return prints;
}

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await handle.database.query<T>(sql, params)).rows;
}

async function scalar(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await rows<{ value: number | string }>(sql, params);
  return Number(row?.value);
}

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  report = await seedDemoData(handle.database, logger, OPTIONS);
  firstPrints = await eventFingerprints();
  await truncateDemoTables(handle.database);
  await seedDemoData(handle.database, logger, OPTIONS);
  secondPrints = await eventFingerprints();
}, 180_000);

afterAll(async () => {
  await handle?.dispose();
});

describe('demo event history', () => {
  it('repeats every row for the same seed', () => {
    for (const table of EVENT_TABLES) expect(firstPrints[table], table).not.toBe('empty');
    expect(secondPrints).toEqual(firstPrints);
  });

  it('writes 2,000 to 4,000 events with their tasks and timeline', () => {
    expect(report.rows['governance.events']).toBeGreaterThanOrEqual(2000);
    expect(report.rows['governance.events']).toBeLessThanOrEqual(4000);
    expect(report.rows['governance.tasks']).toBeGreaterThan(report.rows['governance.events']);
    expect(report.rows['governance.event_timeline']).toBeGreaterThan(5 * report.rows['governance.events']);
  });

  it('reports events in every street over four quarters before now', async () => {
    const streets = await scalar(
      `SELECT count(*) AS value FROM governance.org_units WHERE level = 'STREET' AND code LIKE '320509%'`,
    );
    const covered = await scalar('SELECT count(DISTINCT left(org_unit_code, 9)) AS value FROM governance.events');
    expect(covered).toBe(streets);
    const [range] = await rows<{ first: Date; last: Date }>(
      'SELECT min(reported_at) AS first, max(reported_at) AS last FROM governance.events',
    );
    expect(range?.first.getTime()).toBeGreaterThanOrEqual(HISTORY_START.getTime());
    expect(range?.first.getTime()).toBeLessThan(HISTORY_START.getTime() + 7 * 86_400_000);
    expect(range?.last.getTime()).toBeLessThan(NOW.getTime());
  });

  it('names generated grid workers of the event grid as reporters', async () => {
    const mismatched = await scalar(
      `SELECT count(*) AS value FROM governance.events e
       LEFT JOIN governance.grid_workers w ON w.id = e.reported_by
       WHERE w.id IS NULL OR w.name <> e.reporter_name OR w.grid_code <> e.reporter_org_unit
         OR e.org_unit_code <> w.grid_code`,
    );
    expect(mismatched).toBe(0);
  });

  it('follows the rule of each category and severity', async () => {
    const wrongRule = await scalar(
      `SELECT count(*) AS value FROM governance.tasks t
       JOIN governance.events e ON e.id = t.event_id
       JOIN governance.responsibility_rules r ON r.id = t.rule_id
       WHERE r.category <> e.category OR (r.severity IS NOT NULL AND r.severity <> e.severity)
         OR (r.severity IS NULL AND EXISTS (
           SELECT 1 FROM governance.responsibility_rules s WHERE s.category = e.category AND s.severity = e.severity))`,
    );
    expect(wrongRule).toBe(0);
    const withoutRule = await scalar('SELECT count(*) AS value FROM governance.tasks WHERE rule_id IS NULL');
    expect(withoutRule).toBe(0);
  });

  it('closes every task of a closed event', async () => {
    const closed = await scalar(`SELECT count(*) AS value FROM governance.events WHERE status = 'CLOSED'`);
    expect(closed).toBeGreaterThan(1500);
    const openTasks = await scalar(
      `SELECT count(*) AS value FROM governance.tasks t JOIN governance.events e ON e.id = t.event_id
       WHERE e.status = 'CLOSED' AND t.status NOT IN ('CLOSED', 'TRANSFERRED', 'ESCALATED', 'RETURNED')`,
    );
    expect(openTasks).toBe(0);
    const withoutTime = await scalar(
      `SELECT count(*) AS value FROM governance.events WHERE (status = 'CLOSED') <> (closed_at IS NOT NULL)`,
    );
    expect(withoutTime).toBe(0);
  });

  it('leaves a few dozen events open', async () => {
    const open = await scalar(`SELECT count(*) AS value FROM governance.events WHERE status <> 'CLOSED'`);
    expect(open).toBeGreaterThanOrEqual(10);
    expect(open).toBeLessThanOrEqual(150);
  });

  it('includes overdue, reopened, transferred and escalated tasks', async () => {
    const [counts] = await rows<Record<string, number>>(
      `SELECT count(*) FILTER (WHERE overdue_since IS NOT NULL)::int AS overdue,
              count(*) FILTER (WHERE reopened_count > 0)::int AS reopened,
              count(*) FILTER (WHERE status = 'TRANSFERRED')::int AS transferred,
              count(*) FILTER (WHERE status = 'ESCALATED')::int AS escalated,
              count(*) FILTER (WHERE previous_task_id IS NOT NULL)::int AS continued
       FROM governance.tasks`,
    );
    expect(counts?.overdue).toBeGreaterThan(100);
    expect(counts?.reopened).toBeGreaterThan(20);
    expect(counts?.transferred).toBeGreaterThan(10);
    expect(counts?.escalated).toBeGreaterThan(10);
    expect(counts?.continued).toBe((counts?.transferred ?? 0) + (counts?.escalated ?? 0));
  });

  it('ranks departments apart in the last finished quarter', async () => {
    const rates = await rows<{ department: string; rate: number }>(
      `SELECT department, (count(*) FILTER (WHERE resolved_at <= deadline))::float / count(*) AS rate
       FROM governance.tasks
       WHERE role <> 'NOTIFIED' AND dispatched_at >= $1 AND dispatched_at < $2
       GROUP BY department HAVING count(*) >= 20`,
      [LAST_QUARTER.from, LAST_QUARTER.to],
    );
    expect(rates.length).toBeGreaterThanOrEqual(4);
    const values = rates.map((row) => Number(row.rate));
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(0.15);
  });
});

/** The transitions each action may make; OVERDUE flags a task in any open status and keeps it. */
const ALLOWED: Readonly<Record<string, readonly (readonly [string | null, string])[]>> = {
  DISPATCH: [[null, 'DISPATCHED']],
  ACCEPT: [['DISPATCHED', 'ACCEPTED']],
  START: [['ACCEPTED', 'IN_PROGRESS']],
  RESOLVE: [['IN_PROGRESS', 'RESOLVED']],
  REOPEN: [['RESOLVED', 'IN_PROGRESS']],
  VERIFY: [['RESOLVED', 'VERIFIED']],
  TRANSFER: [['IN_PROGRESS', 'TRANSFERRED']],
  ESCALATE: [['IN_PROGRESS', 'ESCALATED']],
  CLOSE: [
    ['VERIFIED', 'CLOSED'],
    ['ACCEPTED', 'CLOSED'],
  ],
  OVERDUE: [
    ['DISPATCHED', 'DISPATCHED'],
    ['ACCEPTED', 'ACCEPTED'],
    ['IN_PROGRESS', 'IN_PROGRESS'],
  ],
};

describe('demo event timeline', () => {
  let timeline: TimelineRow[];
  let tasks: Map<string, TaskRow>;

  beforeAll(async () => {
    timeline = await rows<TimelineRow>(
      `SELECT event_id, task_id, action, from_status, to_status, recorded_at FROM governance.event_timeline ORDER BY id`,
    );
    const taskRows = await rows<TaskRow>(
      `SELECT id, event_id, status, accepted_at, closed_at, overdue_since, reopened_count FROM governance.tasks`,
    );
    tasks = new Map(taskRows.map((task) => [task.id, task]));
  });

  it('starts each event with its report and keeps time order', () => {
    const seen = new Map<string, Date>();
    const disorders: string[] = [];
    for (const entry of timeline) {
      const previous = seen.get(entry.event_id);
      if (!previous && entry.action !== 'REPORT') disorders.push(`${entry.event_id} starts with ${entry.action}`);
      if (previous && entry.recorded_at < previous) disorders.push(`${entry.event_id} goes back at ${entry.action}`);
      seen.set(entry.event_id, entry.recorded_at);
    }
    expect(disorders).toEqual([]);
  });

  it('moves each task through its lifecycle in order', () => {
    const state = new Map<string, string | null>();
    const invalid: string[] = [];
    for (const entry of timeline) {
      if (!entry.task_id) continue;
      const current = state.has(entry.task_id) ? (state.get(entry.task_id) ?? null) : null;
      const allowed = ALLOWED[entry.action] ?? [];
      const valid = allowed.some(([from, to]) => from === current && to === entry.to_status);
      if (!valid || entry.from_status !== current) {
        invalid.push(`${entry.task_id}: ${entry.action} ${entry.from_status} → ${entry.to_status} after ${current}`);
      }
      state.set(entry.task_id, entry.to_status);
    }
    expect(invalid.slice(0, 5)).toEqual([]);
    const mismatched = [...tasks.values()].filter((task) => state.get(task.id) !== task.status);
    expect(mismatched.map((task) => task.id).slice(0, 5)).toEqual([]);
  });

  it('matches the task columns with the timeline', () => {
    const byTask = new Map<string, TimelineRow[]>();
    for (const entry of timeline) {
      if (!entry.task_id) continue;
      const entries = byTask.get(entry.task_id) ?? [];
      entries.push(entry);
      byTask.set(entry.task_id, entries);
    }
    const problems: string[] = [];
    for (const task of tasks.values()) {
      const entries = byTask.get(task.id) ?? [];
      const time = (action: string) => entries.find((entry) => entry.action === action)?.recorded_at.getTime() ?? null;
      if (time('ACCEPT') !== (task.accepted_at?.getTime() ?? null)) problems.push(`${task.id} accepted_at`);
      if (time('CLOSE') !== (task.closed_at?.getTime() ?? null)) problems.push(`${task.id} closed_at`);
      if (time('OVERDUE') !== (task.overdue_since?.getTime() ?? null)) problems.push(`${task.id} overdue_since`);
      const reopened = entries.filter((entry) => entry.action === 'REOPEN').length;
      if (reopened !== task.reopened_count) problems.push(`${task.id} reopened_count`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('links task entries to tasks of the same event', () => {
    const foreign = timeline.filter((entry) => entry.task_id && tasks.get(entry.task_id)?.event_id !== entry.event_id);
    expect(foreign.length).toBe(0);
    const recorded = new Set(timeline.map((entry) => entry.task_id));
    const orphans = [...tasks.values()].filter((task) => !recorded.has(task.id));
    expect(orphans.length).toBe(0);
  });
});
