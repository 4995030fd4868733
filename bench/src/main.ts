/**
 * `pnpm bench`: measures the situation map of 吴江区 with a million incidents on a PostgreSQL server. It loads the
 * data, starts the hub in this process, times the map's viewport operation through the gateway and the map's
 * first render in headless Chromium, and writes bench/results/map-<date>.json. `--help` lists the options.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, openDatabase, workspaceRoot } from '@lianfang/db';
import { DISTRICT_CODE, prepareData } from './data.js';
import { BenchSetupError, DEFAULT_BENCH_DATABASE_URL, ensureBenchDatabase, readServerVersions } from './database.js';
import { ensureWebBuild, startBenchHub } from './hub.js';
import { loadGridOperation } from './operation.js';
import { parseBenchArgs, USAGE, UsageError } from './options.js';
import { buildPath, readPathAnchors } from './path.js';
import { measureRender } from './render.js';
import { describeMachine, loadAverageNow, type MapBenchResult, renderFigures, updateDocsPage } from './report.js';
import { explainView, profileResolver } from './sql-profile.js';
import { GatewayClient, measureConcurrent, measureSequential, type TimeWindow } from './viewport.js';

const DAY_MS = 86_400_000;

/** Formats `file` as the workspace's linter expects, so that a results file can be committed as it is written. */
function formatWithBiome(file: string): void {
  const biome = join(workspaceRoot, 'node_modules', '.bin', 'biome');
  const run = spawnSync(biome, ['format', '--write', file], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(`Formatting ${file} with ${biome} failed (${run.error?.message ?? run.stderr}); run pnpm format.`);
  }
}
const WARMUP_REQUESTS = 3;

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
logger.info({ database: bench.displayUrl, created: bench.created, target: options.targetIncidents }, 'bench started');

const database = await openDatabase({ databaseUrl: bench.url, poolSize: 4 }, logger);
const data = await prepareData(database, { target: options.targetIncidents, reset: options.reset }, logger);
logger.info({ data }, 'data ready');
const versions = await readServerVersions(database);

if (await ensureWebBuild()) logger.info('web app built');
const hub = await startBenchHub(database, bench.url);
const gatewayUrl = hub.gateway.url;
logger.info({ gateway: gatewayUrl }, 'hub started');

try {
  const operation = await loadGridOperation();
  const anchors = await readPathAnchors(database, DISTRICT_CODE);
  const path = buildPath(anchors.districtCenter, anchors.townCenter);
  const to = new Date();
  const window30: TimeWindow = {
    label: '30d',
    from: new Date(to.getTime() - 30 * DAY_MS).toISOString(),
    to: to.toISOString(),
  };
  const window7: TimeWindow = {
    label: '7d',
    from: new Date(to.getTime() - 7 * DAY_MS).toISOString(),
    to: to.toISOString(),
  };

  // The first requests build the gateway's query plan and fill PostgreSQL's buffers, so they are reported apart.
  const warmupClient = new GatewayClient(gatewayUrl, operation);
  const warmup: number[] = [];
  for (let index = 0; index < WARMUP_REQUESTS; index += 1) {
    warmup.push((await warmupClient.send(path[0] as (typeof path)[number], window30)).ms);
  }
  warmupClient.close();
  logger.info({ warmupMs: warmup }, 'warm-up done');

  const sequential30d = await measureSequential(gatewayUrl, operation, path, options.pathRounds, window30);
  logger.info({ latency: sequential30d.latency, byZoom: sequential30d.byZoom }, '30 days, 1 client');
  const concurrent30d = await measureConcurrent(
    gatewayUrl,
    operation,
    path,
    options.pathRounds,
    options.concurrentClients,
    window30,
  );
  logger.info({ latency: concurrent30d.latency, throughput: concurrent30d.throughput }, '30 days, concurrent');
  const sequential7d = await measureSequential(gatewayUrl, operation, path, options.pathRounds, window7);
  logger.info({ latency: sequential7d.latency, byZoom: sequential7d.byZoom }, '7 days, 1 client');

  const resolver = await profileResolver(database, path, window30);
  logger.info({ sql: resolver.sql, resolver: resolver.resolver }, 'resolver profiled');
  const plans = [
    await explainView(database, path[0] as (typeof path)[number], window30),
    await explainView(database, path.at(-9) as (typeof path)[number], window30),
  ];

  const render = await measureRender(`${gatewayUrl}/?window=30d`, options.renderRuns, (run) =>
    logger.info({ ms: run.ms, totalCount: run.totalCount, requests: run.requests }, 'page rendered'),
  );
  const matchesBrowser = render.runs.every((run) => run.gridOperation === operation);
  if (!matchesBrowser) logger.warn('the page sent another SituationMapIncidentGrid text than the bench');

  const result: MapBenchResult = {
    date: started.toISOString(),
    command: `pnpm bench${process.argv.slice(2).length > 0 ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
    quick: options.quick,
    machine: describeMachine(loadAtStart),
    versions: { ...versions, node: process.version },
    database: bench.displayUrl,
    data,
    operation: { text: operation, matchesBrowser },
    warmup,
    viewport: { sequential30d, concurrent30d, sequential7d },
    resolver,
    plans,
    render,
  };

  const resultsDir = join(workspaceRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `map-${started.toISOString().slice(0, 10)}${options.quick ? '-quick' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  formatWithBiome(file);
  const figures = renderFigures(result);
  console.log(`\n${figures}\n`);
  logger.info({ file }, 'results written');

  if (options.updateDocs) {
    const docs = join(workspaceRoot, 'docs', 'benchmarks.md');
    writeFileSync(docs, updateDocsPage(readFileSync(docs, 'utf8'), figures));
    logger.info({ file: docs }, 'docs updated');
  }
} finally {
  await hub.stop();
  await database.close();
}
