/**
 * `pnpm db:seed-demo`: applies pending migrations, loads missing jurisdiction data, then generates the demo data
 * of each district that has none yet. Exits 0 when done, 1 on a failure, 2 on a usage error.
 */
import { join } from 'node:path';
import { DEMO_USAGE, parseDemoArguments } from '../demo/command-line.js';
import { type DemoReport, seedDemoData } from '../demo/index.js';
import { loadJurisdictions } from '../jurisdiction/load.js';
import { createLogger } from '../logger.js';
import { discoverMigrationSets, migrate } from '../migrations/migrate.js';
import { openDatabase, workspaceRoot } from '../open.js';

function printReport(report: DemoReport): void {
  const english = (process.env.LIANFANG_LANG || 'zh-CN') === 'en';
  const none = english ? 'none' : '无';
  const list = (codes: string[]) => (codes.length > 0 ? codes.join(', ') : none);
  console.log(
    english
      ? `Seeded: ${list(report.seeded)}. Skipped (seeded before): ${list(report.skipped)}. Rows written:`
      : `已生成：${list(report.seeded)}。已跳过（此前已生成）：${list(report.skipped)}。写入行数：`,
  );
  for (const [table, rows] of Object.entries(report.rows)) console.log(`  ${table.padEnd(30)} ${rows}`);
}

const parsed = parseDemoArguments(process.argv.slice(2));
if ('error' in parsed) {
  console.error(`${parsed.error}\n\n${DEMO_USAGE}`);
  process.exit(2);
}
if (parsed.help) {
  console.log(DEMO_USAGE);
  process.exit(0);
}

const { options } = parsed;
const logger = createLogger('db:seed-demo');
const database = await openDatabase(undefined, logger);
try {
  await migrate(database, discoverMigrationSets(join(workspaceRoot, 'subgraphs')), logger);
  await loadJurisdictions(database, logger, options.districts ? { districts: options.districts } : {});
  printReport(await seedDemoData(database, logger, options));
} catch (error) {
  logger.error({ err: error }, 'demo data generation failed');
  process.exitCode = 1;
} finally {
  await database.close();
}
