/**
 * Profile of a viewport request below the gateway: the police subgraph's incidentGrid resolver run directly on the
 * bench database with each SQL statement timed, and the plans of chosen views.
 */
import type { Database, QueryResult } from '@lianfang/db';
import { AccessRecorder } from '@lianfang/subgraph-kit';
import { incidentGrid } from '../../subgraphs/police/src/incident-grid.js';
import { POINT_LIMIT } from '../../web/src/graphql/incidents.js';
import { BENCH_CITY, BENCH_IDENTITY } from './gateway/access.js';
import type { View } from './path.js';
import { type LatencySummary, summarize } from './stats.js';
import type { TimeWindow } from './viewport.js';

type ResolverContext = Parameters<typeof incidentGrid>[0];

interface Statement {
  sql: string;
  params: readonly unknown[];
  ms: number;
}

/** Passes each query to `database` and records its text, parameters and duration. */
function timingContext(database: Database, statements: Statement[]): ResolverContext {
  const timed = {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const started = performance.now();
      const result = await database.query<Row>(sql, params);
      statements.push({ sql, params, ms: performance.now() - started });
      return result;
    },
  };
  // The resolver checks the caller's jurisdiction with the claims, the city and the access recorder, and otherwise
  // uses only `database.query`. The other members are never read.
  return {
    requestId: 'bench',
    database: timed,
    loaders: new Map(),
    claims: { ...BENCH_IDENTITY, city: BENCH_CITY },
    city: BENCH_CITY,
    access: new AccessRecorder(),
  } as unknown as ResolverContext;
}

async function resolveView(database: Database, view: View, window: TimeWindow) {
  const statements: Statement[] = [];
  const started = performance.now();
  const grid = await incidentGrid(timingContext(database, statements), {
    orgUnit: '320509',
    bbox: view.bbox,
    zoom: view.zoom,
    from: new Date(window.from),
    to: new Date(window.to),
    categories: null,
    pointLimit: POINT_LIMIT,
  });
  // The map's operation selects `incidents`, so the gateway always resolves it.
  const incidents = await grid.incidents();
  return {
    resolverMs: performance.now() - started,
    sqlMs: statements.reduce((sum, statement) => sum + statement.ms, 0),
    statements,
    totalCount: grid.totalCount,
    points: incidents.length,
  };
}

export interface ResolverProfile {
  window: string;
  /** Time of the resolver with its SQL, without HTTP, GraphQL or the gateway. */
  resolver: LatencySummary;
  /** Time of the SQL statements alone. */
  sql: LatencySummary;
  byZoom: Record<string, { resolver: LatencySummary; sql: LatencySummary }>;
  /** Statements per view: one when the response clusters, two when it lists the incidents. */
  statementsPerView: number[];
}

/** Runs the resolver once for each view of `path`. */
export async function profileResolver(database: Database, path: View[], window: TimeWindow): Promise<ResolverProfile> {
  const runs: { zoom: number; resolverMs: number; sqlMs: number; statements: number }[] = [];
  for (const view of path) {
    const run = await resolveView(database, view, window);
    runs.push({ zoom: view.zoom, resolverMs: run.resolverMs, sqlMs: run.sqlMs, statements: run.statements.length });
  }
  const zooms = [...new Set(runs.map((run) => run.zoom))].sort((a, b) => a - b);
  return {
    window: window.label,
    resolver: summarize(runs.map((run) => run.resolverMs)),
    sql: summarize(runs.map((run) => run.sqlMs)),
    byZoom: Object.fromEntries(
      zooms.map((zoom) => {
        const level = runs.filter((run) => run.zoom === zoom);
        return [
          `z${zoom}`,
          { resolver: summarize(level.map((run) => run.resolverMs)), sql: summarize(level.map((run) => run.sqlMs)) },
        ];
      }),
    ),
    statementsPerView: runs.map((run) => run.statements),
  };
}

export interface QueryPlan {
  view: string;
  window: string;
  sql: string;
  params: readonly unknown[];
  /** Output of EXPLAIN (ANALYZE, BUFFERS) of each statement the resolver sent, in order. */
  plans: string[];
}

/** Captures the statements of one view and returns their EXPLAIN (ANALYZE, BUFFERS) output. */
export async function explainView(database: Database, view: View, window: TimeWindow): Promise<QueryPlan> {
  const { statements } = await resolveView(database, view, window);
  const plans: string[] = [];
  for (const statement of statements) {
    const { rows } = await database.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
      statement.params,
    );
    plans.push(rows.map((row) => row['QUERY PLAN']).join('\n'));
  }
  const first = statements[0] as Statement;
  return { view: view.label, window: window.label, sql: first.sql, params: first.params, plans };
}
