import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedRequests, hasNoGraphqlErrors, type LoadRun, runLoad } from './load.js';
import { assertLoopback } from './loopback.js';

const RUN: LoadRun = {
  connections: 10,
  durationSeconds: 3,
  requests: 100,
  requestsPerSecond: 33.3,
  latency: { count: 100, p50: 1, p95: 2, p99: 3, max: 4, mean: 1.5 },
  errors: 0,
  timeouts: 0,
  non2xx: 0,
  graphqlErrors: 0,
  meanResponseBytes: 1000,
  firstGraphqlError: null,
  cache: { hit: 0, miss: 0, bypass: 0, other: 0, absent: 100 },
};

describe('hasNoGraphqlErrors', () => {
  it('accepts data without errors', () => {
    expect(hasNoGraphqlErrors('{"data":{"orgUnit":null}}')).toBe(true);
    expect(hasNoGraphqlErrors(Buffer.from('{"data":{}}'))).toBe(true);
  });

  it('rejects a body with errors or no body', () => {
    expect(hasNoGraphqlErrors('{"errors":[{"message":"x"}],"data":null}')).toBe(false);
    expect(hasNoGraphqlErrors(undefined)).toBe(false);
  });
});

describe('failedRequests', () => {
  it('is 0 for a clean run', () => {
    expect(failedRequests(RUN)).toBe(0);
  });

  it('counts errors, non-2xx and GraphQL errors once each', () => {
    expect(failedRequests({ ...RUN, errors: 2, timeouts: 2, non2xx: 3, graphqlErrors: 4 })).toBe(9);
  });
});

describe('assertLoopback', () => {
  it('accepts loopback hosts', () => {
    expect(() => assertLoopback('http://127.0.0.1:4000/graphql')).not.toThrow();
    expect(() => assertLoopback('http://[::1]:4000/')).not.toThrow();
  });

  it('rejects other hosts and invalid URLs', () => {
    expect(() => assertLoopback('http://169.254.169.254/')).toThrow(/loopback/);
    expect(() => assertLoopback('http://10.0.0.5:4102/graphql')).toThrow(/loopback/);
    expect(() => assertLoopback('not a url')).toThrow();
  });
});

describe('runLoad', () => {
  // A GraphQL stand-in on loopback that records each request body by path and returns every second response with
  // the cache header `hit` and the others with `miss`, or with no header for a body that contains "plain". Each test
  // uses its own path, because requests still in flight when a run ends may arrive during the next test.
  const received: { path: string; body: string }[] = [];
  const bodiesAt = (path: string) => received.filter((entry) => entry.path === path).map((entry) => entry.body);
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ path: request.url ?? '', body });
        if (!body.includes('plain')) response.setHeader('X-Lianfang-Cache', received.length % 2 === 0 ? 'hit' : 'miss');
        response.setHeader('content-type', 'application/json');
        response.end('{"data":{"ok":true}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends a new body per request from a source', async () => {
    let next = 0;
    const source = { next: () => JSON.stringify({ query: '{ ok }', variables: { index: next++ } }) };
    const run = await runLoad(`${origin}/varied`, source, 4, 1);
    const bodies = bodiesAt('/varied');

    expect(run.requests).toBeGreaterThan(10);
    expect(new Set(bodies).size).toBe(bodies.length);
    expect(next).toBeGreaterThanOrEqual(bodies.length);
    expect(failedRequests(run)).toBe(0);
  });

  it('counts the cache header of each response', async () => {
    let next = 0;
    const run = await runLoad(`${origin}/counted`, { next: () => `{"index":${next++}}` }, 2, 1);

    expect(run.cache.hit).toBeGreaterThan(0);
    expect(run.cache.miss).toBeGreaterThan(0);
    expect(run.cache.hit + run.cache.miss).toBe(run.latency.count);
    expect(run.cache.absent).toBe(0);
  });

  it('repeats a fixed body and counts responses without the header', async () => {
    const run = await runLoad(`${origin}/fixed`, '{"plain":true}', 2, 1);

    expect(new Set(bodiesAt('/fixed'))).toEqual(new Set(['{"plain":true}']));
    expect(run.cache.absent).toBe(run.latency.count);
    expect(run.cache.hit + run.cache.miss + run.cache.bypass + run.cache.other).toBe(0);
  });

  it('rejects a target that is not loopback', async () => {
    await expect(runLoad('http://192.0.2.1:4000/graphql', '{}', 1, 1)).rejects.toThrow(/loopback/);
  });
});
