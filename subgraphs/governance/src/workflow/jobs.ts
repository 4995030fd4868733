import type { Database, Logger } from '@lianfang/db';

/**
 * Starts the workflow's scheduled work: flagging overdue tasks (and escalating them where the rule says so) and
 * removing photos that no report attached within a day.
 */
export async function startWorkflowJobs(_services: {
  database: Database;
  logger: Logger;
}): Promise<{ stop(): Promise<void> }> {
  // TODO: filled in by the workflow work.
  return { async stop() {} };
}
