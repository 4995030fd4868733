/**
 * The workflow's scheduled work: flagging tasks past their deadline, escalating them where the rule sets
 * escalateOnOverdue, and removing photos that no report attached within a day.
 */
import type { Database, Logger, Queryable } from '@lianfang/db';
import { purgeUnattachedPhotos } from '../reports/photos.js';
import { escalateTask } from './handoffs.js';
import { appendTimeline, refreshEventStatus } from './records.js';
import { EVENT_COLUMNS, type EventRow, OPEN_TASK_STATUSES, SYSTEM_ACTOR, TASK_COLUMNS, type TaskRow } from './rows.js';
import { parseStoredRule } from './rule-schema.js';
import { ruleById } from './rules.js';

/** Environment variable with the seconds between two overdue sweeps. */
export const OVERDUE_SWEEP_ENV = 'LIANFANG_OVERDUE_SWEEP_SECONDS';
const DEFAULT_SWEEP_SECONDS = 30;
const MAX_SWEEP_SECONDS = 24 * 60 * 60;
/** Age in hours after which a photo that no report attached is removed. */
const UNATTACHED_PHOTO_HOURS = 24;
/** Tasks flagged per sweep; the next sweep continues with the rest. */
export const SWEEP_BATCH = 500;

export interface SweepResult {
  /** Ids of the tasks flagged overdue by this sweep. */
  flagged: string[];
  /** Automatic escalations: the overdue task and the task that took over one level up. */
  escalated: { from: string; to: string }[];
}

async function eventsOf(tx: Queryable, tasks: TaskRow[]): Promise<Map<string, EventRow>> {
  const { rows } = await tx.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM governance.events e WHERE e.id = ANY($1)`, [
    [...new Set(tasks.map((task) => task.event_id))],
  ]);
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Flags every open task past its deadline at `now` (`overdue_since` = the deadline, an OVERDUE timeline entry by
 * the system with the minutes late) and escalates it to the level above when its rule sets escalateOnOverdue and
 * the task is below district level. Notifications are never flagged. Locked rows are skipped, so replicas that
 * sweep at the same moment do not flag a task twice.
 */
export async function sweepOverdueTasks(database: Database, now: Date = new Date()): Promise<SweepResult> {
  return database.transaction(async (tx) => {
    const { rows: tasks } = await tx.query<TaskRow>(
      `SELECT ${TASK_COLUMNS} FROM governance.tasks t
       WHERE t.status = ANY($1::text[]) AND t.role <> 'NOTIFIED' AND t.overdue_since IS NULL AND t.deadline < $2
       ORDER BY t.deadline, t.id LIMIT $3
       FOR UPDATE SKIP LOCKED`,
      [OPEN_TASK_STATUSES, now.toISOString(), SWEEP_BATCH],
    );
    const events = await eventsOf(tx, tasks);
    const result: SweepResult = { flagged: [], escalated: [] };
    for (const task of tasks) {
      const event = events.get(task.event_id);
      if (!event) continue;
      const minutesLate = Math.max(0, Math.round((now.getTime() - task.deadline.getTime()) / 60_000));
      await tx.query('UPDATE governance.tasks SET overdue_since = deadline WHERE id = $1', [task.id]);
      await appendTimeline(tx, {
        eventId: event.id,
        taskId: task.id,
        action: 'OVERDUE',
        fromStatus: task.status,
        toStatus: task.status,
        actor: SYSTEM_ACTOR,
        note: `超过处置期限 ${minutesLate} 分钟仍未办结`,
        details: { minutesLate, deadline: task.deadline.toISOString() },
      });
      result.flagged.push(task.id);

      const rule = task.rule_id === null ? null : await ruleById(tx, task.rule_id);
      const escalate = rule !== null && parseStoredRule(rule.rule, String(rule.id)).escalateOnOverdue;
      if (!escalate || task.org_unit_code.length <= 6) continue;
      const { next } = await escalateTask({
        tx,
        task: { ...task, overdue_since: task.deadline },
        event,
        actor: SYSTEM_ACTOR,
        note: `逾期自动上报：超过处置期限 ${minutesLate} 分钟仍未办结`,
        at: now,
        details: { automatic: true, minutesLate },
      });
      await refreshEventStatus(tx, event.id, now);
      result.escalated.push({ from: task.id, to: next.id });
    }
    return result;
  });
}

/** Reads the seconds between sweeps, 1 to 86400 (default 30); throws on another value. */
export function overdueSweepSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[OVERDUE_SWEEP_ENV];
  if (value === undefined || value === '') return DEFAULT_SWEEP_SECONDS;
  const seconds = /^[0-9]{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds >= 1 && seconds <= MAX_SWEEP_SECONDS)) {
    throw new Error(
      `${OVERDUE_SWEEP_ENV} must be a whole number of seconds from 1 to ${MAX_SWEEP_SECONDS}, got "${value}".`,
    );
  }
  return seconds;
}

/** Runs one sweep and the photo clean-up; failures are logged and left to the next run. */
async function sweepLogged(database: Database, logger: Logger): Promise<void> {
  try {
    const result = await sweepOverdueTasks(database);
    if (result.flagged.length > 0) {
      logger.info({ flagged: result.flagged.length, escalated: result.escalated.length }, 'overdue tasks flagged');
    }
  } catch (error) {
    logger.error({ err: error }, 'overdue sweep failed; the next sweep retries');
  }
  try {
    const purged = await purgeUnattachedPhotos(database, UNATTACHED_PHOTO_HOURS);
    if (purged > 0) logger.info({ purged }, 'unattached photos removed');
  } catch (error) {
    logger.error({ err: error }, 'removing unattached photos failed; the next sweep retries');
  }
}

/**
 * Starts the overdue sweep: one every `LIANFANG_OVERDUE_SWEEP_SECONDS`, the first one right away. `stop` cancels
 * the schedule and waits for a sweep in progress.
 */
export async function startWorkflowJobs(services: {
  database: Database;
  logger: Logger;
}): Promise<{ stop(): Promise<void> }> {
  const seconds = overdueSweepSeconds();
  const logger = services.logger.child({ job: 'overdue-sweep' });
  let running: Promise<void> = sweepLogged(services.database, logger);
  const timer = setInterval(() => {
    running = running.then(() => sweepLogged(services.database, logger));
  }, seconds * 1000);
  timer.unref();
  logger.info({ intervalSeconds: seconds }, 'overdue sweep scheduled');
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
