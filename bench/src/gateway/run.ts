/**
 * The gateway section of `pnpm bench`. Lianfang's gateway and a stock Apollo Gateway run in their own processes on
 * the same supergraph and the same subgraph process, under autocannon load. Each operation runs with the same body
 * in every request, which Lianfang's response cache can serve, and the drill-down and the grid also run varied,
 * with different variables in every request, which it cannot. The section also measures the floor of each
 * operation, SQL statements per request and the hub's start-up, and writes bench/results/gateway-<date>.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import { DISTRICT_CODE as PATH_DISTRICT } from '../data.js';
import type { BenchContext } from '../map-bench.js';
import { loadGridOperation } from '../operation.js';
import { buildPath, readPathAnchors, type View } from '../path.js';
import { describeMachine, loadAverageNow } from '../report.js';
import { writeResultFile } from '../results.js';
import { benchBearerHeaders, createBenchKeys, FixedClaims } from './access.js';
import { type RunningChild, startChild } from './child.js';
import { BASELINE, CONTENDERS, type Contender, rewriteSubgraphUrls } from './contenders.js';
import { type FloorResult, measureFloor } from './floor.js';
import { failedRequests } from './load.js';
import { runLoadMatrix } from './matrix.js';
import {
  type BenchOperation,
  DRILL_DOWN_SIZE,
  DRILL_DOWN_SIZES,
  drillDownOperation,
  gridOperation,
  summaryOperation,
} from './operations.js';
import { readProcessUsage } from './proc.js';
import { renderGatewayFigures, updateGatewayDocs } from './report.js';
import { checkIdenticalData, type GatewayEndpoint, readAddressCursors, statementsPerRequest } from './requests.js';
import type { GatewayBenchResult, OperationRecord } from './result.js';
import { measureStartup } from './startup.js';
import { drillDownWindows, pannedGrid, type VariedOperation } from './varied.js';
import { readGatewayVersions } from './versions.js';

const DAY_MS = 86_400_000;
/** The view of the map's path whose incidentGrid is loaded: zoom 14 at the town centre, which returns points. */
const GRID_VIEW_LABEL = 'z14 centre';

interface FixedOperations {
  summary: BenchOperation;
  drillDown: BenchOperation;
  grid: BenchOperation;
  /** The map view of the grid, which the varied grid pans. */
  gridView: View;
}

async function buildOperations(context: BenchContext): Promise<FixedOperations> {
  const to = new Date();
  const window = { label: '30d', from: new Date(to.getTime() - 30 * DAY_MS).toISOString(), to: to.toISOString() };
  // The summary counts the last 7 days: at 1M incidents, counting 30 days for every street takes PostgreSQL about
  // 240 ms per request, so 50 connections would wait on the database alone and exceed autocannon's 10 s timeout.
  const week = { label: '7d', from: new Date(to.getTime() - 7 * DAY_MS).toISOString(), to: to.toISOString() };
  const anchors = await readPathAnchors(context.database, PATH_DISTRICT);
  const view = buildPath(anchors.districtCenter, anchors.townCenter).find((entry) => entry.label === GRID_VIEW_LABEL);
  if (!view) throw new Error(`The map's path has no view ${GRID_VIEW_LABEL}`);
  return {
    summary: summaryOperation(week),
    drillDown: drillDownOperation(DRILL_DOWN_SIZE),
    grid: gridOperation(await loadGridOperation(), view, window),
    gridView: view,
  };
}

function operationRecords(fixed: BenchOperation[], varied: VariedOperation[]): OperationRecord[] {
  const records: OperationRecord[] = fixed.map(({ key, label, operationName, query, variables }) => ({
    key,
    label,
    operationName,
    query,
    variables,
  }));
  for (const operation of varied) {
    const { key, label, base, variation } = operation;
    const { operationName, query } = base;
    records.push({
      key,
      label,
      operationName,
      query,
      variables: operation.variablesAt(0),
      variation,
      floorOf: base.key,
    });
  }
  return records;
}

async function measureFloors(
  context: BenchContext,
  supergraphSdl: string,
  operations: BenchOperation[],
  claims: FixedClaims,
): Promise<Record<string, FloorResult>> {
  const floors: Record<string, FloorResult> = {};
  for (const operation of operations) {
    floors[operation.key] = await measureFloor(supergraphSdl, operation, context.options.gateway.floorRounds, claims);
    context.logger.info({ operation: operation.key, floorMs: floors[operation.key]?.criticalPathMs }, 'floor measured');
  }
  return floors;
}

async function countStatements(
  context: BenchContext,
  subgraphs: RunningChild,
  endpoints: Map<Contender, GatewayEndpoint>,
  operations: BenchOperation[],
): Promise<GatewayBenchResult['statements']> {
  const statements: GatewayBenchResult['statements'] = [];
  for (const operation of operations) {
    for (const [contender, endpoint] of endpoints) {
      const perRequest = await statementsPerRequest(
        subgraphs,
        endpoint,
        operation,
        context.options.gateway.statementRequests,
      );
      statements.push({ operation: operation.label, contender, perRequest });
    }
  }
  context.logger.info({ statements }, 'SQL statements counted');
  return statements;
}

type Measured = Pick<GatewayBenchResult, 'operations' | 'floors' | 'load' | 'peakRssMiB' | 'statements'>;

/** Starts the subgraphs and the gateways, checks their data and measures floors, statements and load. */
async function measureGateways(context: BenchContext, fixed: FixedOperations): Promise<Measured> {
  const { options, logger } = context;
  const settings = options.gateway;
  const operations = [fixed.summary, fixed.drillDown, fixed.grid];
  const supergraphSdl = readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8');
  const databaseIdle = async () => {
    const { rows } = await context.database.query<{ active: number }>(
      `SELECT count(*)::int AS active FROM pg_stat_activity
       WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
    );
    return rows[0]?.active === 0;
  };
  const entry = (file: string) => join(workspaceRoot, 'bench', 'src', 'gateway', file);
  const keys = await createBenchKeys();
  const gateways = new Map<Contender, RunningChild>();
  let subgraphs: RunningChild | undefined;
  try {
    subgraphs = await startChild(entry('subgraphs-process.ts'), [], { ...keys.env, DATABASE_URL: context.databaseUrl });
    const subgraphUrls = subgraphs.ready.subgraphUrls ?? {};
    for (const contender of CONTENDERS) {
      const env = { ...keys.env, BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphUrls) };
      gateways.set(contender, await startChild(entry('gateway-process.ts'), [contender], env));
    }
    // Both gateways receive the same bearer token; the stock gateway ignores it.
    const headers = await benchBearerHeaders(keys.keyPair);
    const endpoints = new Map(
      [...gateways].map(([contender, child]) => [contender, { url: child.ready.url as string, headers }] as const),
    );
    logger.info(
      { subgraphs: subgraphUrls, gateways: [...gateways].map(([name, child]) => [name, child.ready.url]) },
      'gateways started',
    );

    const cursors = await readAddressCursors(endpoints.get(BASELINE) as GatewayEndpoint);
    const varied = [drillDownWindows(fixed.drillDown, cursors), pannedGrid(fixed.grid, fixed.gridView)];
    // Every gateway must return the same data for each operation before its speed counts.
    await checkIdenticalData([...endpoints.values()], operations, varied);

    const localSupergraph = rewriteSubgraphUrls(supergraphSdl, subgraphUrls);
    const floors = await measureFloors(context, localSupergraph, operations, await FixedClaims.of(keys.keyPair));
    const counted = [fixed.summary, ...DRILL_DOWN_SIZES.map(drillDownOperation), fixed.grid];
    const statements = await countStatements(context, subgraphs, endpoints, counted);

    const environment = { gateways, headers, subgraphs, databaseIdle, settings, logger };
    const load = await runLoadMatrix(environment, [...operations, ...varied]);
    const peakRssMiB: Partial<Record<Contender, number>> = {};
    for (const [contender, child] of gateways)
      peakRssMiB[contender] = Math.round(readProcessUsage(child.pid).peakRssMiB);
    return { operations: operationRecords(operations, varied), floors, load, peakRssMiB, statements };
  } finally {
    for (const child of gateways.values()) await child.stop();
    await subgraphs?.stop();
    keys.remove();
  }
}

/**
 * Runs the gateway section and writes its results file (and the docs with `--update-docs`). Returns the figures
 * and a description of each load run with failed requests, which must fail the bench.
 */
export async function runGatewayBench(context: BenchContext): Promise<{ figures: string; failures: string[] }> {
  const { options, logger } = context;
  const started = new Date();
  const loadAtStart = loadAverageNow();
  const measured = await measureGateways(context, await buildOperations(context));
  const startup = await measureStartup(context.databaseUrl, (run) => logger.info(run, 'hub start timed'));

  const result: GatewayBenchResult = {
    date: started.toISOString(),
    command: context.command,
    quick: options.quick,
    machine: describeMachine(loadAtStart),
    versions: { ...context.versions, node: process.version, ...readGatewayVersions() },
    database: context.displayUrl,
    data: context.data,
    settings: options.gateway,
    ...measured,
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

  const failures = result.load
    .filter((entry) => failedRequests(entry.run) > 0)
    .map((entry) => `${entry.contender} ${entry.operation} ×${entry.run.connections}: ${failedRequests(entry.run)}`);
  return { figures, failures };
}
