/**
 * `pnpm db:migrate`: applies the department schemas' migrations and loads the jurisdiction data (district outlines,
 * division codes and generated approximate boundaries) into the database named by `DATABASE_URL`, or into the
 * embedded database under `LIANFANG_DATA_DIR` (default `.data/pglite`). Safe to run again: it only adds what is missing.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadJurisdictions } from '../jurisdiction/load.js';
import { createLogger } from '../logger.js';
import { discoverMigrationSets, migrate } from '../migrations/migrate.js';
import { openDatabase, workspaceRoot } from '../open.js';

const { values } = parseArgs({
  options: {
    'skip-jurisdictions': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`usage: pnpm db:migrate [--skip-jurisdictions]

Applies pending migrations of every department schema, then loads the jurisdiction data of 吴江区 (320509),
嘉善县 (330421) and 秀洲区 (330411) unless it is already there.

  --skip-jurisdictions   apply migrations only

Environment: DATABASE_URL (PostgreSQL server with PostGIS), otherwise LIANFANG_DATA_DIR (embedded database folder).`);
  process.exit(0);
}

const logger = createLogger('db:migrate');
const database = await openDatabase(undefined, logger);
try {
  await migrate(database, discoverMigrationSets(join(workspaceRoot, 'subgraphs')), logger);
  if (!values['skip-jurisdictions']) await loadJurisdictions(database, logger);
  logger.info('database ready');
} catch (error) {
  logger.error({ err: error }, 'migration failed');
  process.exitCode = 1;
} finally {
  await database.close();
}
