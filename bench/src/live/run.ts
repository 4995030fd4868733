/**
 * The live section of `pnpm bench`: latency from submitting a report to a subscriber of `/graphql/stream` receiving
 * its EVENT CREATED change. It starts 吴江区's hub in this process on a fresh embedded database (PGlite, as
 * `pnpm start` uses without DATABASE_URL), subscribes as the street commander and submits reports one after another
 * as a grid worker of that street, then writes bench/results/live-<date>.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger, type Logger, workspaceRoot } from '@lianfang/db';
import { type LiveChange, openLiveStream } from '@lianfang/gateway';
import { CITIES, type RunningHub, startHub } from '@lianfang/hub';
import type { Identity } from '@lianfang/subgraph-kit';
import { ensureWebBuild } from '../hub.js';
import { describeMachine, loadAverageNow } from '../report.js';
import { writeResultFile } from '../results.js';
import { summarize } from '../stats.js';
import { type LiveBenchResult, renderLiveFigures, updateLiveDocs } from './report.js';
import {
  GRID_CODE,
  mutationSubmit,
  pointInGrid,
  STREET_CODE,
  type Submit,
  type SubmitSource,
  sqlSubmit,
} from './submit.js';

/** Demo incidents per year of the hub; the section measures events, so a small demo keeps the start short. */
const DEMO_INCIDENTS_PER_YEAR = 2000;
/** Maximum wait for one change, in ms, before the run fails. */
const RECEIVE_TIMEOUT_MS = 10_000;
/** Reports sent before the measured ones, so first-request costs (plans, connections) are not counted. */
const WARMUP_REPORTS = 3;

export interface LiveBenchContext {
  reports: number;
  quick: boolean;
  updateDocs: boolean;
  started: Date;
  loadAtStart: number;
  command: string;
  logger: Logger;
}

const streetCommander: Identity = {
  sub: 'bench.street.commander',
  name: '基准测试街道指挥员',
  level: 'STREET',
  orgUnit: STREET_CODE,
  department: 'governance',
  roles: ['commander'],
};

const gridWorker: Identity = {
  sub: 'bench.grid.worker',
  name: '基准测试网格员',
  level: 'GRID',
  orgUnit: GRID_CODE,
  department: 'governance',
  roles: ['grid_worker'],
};

/** Times of received EVENT CREATED changes by event id, and the waiters for ids not received yet. */
class Arrivals {
  readonly #at = new Map<string, number>();
  readonly #waiting = new Map<string, (at: number) => void>();

  record(change: LiveChange): void {
    if (change.kind !== 'EVENT' || change.action !== 'CREATED' || !change.id) return;
    const at = performance.now();
    this.#at.set(change.id, at);
    this.#waiting.get(change.id)?.(at);
  }

  /** Resolves to the time the change of `id` arrived, which may lie before the call. */
  async of(id: string): Promise<number> {
    const known = this.#at.get(id);
    if (known !== undefined) return known;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`No EVENT CREATED change for ${id} within ${RECEIVE_TIMEOUT_MS} ms`));
      }, RECEIVE_TIMEOUT_MS);
      this.#waiting.set(id, (at) => {
        clearTimeout(timer);
        this.#waiting.delete(id);
        resolve(at);
      });
    });
  }
}

/** Picks the mutation when it works on this build and the SQL insert otherwise, and logs why. */
async function chooseSubmit(hub: RunningHub, runId: string, logger: Logger): Promise<[Submit, SubmitSource]> {
  const point = await pointInGrid(hub.database);
  const authorization = `Bearer ${await hub.issueToken(gridWorker)}`;
  const viaMutation = mutationSubmit(hub.gateway.url, authorization, point, runId);
  try {
    await viaMutation(-1);
    return [viaMutation, 'mutation'];
  } catch (error) {
    logger.warn({ err: error }, 'SubmitReport is not usable; the section inserts events by SQL instead');
    return [sqlSubmit(hub.database, point, runId), 'sql'];
  }
}

async function measure(hub: RunningHub, context: LiveBenchContext) {
  const arrivals = new Arrivals();
  const stream = await openLiveStream({
    gatewayUrl: hub.gateway.url,
    headers: { authorization: `Bearer ${await hub.issueToken(streetCommander)}` },
    kinds: ['EVENT'],
    onChange: (change) => arrivals.record(change),
  });
  try {
    const runId = randomUUID().slice(0, 8);
    const [submit, source] = await chooseSubmit(hub, runId, context.logger);
    const latencies: number[] = [];
    const roundTrips: number[] = [];
    for (let index = 0; index < WARMUP_REPORTS + context.reports; index += 1) {
      const start = performance.now();
      const id = await submit(index);
      const returned = performance.now();
      const received = await arrivals.of(id);
      if (index < WARMUP_REPORTS) continue;
      latencies.push(received - start);
      roundTrips.push(returned - start);
    }
    return { source, latency: summarize(latencies), roundTrip: summarize(roundTrips) };
  } finally {
    stream.close();
  }
}

/** Runs the live section and returns its figures as Markdown. */
export async function runLiveBench(context: LiveBenchContext): Promise<string> {
  const { logger } = context;
  await ensureWebBuild();
  const dataDir = mkdtempSync(join(tmpdir(), 'lianfang-bench-live-'));
  const hubLogger = createLogger('bench-hub');
  if (!process.env.LOG_LEVEL) hubLogger.level = 'warn';
  const hubStart = performance.now();
  const hub = await startHub({
    city: CITIES.wujiang,
    demo: { incidentsPerYear: DEMO_INCIDENTS_PER_YEAR },
    database: { dataDir },
    keysDir: join(dataDir, 'keys'),
    port: 0,
    subgraphPortBase: 0,
    host: '127.0.0.1',
    rateLimitPerMinute: 0,
    logger: hubLogger,
  });
  const hubStartMs = performance.now() - hubStart;
  try {
    logger.info({ reports: context.reports, hubStartMs: Math.round(hubStartMs) }, 'live section started');
    const figures = await measure(hub, context);
    const result: LiveBenchResult = {
      date: context.started.toISOString(),
      command: context.command,
      quick: context.quick,
      machine: describeMachine(context.loadAtStart),
      backend: 'embedded (PGlite, fresh data directory)',
      reports: context.reports,
      warmupReports: WARMUP_REPORTS,
      ...figures,
    };
    result.machine.loadAverage.end = loadAverageNow();
    const file = writeResultFile('live', context.started, context.quick, result, logger);
    logger.info({ file }, 'results written');
    const markdown = renderLiveFigures(result);
    if (context.updateDocs) {
      const docs = join(workspaceRoot, 'docs', 'benchmarks.md');
      writeFileSync(docs, updateLiveDocs(readFileSync(docs, 'utf8'), markdown));
      logger.info({ file: docs }, 'docs updated');
    }
    return markdown;
  } finally {
    await hub.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
