import type { RunningHub } from '@lianfang/hub';
import { type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';

// The GraphQL over HTTP audits of graphql-http 1.23.1 against the gateway of a running hub. Every MUST audit has
// to pass. SHOULD and MAY audits are compared with the outcomes docs/conformance.md lists, so a change in either
// direction fails here until that page is updated.

let testHub: TestHub;
let hub: RunningHub;
/** `Authorization` header of a district police analyst, sent with every request of this file. */
let auth: Record<string, string>;

beforeAll(async () => {
  testHub = await startTestHub({ incidentsPerYear: 200, addressesPerCommunity: 1 });
  hub = testHub.hub;
  auth = await testHub.auth();
});

afterAll(async () => {
  await testHub?.stop();
});

const endpoint = () => `${hub.gateway.url}/graphql`;

/** HTTP status of every response the audits received, to check afterwards that none was a server error. */
const auditStatuses: { url: string; status: number }[] = [];

/** Sends an audit's request with the analyst's token added, and records its status. */
async function recordingFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  for (const [name, value] of Object.entries(auth)) headers.set(name, value);
  const response = await fetch(input, { ...init, headers });
  auditStatuses.push({ url: String(input), status: response.status });
  return response;
}

const audits = serverAudits({ url: endpoint, fetchFn: recordingFetch });

/**
 * Audits (by id) that the gateway fails on purpose, with the status graphql-http reports for them. The reasons are
 * in docs/conformance.md.
 */
const EXPECTED_FAILURES: Record<string, { status: AuditResult['status']; httpStatus: number }> = {
  // Apollo Server responds to request errors with 400 whatever the Accept header is, and clients rely on it.
  '572B': { status: 'warn', httpStatus: 400 },
  FDE2: { status: 'warn', httpStatus: 400 },
  '7B9B': { status: 'warn', httpStatus: 400 },
  // GET without a CSRF preflight header is rejected by Apollo Server's CSRF prevention.
  '5A70': { status: 'notice', httpStatus: 400 },
  D6D5: { status: 'notice', httpStatus: 400 },
  '6A70': { status: 'notice', httpStatus: 400 },
};

async function runAudit(audit: (typeof audits)[number]): Promise<AuditResult> {
  const result = await audit.fn();
  if (result.status === 'ok') return result;
  const body = await result.response.text();
  // The reason and body go into the assertion message so a failing audit explains itself.
  return { ...result, reason: `${result.reason}; HTTP ${result.response.status}: ${body.slice(0, 500)}` };
}

describe('MUST audits', () => {
  for (const audit of audits.filter((candidate) => candidate.name.startsWith('MUST'))) {
    it(audit.name, async () => {
      const result = await runAudit(audit);
      expect(result.status, result.status === 'ok' ? '' : result.reason).toBe('ok');
    });
  }
});

for (const level of ['SHOULD', 'MAY'] as const) {
  describe(`${level} audits`, () => {
    for (const audit of audits.filter((candidate) => candidate.name.startsWith(`${level} `))) {
      it(audit.name, async () => {
        const result = await runAudit(audit);
        const expected = EXPECTED_FAILURES[audit.id];
        if (!expected) {
          expect(result.status, result.status === 'ok' ? '' : result.reason).toBe('ok');
          return;
        }
        expect(result.status, `${audit.id} now passes; update docs/conformance.md`).toBe(expected.status);
        if (result.status !== 'ok') expect(result.response.status).toBe(expected.httpStatus);
      });
    }
  });
}

describe('audit traffic', () => {
  it('received no 5xx response', () => {
    expect(auditStatuses.length).toBeGreaterThanOrEqual(audits.length);
    expect(auditStatuses.filter((entry) => entry.status >= 500)).toEqual([]);
  });
});

interface ErrorBody {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function send(init: RequestInit & { headers?: Record<string, string> }, search = '') {
  const response = await fetch(`${endpoint()}${search}`, { ...init, headers: { ...auth, ...init.headers } });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    allow: response.headers.get('allow'),
    body: (await response.json()) as ErrorBody,
  };
}

function post(body: unknown, accept = 'application/graphql-response+json') {
  return send({
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(body),
  });
}

const TWO_OPERATIONS =
  'query District { orgUnit(code: "320509") { name } } query Street { orgUnit(code: "320509001") { name } }';

describe('operation selection', () => {
  const cases = [
    { name: 'no operationName', body: { query: TWO_OPERATIONS }, detail: /Must provide operation name/ },
    {
      name: 'unknown operationName',
      body: { query: TWO_OPERATIONS, operationName: 'Community' },
      detail: /Unknown operation named "Community"/,
    },
    {
      name: 'empty operationName',
      body: { query: TWO_OPERATIONS, operationName: '' },
      detail: /Unknown operation named ""/,
    },
    {
      name: 'name on an anonymous operation',
      body: { query: '{ orgUnit(code: "320509") { name } }', operationName: 'District' },
      detail: /Unknown operation named "District"/,
    },
  ];

  for (const { name, body, detail } of cases) {
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      it(`rejects ${name} with 400 (${accept})`, async () => {
        const response = await post(body, accept);
        expect(response.status).toBe(400);
        expect(response.contentType).toContain(accept);
        expect(response.body.data).toBeUndefined();
        const error = response.body.errors?.[0];
        expect(error?.extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
        expect(error?.message).toMatch(/^无法确定要执行的操作/);
        expect(error?.extensions?.detail).toMatch(detail);
      });
    }
  }

  it('runs the operation operationName names', async () => {
    const response = await post({ query: TWO_OPERATIONS, operationName: 'Street' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { orgUnit: { name: '松陵街道' } } });
  });
});

describe('CSRF prevention and methods', () => {
  const query = `?query=${encodeURIComponent('{ orgUnit(code: "320509") { name } }')}`;

  it('rejects a GET without a preflight header', async () => {
    const response = await send({ method: 'GET' }, query);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(response.body.errors?.[0]?.extensions?.detail).toMatch(/Cross-Site Request Forgery/);
  });

  it('runs a GET query with a preflight header', async () => {
    const response = await send({ method: 'GET', headers: { 'apollo-require-preflight': 'true' } }, query);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { orgUnit: { name: '吴江区' } } });
  });

  it('rejects a mutation over GET with 405', async () => {
    const mutation = 'mutation { shareIncidents(sourceDistrict: "320509", incidents: []) { accepted } }';
    const response = await send(
      { method: 'GET', headers: { 'apollo-require-preflight': 'true' } },
      `?query=${encodeURIComponent(mutation)}`,
    );
    expect(response.status).toBe(405);
    expect(response.allow).toBe('POST');
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('rejects a text/plain POST as a possible CSRF', async () => {
    const response = await send({
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.detail).toMatch(/Cross-Site Request Forgery/);
  });

  it('rejects an Accept it cannot serve with 406', async () => {
    const response = await send({
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(406);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(response.body.errors?.[0]?.message).toBe('请求格式无效；英文原文见 extensions.detail');
  });

  it('rejects PUT with 405 and names the allowed methods', async () => {
    const response = await send({
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(405);
    expect(response.allow).toBe('GET, POST');
  });

  it('rejects a batch of operations', async () => {
    const response = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.detail).toMatch(/batching disabled/i);
  });
});
