/**
 * The map section of `pnpm bench`: starts the hub in this process, times the map's viewport operation through the
 * gateway and the map's first render in headless Chromium, and writes bench/results/map-<date>.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Database, type Logger, workspaceRoot } from '@lianfang/db';
import { type DataReport, DISTRICT_CODE } from './data.js';
import type { ServerVersions } from './database.js';
import { BENCH_IDENTITY } from './gateway/access.js';
import { ensureWebBuild, startBenchHub } from './hub.js';
import { loadGridOperation } from './operation.js';
import type { BenchOptions } from './options.js';
import { buildPath, readPathAnchors } from './path.js';
import { measureRender } from './render.js';
import { describeMachine, type MapBenchResult, renderFigures, updateDocsPage } from './report.js';
import { writeResultFile } from './results.js';
import { explainView, profileResolver } from './sql-profile.js';
import { GatewayClient, type HubGateway, measureConcurrent, measureSequential, type TimeWindow } from './viewport.js';

const DAY_MS = 86_400_000;
const WARMUP_REQUESTS = 3;

export interface BenchContext {
  options: BenchOptions;
  database: Database;
  databaseUrl: string;
  displayUrl: string;
  data: DataReport;
  versions: ServerVersions;
  started: Date;
  loadAtStart: number;
  command: string;
  logger: Logger;
}

/** Runs the map section, writes its results file (and the docs with `--update-docs`) and returns its figures. */
export async function runMapBench(context: BenchContext): Promise<string> {
  const { options, database, data, versions, started, loadAtStart, logger } = context;
  if (await ensureWebBuild()) logger.info('web app built');
  const hub = await startBenchHub(database, context.databaseUrl);
  const gatewayUrl = hub.gateway.url;
  logger.info({ gateway: gatewayUrl }, 'hub started');
  try {
    const gateway: HubGateway = { url: gatewayUrl, token: await hub.issueToken(BENCH_IDENTITY) };
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
    const warmupClient = new GatewayClient(gateway, operation);
    const warmup: number[] = [];
    for (let index = 0; index < WARMUP_REQUESTS; index += 1) {
      warmup.push((await warmupClient.send(path[0] as (typeof path)[number], window30)).ms);
    }
    warmupClient.close();
    logger.info({ warmupMs: warmup }, 'warm-up done');

    const sequential30d = await measureSequential(gateway, operation, path, options.pathRounds, window30);
    logger.info({ latency: sequential30d.latency, byZoom: sequential30d.byZoom }, '30 days, 1 client');
    const concurrent30d = await measureConcurrent(
      gateway,
      operation,
      path,
      options.pathRounds,
      options.concurrentClients,
      window30,
    );
    logger.info({ latency: concurrent30d.latency, throughput: concurrent30d.throughput }, '30 days, concurrent');
    const sequential7d = await measureSequential(gateway, operation, path, options.pathRounds, window7);
    logger.info({ latency: sequential7d.latency, byZoom: sequential7d.byZoom }, '7 days, 1 client');

    const resolver = await profileResolver(database, path, window30);
    logger.info({ sql: resolver.sql, resolver: resolver.resolver }, 'resolver profiled');
    const plans = [
      await explainView(database, path[0] as (typeof path)[number], window30),
      await explainView(database, path.at(-9) as (typeof path)[number], window30),
    ];

    const session = { token: gateway.token, user: BENCH_IDENTITY };
    const render = await measureRender(`${gatewayUrl}/?window=30d`, options.renderRuns, session, (run) =>
      logger.info({ ms: run.ms, totalCount: run.totalCount, requests: run.requests }, 'page rendered'),
    );
    const matchesBrowser = render.runs.every((run) => run.gridOperation === operation);
    if (!matchesBrowser) logger.warn('the page sent another SituationMapIncidentGrid text than the bench');

    const result: MapBenchResult = {
      date: started.toISOString(),
      command: context.command,
      quick: options.quick,
      machine: describeMachine(loadAtStart),
      versions: { ...versions, node: process.version },
      database: context.displayUrl,
      data,
      operation: { text: operation, matchesBrowser },
      warmup,
      viewport: { sequential30d, concurrent30d, sequential7d },
      resolver,
      plans,
      render,
    };

    const file = writeResultFile('map', started, options.quick, result, logger);
    const figures = renderFigures(result);
    logger.info({ file }, 'results written');

    if (options.updateDocs) {
      const docs = join(workspaceRoot, 'docs', 'benchmarks.md');
      writeFileSync(docs, updateDocsPage(readFileSync(docs, 'utf8'), figures));
      logger.info({ file: docs }, 'docs updated');
    }
    return figures;
  } finally {
    await hub.stop();
  }
}
