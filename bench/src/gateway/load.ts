/** Load runs with autocannon: a fixed number of keep-alive connections send one operation for a fixed time. */
import autocannon from 'autocannon';
import { type LatencySummary, summarize } from '../stats.js';
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
}

/** True when a response body carries no GraphQL errors. */
export function hasNoGraphqlErrors(body: string | Buffer | undefined): boolean {
  return body !== undefined && !body.toString().includes('"errors":');
}

/** Sends `body` to `url` over `connections` connections for `durationSeconds` and summarizes the responses. */
export async function runLoad(
  url: string,
  body: string,
  connections: number,
  durationSeconds: number,
): Promise<LoadRun> {
  assertLoopback(url);
  const times: number[] = [];
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
        headers: { 'content-type': 'application/json' },
        body,
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
  };
}

/** Returns the number of failed requests of a run: the bench fails when it is not 0. */
export function failedRequests(run: LoadRun): number {
  return run.errors + run.non2xx + run.graphqlErrors;
}
