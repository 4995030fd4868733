/**
 * The gateway section of `pnpm bench`. Lianfang's gateway and a stock Apollo Gateway run in their own processes on
 * the same supergraph and the same subgraph process, under autocannon load. The section also measures the floor of
 * each operation, SQL statements per request and the hub's start-up, and writes bench/results/gateway-<date>.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import { DISTRICT_CODE as PATH_DISTRICT } from '../data.js';
import type { BenchContext } from '../map-bench.js';
import { loadGridOperation } from '../operation.js';
import { buildPath, readPathAnchors } from '../path.js';
import { describeMachine, loadAverageNow } from '../report.js';
import { writeResultFile } from '../results.js';
import { type RunningChild, startChild } from './child.js';
import { CONTENDERS, type Contender, rewriteSubgraphUrls } from './contenders.js';
import { type FloorResult, measureFloor } from './floor.js';
import { failedRequests, runLoad } from './load.js';
import {
  type BenchOperation,
  DRILL_DOWN_SIZE,
  DRILL_DOWN_SIZES,
  drillDownOperation,
  gridOperation,
  requestBody,
  summaryOperation,
} from './operations.js';
import { readProcessUsage, waitUntilIdle } from './proc.js';
import { type GatewayBenchResult, type LoadMeasurement, renderGatewayFigures, updateGatewayDocs } from './report.js';
import { measureStartup } from './startup.js';
import { readGatewayVersions } from './versions.js';

const DAY_MS = 86_400_000;
/** The view of the map's path whose incidentGrid is loaded: zoom 14 at the town centre, which returns points. */
const GRID_VIEW_LABEL = 'z14 centre';
const IDLE_TIMEOUT_MS = 60_000;

/** Sends `operation` once and returns the response's `data`, failing on any error. */
async function sendOnce(url: string, operation: BenchOperation): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: requestBody(operation),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (response.status !== 200 || body.errors) {
    throw new Error(`${operation.label} on ${url} returned ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return body.data;
}

async function buildOperations(context: BenchContext): Promise<BenchOperation[]> {
  const to = new Date();
  const window = { label: '30d', from: new Date(to.getTime() - 30 * DAY_MS).toISOString(), to: to.toISOString() };
  // The summary counts the last 7 days: at 1M incidents, counting 30 days for every street takes PostgreSQL about
  // 240 ms per request, so 50 connections would wait on the database alone and exceed autocannon's 10 s timeout.
  const week = { label: '7d', from: new Date(to.getTime() - 7 * DAY_MS).toISOString(), to: to.toISOString() };
  const anchors = await readPathAnchors(context.database, PATH_DISTRICT);
  const view = buildPath(anchors.districtCenter, anchors.townCenter).find((entry) => entry.label === GRID_VIEW_LABEL);
  if (!view) throw new Error(`The map's path has no view ${GRID_VIEW_LABEL}`);
  return [
    summaryOperation(week),
    drillDownOperation(DRILL_DOWN_SIZE),
    gridOperation(await loadGridOperation(), view, window),
  ];
}

/** Counts the SQL statements per request of `operation` through `gatewayUrl`. */
async function statementsPerRequest(
  subgraphs: RunningChild,
  gatewayUrl: string,
  operation: BenchOperation,
  requests: number,
): Promise<number> {
  await subgraphs.request({ type: 'statements', reset: true });
  for (let index = 0; index < requests; index += 1) await sendOnce(gatewayUrl, operation);
  const { count } = await subgraphs.request({ type: 'statements', reset: true });
  return (count ?? 0) / requests;
}

/**
 * Runs the gateway section and writes its results file (and the docs with `--update-docs`). Returns the figures
 * and a description of each load run with failed requests, which must fail the bench.
 */
export async function runGatewayBench(context: BenchContext): Promise<{ figures: string; failures: string[] }> {
  const { options, logger } = context;
  const settings = options.gateway;
  const started = new Date();
  const loadAtStart = loadAverageNow();
  const operations = await buildOperations(context);
  const supergraphSdl = readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8');

  const databaseIdle = async () => {
    const { rows } = await context.database.query<{ active: number }>(
      `SELECT count(*)::int AS active FROM pg_stat_activity
       WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
    );
    return rows[0]?.active === 0;
  };
  const entry = (file: string) => join(workspaceRoot, 'bench', 'src', 'gateway', file);
  const subgraphs = await startChild(entry('subgraphs-process.ts'), [], { DATABASE_URL: context.databaseUrl });
  const subgraphUrls = subgraphs.ready.subgraphUrls ?? {};
  const gateways = new Map<Contender, RunningChild>();
  const load: LoadMeasurement[] = [];
  const floors: Record<string, FloorResult> = {};
  const statements: GatewayBenchResult['statements'] = [];
  const peakRssMiB: Partial<Record<Contender, number>> = {};
  try {
    for (const contender of CONTENDERS) {
      const env = { BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphUrls) };
      gateways.set(contender, await startChild(entry('gateway-process.ts'), [contender], env));
    }
    logger.info(
      { subgraphs: subgraphUrls, gateways: [...gateways].map(([name, child]) => [name, child.ready.url]) },
      'gateways started',
    );

    // Every gateway must return the same data for each operation before its speed counts.
    for (const operation of operations) {
      const answers = await Promise.all(
        [...gateways.values()].map((child) => sendOnce(child.ready.url as string, operation)),
      );
      const texts = answers.map((answer) => JSON.stringify(answer));
      if (texts.some((text) => text !== texts[0]))
        throw new Error(`The gateways returned different data for ${operation.label}`);
    }

    const localSupergraph = rewriteSubgraphUrls(supergraphSdl, subgraphUrls);
    for (const operation of operations) {
      floors[operation.key] = await measureFloor(localSupergraph, operation, settings.floorRounds);
      logger.info({ operation: operation.key, floorMs: floors[operation.key]?.criticalPathMs }, 'floor measured');
    }

    const counted = [operations[0], ...DRILL_DOWN_SIZES.map(drillDownOperation), operations[2]] as BenchOperation[];
    for (const operation of counted) {
      for (const [contender, child] of gateways) {
        const perRequest = await statementsPerRequest(
          subgraphs,
          child.ready.url as string,
          operation,
          settings.statementRequests,
        );
        statements.push({ operation: operation.label, contender, perRequest });
      }
    }
    logger.info({ statements }, 'SQL statements counted');

    for (const operation of operations) {
      const body = requestBody(operation);
      for (const connections of settings.connections) {
        // The contenders alternate within each pair of settings, so that drift on the machine hits both alike.
        for (const [contender, child] of gateways) {
          const url = child.ready.url as string;
          const busyPids = [child.pid, subgraphs.pid];
          await waitUntilIdle(busyPids, databaseIdle, IDLE_TIMEOUT_MS);
          await runLoad(url, body, connections, settings.warmupSeconds);
          await waitUntilIdle(busyPids, databaseIdle, IDLE_TIMEOUT_MS);
          const gatewayBefore = readProcessUsage(child.pid).cpuSeconds;
          const subgraphsBefore = readProcessUsage(subgraphs.pid).cpuSeconds;
          const run = await runLoad(url, body, connections, settings.loadSeconds);
          const gatewayCpuSeconds = readProcessUsage(child.pid).cpuSeconds - gatewayBefore;
          const subgraphsCpuSeconds = readProcessUsage(subgraphs.pid).cpuSeconds - subgraphsBefore;
          load.push({ operation: operation.key, contender, run, gatewayCpuSeconds, subgraphsCpuSeconds });
          logger.info(
            {
              operation: operation.key,
              contender,
              connections,
              rps: run.requestsPerSecond,
              p50: run.latency.p50,
              p99: run.latency.p99,
              failed: failedRequests(run),
            },
            'load run done',
          );
        }
      }
    }
    for (const [contender, child] of gateways)
      peakRssMiB[contender] = Math.round(readProcessUsage(child.pid).peakRssMiB);
  } finally {
    for (const child of gateways.values()) await child.stop();
    await subgraphs.stop();
  }

  const startup = await measureStartup(context.databaseUrl, (run) => logger.info(run, 'hub start timed'));

  const result: GatewayBenchResult = {
    date: started.toISOString(),
    command: context.command,
    quick: options.quick,
    machine: describeMachine(loadAtStart),
    versions: { ...context.versions, node: process.version, ...readGatewayVersions() },
    database: context.displayUrl,
    data: context.data,
    settings,
    operations: operations.map(({ key, label, operationName, query, variables }) => ({
      key,
      label,
      operationName,
      query,
      variables,
    })),
    floors,
    load,
    peakRssMiB,
    statements,
    startup,
  };
  const file = writeResultFile('gateway', started, options.quick, result, logger);
  const figures = renderGatewayFigures(result);
  logger.info({ file }, 'results written');
  if (options.updateDocs) {
    const docs = join(workspaceRoot, 'docs', 'benchmarks.md');
    writeFileSync(docs, updateGatewayDocs(readFileSync(docs, 'utf8'), figures));
    logger.info({ file: docs }, 'docs updated');
  }

  const failures = load
    .filter((entry) => failedRequests(entry.run) > 0)
    .map((entry) => `${entry.contender} ${entry.operation} ×${entry.run.connections}: ${failedRequests(entry.run)}`);
  return { figures, failures };
}
