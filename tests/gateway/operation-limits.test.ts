/**
 * Hostile documents against a running hub: each is rejected before planning with 400, a Chinese message, a stable
 * code and a `reason`, and the hub keeps serving.
 */
import { OPERATION_LIMITS } from '@lianfang/gateway';
import type { RunningHub } from '@lianfang/hub';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';

let testHub: TestHub;
let hub: RunningHub;

beforeAll(async () => {
  testHub = await startTestHub({ incidentsPerYear: 200, addressesPerCommunity: 1 });
  hub = testHub.hub;
});

afterAll(async () => {
  await testHub?.stop();
});

interface Rejection {
  status: number;
  errors: { message: string; extensions: { code?: string; reason?: string; detail?: string } }[];
}

async function send(query: string, variables?: Record<string, unknown>): Promise<Rejection & { data?: unknown }> {
  const response = await fetch(`${hub.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await testHub.auth()) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: Rejection['errors']; data?: unknown };
  return { status: response.status, errors: body.errors ?? [], data: body.data };
}

/** `{ orgUnit(code: "320509") { children { children … { name } } } }` with `levels` levels below orgUnit. */
function nestedChildren(levels: number, leaf = 'name'): string {
  return `{ orgUnit(code: "320509") { ${'children { '.repeat(levels)}${leaf}${' }'.repeat(levels)} } }`;
}

function aliases(count: number): string {
  const fields = Array.from({ length: count }, (_, index) => `a${index}: borderZones { id }`);
  return `{ ${fields.join(' ')} }`;
}

function aliasedPages(count: number, first = '1000'): string {
  const page = `incidents(orgUnit: "320509", first: ${first}) { edges { node { id } } }`;
  const pages = Array.from({ length: count }, (_, index) => `p${index}: ${page}`).join(' ');
  return first.startsWith('$') ? `query Pages(${first}: Int) { ${pages} }` : `{ ${pages} }`;
}

/** Nests `children` `levels` times below orgUnit through a chain of fragments, one level per fragment. */
function fragmentChain(levels: number): string {
  const fragments = Array.from({ length: levels }, (_, index) =>
    index === levels - 1
      ? `fragment F${index} on OrgUnit { children { name } }`
      : `fragment F${index} on OrgUnit { children { ...F${index + 1} } }`,
  );
  return `query Chain { orgUnit(code: "320509") { ...F0 } } ${fragments.join(' ')}`;
}

const HOSTILE: [string, () => string, string, RegExp][] = [
  [
    'nesting one level too deep',
    () => nestedChildren(OPERATION_LIMITS.maxDepth - 1),
    'MAX_DEPTH',
    /^查询嵌套过深：最多 12 层，收到 13 层/,
  ],
  [
    '31 aliases',
    () => aliases(OPERATION_LIMITS.maxAliases + 1),
    'MAX_ALIASES',
    /^查询别名过多：最多 30 个，收到 31 个/,
  ],
  ['an alias flood of 300', () => aliases(300), 'MAX_ALIASES', /收到 300 个/],
  [
    '21 directives',
    () => `{ borderZones { ${Array.from({ length: 21 }, () => 'id @include(if: true)').join(' ')} } }`,
    'MAX_DIRECTIVES',
    /^查询指令过多：最多 20 个，收到 21 个/,
  ],
  [
    '21 pages of 1,000 incidents',
    () => aliasedPages(21),
    'MAX_COST',
    /^查询过于复杂：复杂度上限 200000，本查询为 270375/,
  ],
];

describe('operation limits', () => {
  it.each(HOSTILE)('rejects %s', async (_label, build, reason, message) => {
    const result = await send(build());
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors[0]?.extensions.reason).toBe(reason);
    expect(result.errors[0]?.message).toMatch(message);
    expect(result.errors[0]?.extensions.detail).toMatch(/limit of \d+ exceeded, found \d+/);
  });

  it('counts a page size passed as a variable', async () => {
    const result = await send(aliasedPages(21, '$n'), { n: 1000 });
    expect(result.status).toBe(400);
    expect(result.errors[0]?.extensions.reason).toBe('MAX_COST');
    expect(result.errors[0]?.message).toMatch(/本查询为 270375/);
  });

  it('counts fragments at the depth where they are spread', async () => {
    const allowed = await send(fragmentChain(OPERATION_LIMITS.maxDepth - 2));
    expect(allowed.errors).toEqual([]);
    expect(allowed.status).toBe(200);
    const deep = await send(fragmentChain(OPERATION_LIMITS.maxDepth - 1));
    expect(deep.status).toBe(400);
    expect(deep.errors[0]?.message).toMatch(/^查询嵌套过深：最多 12 层，收到 13 层/);
  });

  it('explains the field budget of graphql-js', async () => {
    const result = await send(`{ ${Array.from({ length: 800 }, () => '__typename').join(' ')} }`);
    expect(result.status).toBe(400);
    expect(result.errors[0]?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reason: 'VALIDATION_BUDGET',
    });
    expect(result.errors[0]?.message).toBe('查询中同一层的字段过多，校验已中止；请删去重复的字段或拆分查询');
  });

  it('explains the introspection depth limit of graphql-js', async () => {
    const nested = 'fields { type { ofType { fields { type { ofType { fields { type { name } } } } } } } }';
    const result = await send(`{ __schema { types { ${nested} } } }`);
    expect(result.status).toBe(400);
    expect(result.errors[0]?.extensions.reason).toBe('MAX_INTROSPECTION_DEPTH');
    expect(result.errors[0]?.message).toMatch(/^模式查询（introspection）嵌套过深/);
  });

  it('rejects too many tokens while parsing', async () => {
    const result = await send(aliases(2_000));
    expect(result.status).toBe(400);
    expect(result.errors[0]?.extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', reason: 'MAX_TOKENS' });
    expect(result.errors[0]?.message).toBe('查询语句过长：最多 5000 个词法单元；请拆分为多个查询');
  });

  it('rejects nesting 10,000 levels deep without a stack overflow', async () => {
    const result = await send(
      `{ ${'orgUnit(code: "320509") { children { '.repeat(10_000)}name${' } }'.repeat(10_000)} }`,
    );
    expect(result.status).toBe(400);
    // The gateway counts bracket nesting before the parser runs, so the document is rejected before any recursion.
    expect(result.errors[0]?.extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', reason: 'MAX_NESTING' });
    expect(result.errors[0]?.message).toMatch(/^查询语句嵌套过深：括号最多嵌套 64 层，收到 \d+ 层/);
  });

  it('accepts operations at each limit', async () => {
    const deepest = await send(nestedChildren(OPERATION_LIMITS.maxDepth - 2));
    expect(deepest.errors).toEqual([]);
    expect(deepest.status).toBe(200);
    const aliased = await send(aliases(OPERATION_LIMITS.maxAliases));
    expect(aliased.errors).toEqual([]);
    expect(Object.keys(aliased.data as object)).toHaveLength(30);
  });

  it('accepts a page of 1,000 addresses with four departments', async () => {
    const result = await send(`{ addresses(orgUnit: "320509", first: 1000) { edges { node {
      id text residents { name idNumber phone } rental { tenants } enterprises { name } utilityUsage(months: 12) { month }
    } } } }`);
    expect(result.errors).toEqual([]);
    expect(result.status).toBe(200);
  });

  it('accepts the introspection query of GraphiQL', async () => {
    const result = await send(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(result.errors).toEqual([]);
    expect((result.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(50);
  });

  it('quotes only the start of a huge argument', async () => {
    const result = await send(`{ orgUnit(code: "${'9'.repeat(100_000)}") { name } }`);
    expect(result.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors[0]?.message).toMatch(/收到 "9{63}…（共 100002 个字符）$/);
  });

  it('keeps serving after every rejection', async () => {
    const result = await send('{ orgUnit(code: "320509") { name } }');
    expect(result.data).toEqual({ orgUnit: { name: '吴江区' } });
  });
});
