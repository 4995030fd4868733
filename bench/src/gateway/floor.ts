/**
 * The floor of an operation: the subgraphs' own time on the critical path of its query plan. An ApolloGateway in
 * the bench's process runs the operation once and records its query plan and the request each fetch sent. The
 * bench then sends each recorded request straight to its subgraph, one at a time, and adds the median times along
 * the plan's critical path. End-to-end latency minus this floor is the gateway's share.
 */
import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { FetchNode, QueryPlan } from '@apollo/query-planner';
import { prettyFormatQueryPlan } from '@apollo/query-planner';
import { ApolloServer } from '@apollo/server';
import { median } from '../stats.js';
import type { FixedClaims } from './access.js';
import { assertLoopback } from './loopback.js';
import type { BenchOperation } from './operations.js';
import { criticalPathMs, fetchNodes } from './plan.js';

interface RecordedFetch {
  serviceName: string;
  url: string;
  query: string;
  variables: Record<string, unknown>;
}

export interface FetchTiming {
  serviceName: string;
  /** Median time over the rounds in ms, 0 for a fetch of the plan that the gateway skipped. */
  ms: number;
  responseBytes: number;
  /** Entities sent in `representations`, for an entity fetch. */
  representations: number | null;
}

export interface FloorResult {
  /** The query plan as Apollo prints it. */
  plan: string;
  fetches: FetchTiming[];
  criticalPathMs: number;
  /** Sum of all fetch times, as if the gateway sent them one after another. */
  sumMs: number;
  rounds: number;
}

/** Records each subgraph request and sends it with the bench user's claims, which the subgraphs require. */
class RecordingDataSource extends RemoteGraphQLDataSource {
  constructor(
    private readonly serviceName: string,
    url: string,
    private readonly recorded: RecordedFetch[],
    private readonly claims: FixedClaims,
  ) {
    super({ url });
  }

  override async willSendRequest({ request }: GraphQLDataSourceProcessOptions): Promise<void> {
    for (const [name, value] of Object.entries(await this.claims.headers())) request.http?.headers.set(name, value);
    this.recorded.push({
      serviceName: this.serviceName,
      url: this.url as string,
      query: request.query as string,
      variables: (request.variables ?? {}) as Record<string, unknown>,
    });
  }
}

/** Runs `operation` once through an in-process gateway, returning its plan and the subgraph requests it sent. */
async function recordFetches(supergraphSdl: string, operation: BenchOperation, claims: FixedClaims) {
  const recorded: RecordedFetch[] = [];
  let plan: QueryPlan | undefined;
  const server = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl,
      buildService: ({ name, url }) => new RecordingDataSource(name, url as string, recorded, claims),
      experimental_didResolveQueryPlan: ({ queryPlan }) => {
        plan = queryPlan;
      },
    }),
  });
  await server.start();
  try {
    const response = await server.executeOperation({
      query: operation.query,
      variables: operation.variables,
      operationName: operation.operationName,
    });
    const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
    if (errors?.length) throw new Error(`${operation.label} failed: ${JSON.stringify(errors).slice(0, 500)}`);
  } finally {
    await server.stop();
  }
  if (!plan?.node) throw new Error(`${operation.label} resolved no query plan`);
  return { plan: plan as QueryPlan & { node: NonNullable<QueryPlan['node']> }, recorded };
}

/** Sends one recorded fetch to its subgraph and returns the time until the whole response arrived. */
async function sendFetch(fetch: RecordedFetch, claims: FixedClaims): Promise<{ ms: number; bytes: number }> {
  assertLoopback(fetch.url);
  const headers = { 'content-type': 'application/json', ...(await claims.headers()) };
  const started = performance.now();
  const response = await globalThis.fetch(fetch.url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: fetch.query, variables: fetch.variables }),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok || text.includes('"errors":')) {
    throw new Error(`Subgraph ${fetch.serviceName} returned ${response.status}: ${text.slice(0, 300)}`);
  }
  return { ms, bytes: Buffer.byteLength(text) };
}

/**
 * Measures the floor of `operation`, sending each of its subgraph fetches `rounds` times after one warm-up, with
 * the claims the subgraphs require.
 */
export async function measureFloor(
  supergraphSdl: string,
  operation: BenchOperation,
  rounds: number,
  claims: FixedClaims,
): Promise<FloorResult> {
  const { plan, recorded } = await recordFetches(supergraphSdl, operation, claims);
  const samples = recorded.map(() => [] as number[]);
  const bytes = recorded.map(() => 0);
  for (let round = -1; round < rounds; round += 1) {
    for (const [index, fetch] of recorded.entries()) {
      const sample = await sendFetch(fetch, claims);
      if (round < 0) continue;
      samples[index]?.push(sample.ms);
      bytes[index] = sample.bytes;
    }
  }

  // Pair each fetch node with the recorded request of the same subgraph and text, in the order they were sent.
  const unclaimed = recorded.map((fetch, index) => ({ fetch, index }));
  const timings = new Map<FetchNode, FetchTiming>();
  for (const node of fetchNodes(plan.node)) {
    const at = unclaimed.findIndex(
      ({ fetch }) => fetch.serviceName === node.serviceName && fetch.query === node.operation,
    );
    const match = at >= 0 ? unclaimed.splice(at, 1)[0] : undefined;
    const representations = match?.fetch.variables.representations;
    timings.set(node, {
      serviceName: node.serviceName,
      ms: match ? Math.round(median(samples[match.index] ?? []) * 10) / 10 : 0,
      responseBytes: match ? (bytes[match.index] ?? 0) : 0,
      representations: Array.isArray(representations) ? representations.length : null,
    });
  }
  if (unclaimed.length > 0) {
    throw new Error(`${unclaimed.length} recorded fetches of ${operation.label} match no fetch of its query plan`);
  }

  const fetches = [...timings.values()];
  return {
    plan: prettyFormatQueryPlan(plan),
    fetches,
    criticalPathMs: Math.round(criticalPathMs(plan.node, (node) => timings.get(node)?.ms ?? 0) * 10) / 10,
    sumMs: Math.round(fetches.reduce((total, fetch) => total + fetch.ms, 0) * 10) / 10,
    rounds,
  };
}
