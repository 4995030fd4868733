import { parseArgs } from 'node:util';

export const USAGE = `usage: pnpm bench [--only map|gateway|live] [--quick] [--reset] [--update-docs]

Measures the hub of 吴江区 (320509) with many incidents on a PostgreSQL server. The map section times the map's
viewport query through the gateway and the time until the map first shows the incidents in headless Chromium. The
gateway section compares Lianfang's gateway with a stock Apollo Gateway at 1, 10 and 50 connections on the same
subgraphs, with repeated requests that Lianfang's response cache can answer and varied ones that it cannot,
counts SQL statements per request and times the hub's start-up. The live section times reports from submission
to a subscriber of the gateway's live updates, on its own hub with a fresh embedded database.

  --only          run one section: map, gateway or live (default: all three)
  --quick         100,000 incidents, one pass of the viewport path, 2 page loads, 3-second load runs and
                  30 live reports instead of 200, for development
  --reset         delete the synthetic incidents and load them again
  --update-docs   write the figures into docs/benchmarks.md (not with --quick)

The database is LIANFANG_BENCH_DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/lianfang_bench; it is
created when missing; the live section alone does not use it. Results go to bench/results/map-<date>.json,
bench/results/gateway-<date>.json and bench/results/live-<date>.json.`;

export const SECTIONS = ['map', 'gateway', 'live'] as const;
export type Section = (typeof SECTIONS)[number];

/** Settings of the gateway comparison. */
export interface GatewayBenchOptions {
  /** Seconds of load per operation, gateway and connection count. */
  loadSeconds: number;
  /** Seconds of load before each measured run, not counted. */
  warmupSeconds: number;
  /** Connection counts of the load runs; 1 shows the latency of a single request without queueing. */
  connections: number[];
  /** Times each subgraph fetch of a query plan is sent when measuring the floor; the median counts. */
  floorRounds: number;
  /** Requests per operation whose SQL statements are counted. */
  statementRequests: number;
}

export interface BenchOptions {
  /** Sections to run, in order. */
  sections: Section[];
  quick: boolean;
  reset: boolean;
  updateDocs: boolean;
  /** Rows of police.incidents after loading: the demo's incidents plus the synthetic ones. */
  targetIncidents: number;
  /** Passes over the pan and zoom path per measurement. */
  pathRounds: number;
  /** Clients that walk the path at the same time in the concurrent measurement. */
  concurrentClients: number;
  /** Page loads of the time-to-first-render measurement, each in a fresh browser context. */
  renderRuns: number;
  gateway: GatewayBenchOptions;
  /** Reports of the live section, submitted one after another. */
  liveReports: number;
}

/** Error in the command line. The caller prints the message with the usage and exits with status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses the command line. Returns undefined for `--help`. */
export function parseBenchArgs(args: string[]): BenchOptions | undefined {
  let values: { only?: string; quick?: boolean; reset?: boolean; 'update-docs'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        only: { type: 'string' },
        quick: { type: 'boolean', default: false },
        reset: { type: 'boolean', default: false },
        'update-docs': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return undefined;

  const only = values.only;
  if (only !== undefined && !SECTIONS.includes(only as Section)) {
    throw new UsageError(
      `Invalid --only value "${only}": use ${SECTIONS.slice(0, -1).join(', ')} or ${SECTIONS.at(-1)}.`,
    );
  }
  const quick = values.quick === true;
  if (quick && values['update-docs']) {
    throw new UsageError('--update-docs cannot be combined with --quick: the docs record full runs only.');
  }
  return {
    sections: only === undefined ? [...SECTIONS] : [only as Section],
    quick,
    reset: values.reset === true,
    updateDocs: values['update-docs'] === true,
    targetIncidents: quick ? 100_000 : 1_000_000,
    pathRounds: quick ? 1 : 3,
    concurrentClients: 8,
    renderRuns: quick ? 2 : 5,
    gateway: {
      loadSeconds: quick ? 3 : 10,
      warmupSeconds: quick ? 1 : 3,
      connections: [1, 10, 50],
      floorRounds: quick ? 5 : 20,
      statementRequests: 3,
    },
    liveReports: quick ? 30 : 200,
  };
}
