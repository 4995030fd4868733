/**
 * The retention job: destroys the incidents a partner city shared once they are older than its agreement's
 * retention period, counted from when they were shared, and logs what it removed in `crossborder.retention_log`.
 */
import type { Database, Logger } from '@lianfang/db';

export type RetentionTrigger = 'schedule' | 'command';

export interface RetentionResult {
  partnerCity: string;
  retentionDays: number;
  cutoff: Date;
  deletedIds: string[];
}

/** Environment variable with the minutes between two scheduled runs. */
export const RETENTION_INTERVAL_ENV = 'LIANFANG_RETENTION_INTERVAL_MINUTES';
const DEFAULT_INTERVAL_MINUTES = 60;
/** One week: a longer interval would keep expired rows too long past their retention. */
const MAX_INTERVAL_MINUTES = 7 * 24 * 60;

/**
 * Deletes, in one transaction, every shared incident whose source district belongs to a partner with an agreement
 * and that was shared before `now` minus the agreement's retention. Appends one log row per partner, also when it
 * deleted nothing, so the log shows that the job ran.
 */
export async function runRetention(
  database: Database,
  trigger: RetentionTrigger,
  now: Date = new Date(),
): Promise<RetentionResult[]> {
  return database.transaction(async (tx) => {
    const { rows: agreements } = await tx.query<{
      partnerCity: string;
      districtCodes: string[];
      retentionDays: number;
    }>(
      `SELECT partner_city AS "partnerCity", district_codes AS "districtCodes", retention_days AS "retentionDays"
       FROM crossborder.sharing_agreements ORDER BY partner_city`,
    );
    const results: RetentionResult[] = [];
    for (const agreement of agreements) {
      const cutoff = new Date(now.getTime() - agreement.retentionDays * 24 * 60 * 60 * 1000);
      const { rows } = await tx.query<{ id: string }>(
        `DELETE FROM crossborder.shared_incidents
         WHERE source_district_code = ANY($1) AND shared_at < $2
         RETURNING id`,
        [agreement.districtCodes, cutoff.toISOString()],
      );
      const deletedIds = rows.map((row) => row.id).sort();
      await tx.query(
        `INSERT INTO crossborder.retention_log (ran_at, partner_city, retention_days, cutoff, deleted_count, deleted_ids,
                                               started_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          now.toISOString(),
          agreement.partnerCity,
          agreement.retentionDays,
          cutoff.toISOString(),
          deletedIds.length,
          deletedIds,
          trigger,
        ],
      );
      results.push({ partnerCity: agreement.partnerCity, retentionDays: agreement.retentionDays, cutoff, deletedIds });
    }
    return results;
  });
}

/** Reads the interval of the scheduled runs in minutes, 1 to 10080 (default 60); throws on another value. */
export function retentionIntervalMinutes(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[RETENTION_INTERVAL_ENV];
  if (value === undefined || value === '') return DEFAULT_INTERVAL_MINUTES;
  const minutes = /^[0-9]{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!(minutes >= 1 && minutes <= MAX_INTERVAL_MINUTES)) {
    throw new Error(
      `${RETENTION_INTERVAL_ENV} must be a whole number of minutes from 1 to ${MAX_INTERVAL_MINUTES}, got "${value}".`,
    );
  }
  return minutes;
}

/** Runs the job once and logs its outcome; a failure is logged and left to the next run. */
async function runLogged(database: Database, logger: Logger): Promise<void> {
  try {
    const results = await runRetention(database, 'schedule');
    for (const result of results) {
      const fields = { partnerCity: result.partnerCity, cutoff: result.cutoff, deleted: result.deletedIds.length };
      if (result.deletedIds.length > 0) logger.info(fields, 'expired shared incidents destroyed');
      else logger.debug(fields, 'retention run found nothing expired');
    }
  } catch (error) {
    logger.error({ err: error }, 'retention run failed; the next scheduled run retries');
  }
}

/**
 * Starts the scheduled retention job of the cross-border subgraph: one run now, awaited, then one every
 * `LIANFANG_RETENTION_INTERVAL_MINUTES`. `stop` cancels the schedule and waits for a run in progress.
 */
export async function startRetentionSchedule(services: {
  database: Database;
  logger: Logger;
}): Promise<{ stop(): Promise<void> }> {
  const minutes = retentionIntervalMinutes();
  const logger = services.logger.child({ job: 'retention' });
  let running: Promise<void> = runLogged(services.database, logger);
  await running;
  const timer = setInterval(() => {
    running = running.then(() => runLogged(services.database, logger));
  }, minutes * 60_000);
  timer.unref();
  logger.info({ intervalMinutes: minutes }, 'retention job scheduled');
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
