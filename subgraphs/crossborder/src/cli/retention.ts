/**
 * `pnpm crossborder:retention`: runs the retention job of the cross-border subgraph once, on the database named by
 * `DATABASE_URL` or the embedded one under `LIANFANG_DATA_DIR`, and prints what it destroyed per partner city as
 * JSON. The running subgraph does the same on its schedule; this command is for a run on demand.
 */
import { parseArgs } from 'node:util';
import { createLogger, openDatabase } from '@lianfang/db';
import { runRetention } from '../retention.js';

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h', default: false } } });
if (values.help) {
  console.log(`usage: pnpm crossborder:retention

Deletes the border incidents each partner city shared longer ago than its sharing agreement's retention period, in
one transaction, and appends what it deleted to crossborder.retention_log. Prints one line of JSON per partner:
{"partnerCity", "retentionDays", "cutoff", "deletedCount", "deletedIds"}.

Environment: DATABASE_URL (PostgreSQL server with PostGIS), otherwise LIANFANG_DATA_DIR (embedded database folder).`);
  process.exit(0);
}

const logger = createLogger('crossborder:retention');
const database = await openDatabase(undefined, logger);
try {
  const results = await runRetention(database, 'command');
  for (const result of results) {
    console.log(
      JSON.stringify({
        partnerCity: result.partnerCity,
        retentionDays: result.retentionDays,
        cutoff: result.cutoff.toISOString(),
        deletedCount: result.deletedIds.length,
        deletedIds: result.deletedIds,
      }),
    );
  }
  logger.info({ partners: results.length }, 'retention run finished');
} catch (error) {
  logger.error({ err: error }, 'retention run failed');
  process.exitCode = 1;
} finally {
  await database.close();
}
