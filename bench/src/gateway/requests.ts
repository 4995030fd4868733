/**
 * Single requests of the gateway section outside the load runs: the check that both gateways return the same data,
 * the SQL statement counts and the address cursors of the varied drill-down. They carry `cache-control: no-cache`,
 * so that Lianfang's gateway runs each of them through the subgraphs instead of serving them from its cache.
 */

import { CACHE_HEADER, NO_CACHE_HEADERS } from './cache.js';
import type { RunningChild } from './child.js';
import { assertLoopback } from './loopback.js';
import { type BenchOperation, DISTRICT_CODE, requestBody } from './operations.js';
import { type VariedOperation, variedBody } from './varied.js';

/** A gateway under test: its GraphQL URL and the headers every request carries (the bearer token). */
export interface GatewayEndpoint {
  url: string;
  headers: Record<string, string>;
}

export interface GraphqlAnswer {
  data: unknown;
  /** The `x-lianfang-cache` response header, or null without it. */
  cache: string | null;
}

/**
 * Sends one GraphQL request body and returns its `data`, failing on any error. With `cached` false it sends
 * `cache-control: no-cache` and fails when the gateway still returns a cache hit.
 */
export async function sendBody(
  gateway: GatewayEndpoint,
  body: string,
  label: string,
  cached = false,
): Promise<GraphqlAnswer> {
  const { url } = gateway;
  assertLoopback(url);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gateway.headers, ...(cached ? {} : NO_CACHE_HEADERS) },
    body,
  });
  const answer = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (response.status !== 200 || answer.errors) {
    throw new Error(`${label} on ${url} returned ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
  }
  const cache = response.headers.get(CACHE_HEADER);
  if (!cached && cache === 'hit') {
    throw new Error(
      `${label} on ${url} was served from its cache despite cache-control: no-cache, so its cache bypass is broken`,
    );
  }
  return { data: answer.data, cache };
}

/** Sends `operation` once past the gateway's cache and returns its `data`. */
export async function sendOnce(gateway: GatewayEndpoint, operation: BenchOperation): Promise<unknown> {
  return (await sendBody(gateway, requestBody(operation), operation.label)).data;
}

const CURSOR_PAGE_SIZE = 1000;
const CURSOR_QUERY = `query BenchAddressCursors($code: ID!, $first: Int!, $after: String) {
  addresses(orgUnit: $code, first: $first, after: $after) {
    totalCount
    edges { cursor }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface CursorPage {
  addresses: {
    totalCount: number;
    edges: { cursor: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/**
 * Reads the cursor of every address of the district in the order `addresses` returns them, page by page through
 * `gateway`.
 *
 * @throws when the pages do not add up to the district's `totalCount`.
 */
export async function readAddressCursors(gateway: GatewayEndpoint): Promise<string[]> {
  const cursors: string[] = [];
  let after: string | null = null;
  let totalCount = 0;
  for (;;) {
    const body = JSON.stringify({
      query: CURSOR_QUERY,
      variables: { code: DISTRICT_CODE, first: CURSOR_PAGE_SIZE, after },
    });
    const { data } = await sendBody(gateway, body, 'address cursors');
    const page = (data as CursorPage).addresses;
    totalCount = page.totalCount;
    cursors.push(...page.edges.map((edge) => edge.cursor));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
    after = page.pageInfo.endCursor;
  }
  if (cursors.length !== totalCount) {
    throw new Error(`Read ${cursors.length} address cursors of district ${DISTRICT_CODE}, expected ${totalCount}`);
  }
  return cursors;
}

/** Sends `body` to every gateway and fails unless all return the same `data`. */
async function expectSameData(
  gateways: GatewayEndpoint[],
  body: string,
  label: string,
  cached: boolean,
): Promise<void> {
  const answers = await Promise.all(gateways.map((gateway) => sendBody(gateway, body, label, cached)));
  const texts = answers.map((answer) => JSON.stringify(answer.data));
  if (texts.some((text) => text !== texts[0])) {
    throw new Error(`The gateways returned different data for ${label}${cached ? ' from the cache' : ''}`);
  }
}

/**
 * Checks that every gateway returns the same data: for each fixed operation past the cache, then twice more
 * without `no-cache` (the second response normally comes from Lianfang's cache), and for the first and last request
 * of each varied operation's sequence.
 */
export async function checkIdenticalData(
  gateways: GatewayEndpoint[],
  operations: BenchOperation[],
  varied: VariedOperation[],
): Promise<void> {
  for (const operation of operations) {
    const body = requestBody(operation);
    await expectSameData(gateways, body, operation.label, false);
    await expectSameData(gateways, body, operation.label, true);
    await expectSameData(gateways, body, operation.label, true);
  }
  for (const operation of varied) {
    for (const index of [0, operation.capacity - 1]) {
      await expectSameData(gateways, variedBody(operation, index), `${operation.label} #${index}`, false);
    }
  }
}

/** Counts the SQL statements per request of `operation` through `gateway`, past the gateway's cache. */
export async function statementsPerRequest(
  subgraphs: RunningChild,
  gateway: GatewayEndpoint,
  operation: BenchOperation,
  requests: number,
): Promise<number> {
  await subgraphs.request({ type: 'statements', reset: true });
  for (let index = 0; index < requests; index += 1) await sendOnce(gateway, operation);
  const { count } = await subgraphs.request({ type: 'statements', reset: true });
  return (count ?? 0) / requests;
}
