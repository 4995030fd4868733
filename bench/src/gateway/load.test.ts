import { describe, expect, it } from 'vitest';
import { failedRequests, hasNoGraphqlErrors, type LoadRun } from './load.js';
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
