/**
 * Load runs with autocannon: a fixed number of keep-alive connections send one operation for a fixed time, either
 * the same body in every request or a new body per request from a `RequestSequence`.
 */
import autocannon from 'autocannon';
import { type LatencySummary, summarize } from '../stats.js';
import { type CacheCounts, countCacheHeader, emptyCacheCounts, readCacheHeader } from './cache.js';
import { assertLoopback } from './loopback.js';

export interface LoadRun {
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  /** Latency from autocannon's per-response times in ms, from sending the request to its last byte. */
  latency: LatencySummary;
  /** Connection errors including timeouts, then timeouts alone, non-2xx responses and GraphQL `errors` in 2xx. */
  errors: number;
  timeouts: number;
  non2xx: number;
  graphqlErrors: number;
  meanResponseBytes: number;
  /** The start of the first response body with GraphQL errors, to show what failed. */
  firstGraphqlError: string | null;
  /** Responses by their `x-lianfang-cache` header, all `absent` for the stock gateway. */
  cache: CacheCounts;
}

/** The body of every request, or a source that returns a new body for each request. */
export type RequestBodies = string | { next(): string };

/** True when a response body carries no GraphQL errors. */
export function hasNoGraphqlErrors(body: string | Buffer | undefined): boolean {
  return body !== undefined && !body.toString().includes('"errors":');
}

/**
 * Returns autocannon's `requests` option: one request that counts the cache header of each response and, for a
 * body source, takes a new body each time. autocannon 9 calls `setupRequest` once for each request it sends (the
 * first time when it creates a connection), and each connection keeps its own copy of this array but shares the
 * functions, so all connections draw from the one source.
 */
function requestsOption(bodies: RequestBodies, cache: CacheCounts): autocannon.Request[] {
  const onResponse = (_status: number, _body: string, _context: object, headers: autocannon.Request['headers']) =>
    countCacheHeader(cache, readCacheHeader(headers));
  if (typeof bodies === 'string') return [{ onResponse }];
  return [{ onResponse, setupRequest: (request) => ({ ...request, body: bodies.next() }) }];
}

/**
 * Sends `bodies` to `url` over `connections` connections for `durationSeconds`, each request with `headers` added
 * (the bearer token), and summarizes the responses.
 */
export async function runLoad(
  url: string,
  bodies: RequestBodies,
  connections: number,
  durationSeconds: number,
  headers: Record<string, string> = {},
): Promise<LoadRun> {
  assertLoopback(url);
  const times: number[] = [];
  const cache = emptyCacheCounts();
  let firstGraphqlError: string | null = null;
  const verifyBody = (responseBody: string | Buffer | undefined) => {
    const valid = hasNoGraphqlErrors(responseBody);
    if (!valid) firstGraphqlError ??= String(responseBody ?? '').slice(0, 500);
    return valid;
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        ...(typeof bodies === 'string' ? { body: bodies } : {}),
        requests: requestsOption(bodies, cache),
        connections,
        duration: durationSeconds,
        verifyBody,
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, _statusCode, _bytes, responseTime) => {
      times.push(responseTime);
    });
  });
  return {
    connections,
    durationSeconds,
    requests: result.requests.total,
    requestsPerSecond: Math.round((result.requests.total / result.duration) * 10) / 10,
    latency: summarize(times),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors: result.mismatches,
    meanResponseBytes: result.requests.total > 0 ? Math.round(result.throughput.total / result.requests.total) : 0,
    firstGraphqlError,
    cache,
  };
}

/** Returns the number of failed requests of a run: the bench fails when it is not 0. */
export function failedRequests(run: LoadRun): number {
  return run.errors + run.non2xx + run.graphqlErrors;
}
