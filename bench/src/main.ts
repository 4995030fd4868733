/**
 * `pnpm bench`: measures the hub of 吴江区 with a million incidents on a PostgreSQL server. It loads the data, then
 * runs the map section (viewport latency and first render, `map-bench.ts`) and the gateway section (gateway
 * comparison, SQL statements per request and start-up, `gateway/run.ts`). The live section (latency of live
 * updates, `live/run.ts`) runs last on a hub of its own. Each section writes its own results file in bench/results/.
 * `--help` lists the options.
 */
import { createLogger, openDatabase } from '@lianfang/db';
import { prepareData } from './data.js';
import { BenchSetupError, DEFAULT_BENCH_DATABASE_URL, ensureBenchDatabase, readServerVersions } from './database.js';
import { runGatewayBench } from './gateway/run.js';
import { runLiveBench } from './live/run.js';
import { type BenchContext, runMapBench } from './map-bench.js';
import { parseBenchArgs, USAGE, UsageError } from './options.js';
import { loadAverageNow } from './report.js';

let options: ReturnType<typeof parseBenchArgs>;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (!options) {
  console.log(USAGE);
  process.exit(0);
}

const logger = createLogger('bench');
const started = new Date();
const loadAtStart = loadAverageNow();
const args = process.argv.slice(2);
const command = `pnpm bench${args.length > 0 ? ` ${args.join(' ')}` : ''}`;
if (options.sections.some((section) => section !== 'live')) await runDatabaseSections(options);
if (options.sections.includes('live')) {
  const live = { reports: options.liveReports, quick: options.quick, updateDocs: options.updateDocs };
  console.log(`\n${await runLiveBench({ ...live, started, loadAtStart: loadAverageNow(), command, logger })}\n`);
}

/** Runs the map and gateway sections, which share the bench database. */
async function runDatabaseSections(options: NonNullable<ReturnType<typeof parseBenchArgs>>): Promise<void> {
  let bench: Awaited<ReturnType<typeof ensureBenchDatabase>>;
  try {
    bench = await ensureBenchDatabase(process.env.LIANFANG_BENCH_DATABASE_URL || DEFAULT_BENCH_DATABASE_URL);
  } catch (error) {
    if (!(error instanceof BenchSetupError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  if (loadAtStart > 1) {
    logger.warn({ loadAverage: loadAtStart }, 'the machine is busy with other work, which slows the figures down');
  }
  logger.info(
    { database: bench.displayUrl, created: bench.created, target: options.targetIncidents, sections: options.sections },
    'bench started',
  );

  const database = await openDatabase({ databaseUrl: bench.url, poolSize: 4 }, logger);
  try {
    const data = await prepareData(database, { target: options.targetIncidents, reset: options.reset }, logger);
    logger.info({ data }, 'data ready');
    const context: BenchContext = {
      options,
      database,
      databaseUrl: bench.url,
      displayUrl: bench.displayUrl,
      data,
      versions: await readServerVersions(database),
      started,
      loadAtStart,
      command,
      logger,
    };
    if (options.sections.includes('map')) console.log(`\n${await runMapBench(context)}\n`);
    if (options.sections.includes('gateway')) {
      const { figures, failures } = await runGatewayBench(context);
      console.log(`\n${figures}\n`);
      if (failures.length > 0) {
        console.error(`Requests failed under load, so the gateway figures are not valid: ${failures.join('; ')}`);
        process.exitCode = 1;
      }
    }
  } finally {
    await database.close();
  }
}
