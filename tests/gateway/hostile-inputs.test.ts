/**
 * Hostile inputs against a running hub, as a table: each row is one request and the status, `extensions.code` and
 * `reason` the gateway returns for it. Then SQL metacharacters go into every string argument of every root field,
 * found by introspection. No answer may be a 5xx or an INTERNAL_SERVER_ERROR, and no table may lose or gain rows.
 */
import type { RunningHub } from '@lianfang/hub';
import { type Identity, verifyAuditChain } from '@lianfang/subgraph-kit';
import { buildClientSchema, type GraphQLSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsHeaders, DEFAULT_IDENTITY, IDENTITIES } from '../support/access.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { type Probe, probeQuery, stringArguments } from './string-arguments.js';

// The hub starts while the file is collected, because the string arguments, and so the names of the tests that
// probe them, come from introspecting its gateway.
const testHub: TestHub = await startTestHub({ incidentsPerYear: 300, addressesPerCommunity: 1 });
const hub: RunningHub = testHub.hub;

afterAll(async () => {
  await testHub.stop();
});

const COMMANDER: Identity = {
  sub: 'test.community.commander',
  name: '测试社区指挥员',
  level: 'COMMUNITY',
  orgUnit: '320509001001',
  department: 'governance',
  roles: ['commander'],
};

interface Answer {
  status: number;
  contentType: string;
  errors: { message: string; extensions?: { code?: string; reason?: string } }[];
  data?: unknown;
}

interface Hostile {
  name: string;
  /** Caller whose token is sent; null sends none. Default: a district police analyst. */
  as?: Identity | null;
  method?: 'GET' | 'POST';
  /** Path and query string; default `/graphql`. */
  path?: string;
  headers?: Record<string, string>;
  /** Request body as sent; objects are sent as JSON. */
  body?: () => string | Record<string, unknown> | unknown[];
  status: number;
  /** Expected `extensions.code` of the first error; null when the answer must carry no error. */
  code: string | null;
  reason?: string;
}

async function send(request: Omit<Hostile, 'name' | 'status' | 'code' | 'reason'>): Promise<Answer> {
  const body = request.body?.();
  const headers: Record<string, string> = {
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...request.headers,
  };
  if (request.as !== null) Object.assign(headers, await testHub.auth(request.as ?? DEFAULT_IDENTITY));
  const response = await fetch(`${hub.gateway.url}${request.path ?? '/graphql'}`, {
    method: request.method ?? 'POST',
    headers,
    body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = JSON.parse(text) as { errors?: Answer['errors']; data?: unknown };
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    errors: parsed.errors ?? [],
    data: parsed.data,
  };
}

/** `{ orgUnit(code: "320509") { children { children … { name } } } }` nested `levels` deep. */
function nestedChildren(levels: number): string {
  return `{ orgUnit(code: "320509") { ${'children { '.repeat(levels)}name${' }'.repeat(levels)} } }`;
}

/** Builds a list nested `levels` deep as JSON or GraphQL text; JSON.stringify would recurse once per level. */
function nestedList(levels: number): string {
  return `${'['.repeat(levels)}120.5${']'.repeat(levels)}`;
}

function aliases(count: number, field: string): string {
  return `{ ${Array.from({ length: count }, (_, index) => `a${index}: ${field}`).join(' ')} }`;
}

const INCIDENT_PAGE = 'incidents(orgUnit: "320509", first: 1000) { edges { node { id category occurredAt } } }';
const MIB = 1024 * 1024;

const HOSTILE: Hostile[] = [
  {
    name: 'nesting 10,000 deep',
    body: () => ({ query: nestedChildren(10_000) }),
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
    reason: 'MAX_NESTING',
  },
  {
    name: 'list literal 10,000 deep',
    body: () => ({ query: `{ incidents(orgUnit: "320509", bbox: ${nestedList(10_000)}) { totalCount } }` }),
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
    reason: 'MAX_NESTING',
  },
  {
    name: 'variable JSON 10,000 deep',
    body: () => {
      const query = 'query Deep($bbox: [Float!]) { incidents(orgUnit: "320509", bbox: $bbox) { totalCount } }';
      return `{"query": ${JSON.stringify(query)}, "variables": {"bbox": ${nestedList(10_000)}}}`;
    },
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'nesting 13 deep',
    body: () => ({ query: nestedChildren(11) }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    reason: 'MAX_DEPTH',
  },
  {
    name: 'alias flood of 500',
    body: () => ({ query: aliases(500, 'borderZones { id }') }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    reason: 'MAX_ALIASES',
  },
  {
    name: 'directive flood of 200',
    body: () => ({ query: `{ borderZones { ${'id @include(if: true) '.repeat(200)}} }` }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    reason: 'MAX_DIRECTIVES',
  },
  {
    name: 'cost bomb of 25 pages',
    body: () => ({ query: aliases(25, INCIDENT_PAGE) }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    reason: 'MAX_COST',
  },
  {
    name: 'same field 4,900 times',
    body: () => ({ query: `{ borderZones { ${'id '.repeat(4_900)}} }` }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    reason: 'VALIDATION_BUDGET',
  },
  {
    name: 'body of 2 MiB',
    body: () => ({ query: `{ borderZones { id } } # ${'x'.repeat(2 * MIB)}` }),
    status: 413,
    code: 'BAD_REQUEST',
    reason: 'BODY_TOO_LARGE',
  },
  {
    name: 'body of 2 MiB without token',
    as: null,
    body: () => ({ query: `{ borderZones { id } } # ${'x'.repeat(2 * MIB)}` }),
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'TOKEN_MISSING',
  },
  {
    name: 'login body of 2 MiB',
    as: null,
    path: '/auth/login',
    body: () => ({ username: 'district.analyst', password: 'x'.repeat(2 * MIB) }),
    status: 413,
    code: 'BAD_REQUEST',
    reason: 'BODY_TOO_LARGE',
  },
  { name: 'invalid JSON', body: () => '{"query": "{ borderZones { id } }"', status: 400, code: 'BAD_REQUEST' },
  {
    name: 'batch of two operations',
    body: () => [{ query: '{ borderZones { id } }' }, { query: '{ borderZones { id } }' }],
    status: 400,
    code: 'BAD_REQUEST',
  },
  { name: 'query that is a number', body: () => ({ query: 42 }), status: 400, code: 'BAD_REQUEST' },
  {
    name: 'variables that are a string',
    body: () => ({ query: '{ borderZones { id } }', variables: '{}' }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'unknown operation name',
    body: () => ({ query: 'query Zones { borderZones { id } }', operationName: "x'; DROP TABLE audit.access_log; --" }),
    status: 400,
    code: 'OPERATION_RESOLUTION_FAILURE',
  },
  {
    name: 'subscription operation',
    body: () => ({ query: 'subscription S { borderZones { id } }' }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    reason: 'SUBSCRIPTIONS_UNSUPPORTED',
  },
  {
    name: 'subscription beside a query',
    body: () => ({ query: 'query Q { borderZones { id } } subscription S { borderZones { id } }', operationName: 'Q' }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    reason: 'SUBSCRIPTIONS_UNSUPPORTED',
  },
  {
    name: 'text/plain body (CSRF)',
    headers: { 'content-type': 'text/plain' },
    body: () => JSON.stringify({ query: '{ borderZones { id } }' }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'form body (CSRF)',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: () => 'query=%7B%20borderZones%20%7B%20id%20%7D%20%7D',
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'GET without preflight (CSRF)',
    method: 'GET',
    path: '/graphql?query=%7BborderZones%7Bid%7D%7D',
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'introspection as commander',
    as: COMMANDER,
    body: () => ({ query: '{ __schema { types { name } } }' }),
    status: 403,
    code: 'FORBIDDEN',
    reason: 'PERSISTED_QUERY_REQUIRED',
  },
  {
    name: 'introspection as auditor',
    as: IDENTITIES.auditor,
    body: () => ({ query: '{ __schema { types { name } } }' }),
    status: 403,
    code: 'FORBIDDEN',
    reason: 'INTROSPECTION_FORBIDDEN',
  },
  {
    name: 'free GET query as commander',
    as: COMMANDER,
    method: 'GET',
    path: '/graphql?query=%7BborderZones%7Bid%7D%7D',
    headers: { 'apollo-require-preflight': 'true' },
    status: 403,
    code: 'FORBIDDEN',
    reason: 'PERSISTED_QUERY_REQUIRED',
  },
  {
    name: 'persistedQuery without hash',
    as: COMMANDER,
    body: () => ({ query: '{ borderZones { id } }', extensions: { persistedQuery: { version: 1 } } }),
    status: 400,
    code: 'PERSISTED_QUERY_NOT_FOUND',
  },
  {
    name: 'forged claims without token',
    as: null,
    body: () => ({ query: '{ borderZones { id } }' }),
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'TOKEN_MISSING',
  },
  {
    name: 'forged district claims',
    as: IDENTITIES.communityAnalyst,
    body: () => ({ query: '{ incidents(orgUnit: "320509", first: 1) { totalCount } }' }),
    status: 200,
    code: 'FORBIDDEN',
    reason: 'OUT_OF_JURISDICTION',
  },
  {
    name: 'NUL in a string argument',
    body: () => ({
      query: 'query Unit($code: ID!) { orgUnit(code: $code) { name } }',
      variables: { code: '320509\u0000' },
    }),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'string argument of 900 KB',
    body: () => ({
      query: 'query Unit($code: ID!) { orgUnit(code: $code) { name } }',
      variables: { code: '3'.repeat(900_000) },
    }),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'SQL in login user name',
    as: null,
    path: '/auth/login',
    body: () => ({ username: "' OR 1=1 --", password: "' OR '1'='1' --" }),
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'INVALID_CREDENTIALS',
  },
  {
    name: 'login user name of 10,000 characters',
    as: null,
    path: '/auth/login',
    body: () => ({ username: 'a'.repeat(10_000), password: 'lianfang-demo-2026' }),
    status: 413,
    code: 'BAD_REQUEST',
    reason: 'BODY_TOO_LARGE',
  },
];

/** Claims headers are added to every forged-claims row; the gateway must replace them. */
async function forgedHeaders(row: Hostile): Promise<Record<string, string>> {
  if (!row.name.startsWith('forged')) return {};
  return claimsHeaders(IDENTITIES.districtPoliceAnalyst, { purpose: '苏公(吴)立字[2026]118号' });
}

function label(row: Hostile): string {
  return `${row.name} → ${row.status} ${row.code ?? 'no error'}${row.reason ? ` ${row.reason}` : ''}`;
}

describe('hostile inputs', () => {
  for (const row of HOSTILE) {
    it(label(row), async () => {
      const answer = await send({ ...row, headers: { ...row.headers, ...(await forgedHeaders(row)) } });
      expect(answer.status).toBe(row.status);
      expect(answer.contentType).toMatch(/json/);
      if (row.code === null) {
        expect(answer.errors).toEqual([]);
        return;
      }
      expect(answer.errors.length).toBeGreaterThan(0);
      expect(answer.errors[0]?.extensions?.code).toBe(row.code);
      expect(answer.errors[0]?.extensions?.reason).toBe(row.reason);
      expect(answer.errors[0]?.message).toMatch(/[\u4e00-\u9fff]/);
    });
  }

  it('hub still serves afterwards', async () => {
    const answer = await send({ body: () => ({ query: '{ orgUnit(code: "320509") { name } }' }) });
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ orgUnit: { name: '吴江区' } });
  });
});

/** Values that break a query built by string concatenation, or widen a `LIKE` pattern built without escaping. */
const SQL_VALUES = [
  "' OR 1=1 --",
  "'; DROP TABLE police.incidents; --",
  '"; DROP TABLE police.incidents; --',
  "320509' UNION SELECT id_number FROM police.residents --",
  "\\'; DELETE FROM access.accounts; --",
  "320509001001' OR org_unit_code LIKE '%",
  '%',
  '3205%',
  '320509___',
  '$1) OR (1=1',
];

/** Counts the rows of every table outside the PostgreSQL and PostGIS schemas, by `schema.table`. */
async function countRows(): Promise<Map<string, number>> {
  const { rows: tables } = await hub.database.query<{ name: string }>(
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema', 'public', 'tiger',
       'tiger_data', 'topology')
     ORDER BY 1`,
  );
  const counts = new Map<string, number>();
  for (const { name } of tables) {
    const { rows } = await hub.database.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${name}`);
    counts.set(name, rows[0]?.count ?? -1);
  }
  return counts;
}

/** True when a root field's value contains no record: null, empty lists and a `totalCount` of 0 at every level. */
function isEmptyResult(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value !== 'object') return true;
  return Object.entries(value).every(([key, item]) => (key === 'totalCount' ? item === 0 : isEmptyResult(item)));
}

async function introspectedSchema(): Promise<GraphQLSchema> {
  const answer = await send({ body: () => ({ query: getIntrospectionQuery() }) });
  if (answer.status !== 200)
    throw new Error(`Introspection failed with ${answer.status}: ${JSON.stringify(answer.errors)}`);
  return buildClientSchema(answer.data as IntrospectionQuery);
}

/**
 * Callers whose roles pass the resolver's role check, so the probed value reaches the database. Other fields are
 * probed as a district police analyst. The commander also gets the analyst role, which free queries require.
 */
const PROBE_CALLERS: Record<string, Identity> = {
  accessLog: IDENTITIES.auditor,
  setSharingAgreement: { ...IDENTITIES.districtCommander, roles: ['commander', 'analyst'] },
};

const PROBES: Probe[] = stringArguments(await introspectedSchema());

describe('SQL metacharacters in every string argument', () => {
  let before: Map<string, number>;

  beforeAll(async () => {
    before = await countRows();
  });

  it('finds the string arguments', () => {
    const names = PROBES.map((probe) => probe.name);
    expect(names).toContain('incidents(orgUnit: ID!)');
    expect(names).toContain('accessLog(userId: String)');
    expect(names).toContain('shareIncidents(incidents[].zone: ID!)');
    expect(PROBES.length).toBeGreaterThan(20);
  });

  for (const probe of PROBES) {
    it.each(SQL_VALUES)(`${probe.name} ← %s`, async (value) => {
      const { query, variables } = probeQuery(probe, value);
      const answer = await send({ as: PROBE_CALLERS[probe.field], body: () => ({ query, variables }) });
      expect(answer.status).toBeLessThan(500);
      expect([200, 400]).toContain(answer.status);
      for (const error of answer.errors) {
        expect(error.extensions?.code).toMatch(/^[A-Z_]+$/);
        expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
      }
      const result = (answer.data as Record<string, unknown> | null | undefined)?.[probe.field];
      if (probe.required && answer.errors.length === 0) expect(isEmptyResult(result)).toBe(true);
      // A mutation that accepted the value stored it as text: it returns the value unchanged.
      if (probe.operation === 'mutation' && answer.errors.length === 0) {
        expect(Object.values(result as Record<string, unknown>)).toContain(value);
      }
    });
  }

  it('tables keep their rows', async () => {
    const after = await countRows();
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect(after.size).toBeGreaterThan(20);
    for (const [table, count] of before) {
      // Refusals are recorded in the access log, so it may only grow.
      if (table === 'audit.access_log') expect(after.get(table)).toBeGreaterThanOrEqual(count);
      else expect({ table, count: after.get(table) }).toEqual({ table, count });
    }
    expect((await verifyAuditChain(hub.database)).valid).toBe(true);
  });
});
