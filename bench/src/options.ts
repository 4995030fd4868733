import { parseArgs } from 'node:util';

export const USAGE = `usage: pnpm bench [--quick] [--reset] [--update-docs]

Measures the situation map of 吴江区 (320509) with many incidents on a PostgreSQL server: the latency of the map's
viewport query through the gateway and the time until the map first shows the incidents in headless Chromium.

  --quick         100,000 incidents, one pass of the viewport path and 2 page loads, for development
  --reset         delete the synthetic incidents and load them again
  --update-docs   write the figures into docs/benchmarks.md (not with --quick)

The database is LIANFANG_BENCH_DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/lianfang_bench; it is
created when missing. Results go to bench/results/map-<date>.json.`;

export interface BenchOptions {
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
}

/** Error in the command line. The caller prints the message with the usage and exits with status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses the command line. Returns undefined for `--help`. */
export function parseBenchArgs(args: string[]): BenchOptions | undefined {
  let values: { quick?: boolean; reset?: boolean; 'update-docs'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
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

  const quick = values.quick === true;
  if (quick && values['update-docs']) {
    throw new UsageError('--update-docs cannot be combined with --quick: the docs record full runs only.');
  }
  return {
    quick,
    reset: values.reset === true,
    updateDocs: values['update-docs'] === true,
    targetIncidents: quick ? 100_000 : 1_000_000,
    pathRounds: quick ? 1 : 3,
    concurrentClients: 8,
    renderRuns: quick ? 2 : 5,
  };
}
