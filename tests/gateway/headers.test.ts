import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createLogger } from '@lianfang/db';
import { type RunningGateway, startGateway } from '@lianfang/gateway';
import { CLAIMS_HEADER } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearerHeaders,
  DEFAULT_IDENTITY,
  TEST_CITY,
  testGatewayAccess,
  testSubgraphAccess,
} from '../support/access.js';

// @apollo/subgraph builds its schema with the CommonJS build of graphql; executing it needs that same copy, not
// the ES module build an import statement would load.
const { graphql, parse } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

// Two small subgraphs over real HTTP: "owner" resolves Address by id, "extender" adds a field to it, so a query
// for both needs an entity fetch. Each records the headers of every call it receives.
const received: { subgraph: string; headers: Record<string, string | string[] | undefined>; query: string }[] = [];

const ownerSdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Address @key(fields: "id") { id: ID! text: String! }
  type Query { address(id: ID!): Address }`;
const extenderSdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Address @key(fields: "id") { id: ID! rooms: Int! }`;

function startSubgraph(name: string, sdl: string, resolvers: Record<string, unknown>): Promise<Server> {
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]);
  // Only POST /graphql is served: without a change stream the gateway caches nothing, so every request arrives here.
  const server = createServer(async (request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(404).end();
      return;
    }
    let body = '';
    for await (const chunk of request) body += chunk;
    const { query, variables } = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
    received.push({ subgraph: name, headers: request.headers, query });
    const result = await graphql({ schema, source: query, variableValues: variables });
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(result));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const servers: Server[] = [];
let gateway: RunningGateway;

beforeAll(async () => {
  const owner = await startSubgraph('owner', ownerSdl, {
    Query: { address: (_: unknown, { id }: { id: string }) => ({ id, text: '松陵街道 1 号' }) },
  });
  const extender = await startSubgraph('extender', extenderSdl, {
    Address: { __resolveReference: ({ id }: { id: string }) => ({ id, rooms: 24 }) },
  });
  servers.push(owner, extender);
  const url = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const composed = composeServices([
    { name: 'owner', url: url(owner), typeDefs: parse(ownerSdl) },
    { name: 'extender', url: url(extender), typeDefs: parse(extenderSdl) },
  ]);
  if (!composed.supergraphSdl) throw new Error(String(composed.errors));
  gateway = await startGateway({
    supergraphSdl: composed.supergraphSdl,
    port: 0,
    logger: createLogger('test'),
    access: await testGatewayAccess(),
  });
});

afterAll(async () => {
  await gateway?.stop();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

describe('gateway headers', () => {
  it('reach every subgraph call, entity fetches included', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(await bearerHeaders()),
        'accept-language': 'zh-CN',
        'x-request-id': 'req-identity-1',
        cookie: 'session=secret',
      },
      body: JSON.stringify({ query: '{ address(id: "A1") { id text rooms } }' }),
    });
    expect(await response.json()).toEqual({ data: { address: { id: 'A1', text: '松陵街道 1 号', rooms: 24 } } });

    const calls = received.filter((call) => call.headers['x-request-id'] === 'req-identity-1');
    expect(calls.map((call) => call.subgraph).sort()).toEqual(['extender', 'owner']);
    expect(calls.find((call) => call.subgraph === 'extender')?.query).toContain('_entities');
    const { verifier } = await testSubgraphAccess();
    for (const call of calls) {
      const claims = call.headers[CLAIMS_HEADER];
      expect(typeof claims, call.subgraph).toBe('string');
      expect(await verifier.verify(claims as string)).toEqual({
        ...DEFAULT_IDENTITY,
        city: TEST_CITY,
        purpose: undefined,
        operation: undefined,
      });
      expect(call.headers['accept-language']).toBe('zh-CN');
      // The subgraphs trust the signed claims only; the client's token and cookies stay at the gateway.
      expect(call.headers.authorization).toBeUndefined();
      expect(call.headers.cookie).toBeUndefined();
    }
  });

  it('carry the declared purpose and operation name in the claims', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearerHeaders()), 'x-request-id': 'req-purpose-1' },
      body: JSON.stringify({
        query: 'query Rooms { address(id: "A2") { rooms } }',
        operationName: 'Rooms',
        extensions: { purpose: '案件 2026-017 走访核查' },
      }),
    });
    expect(await response.json()).toEqual({ data: { address: { rooms: 24 } } });

    const calls = received.filter((call) => call.headers['x-request-id'] === 'req-purpose-1');
    expect(calls.map((call) => call.subgraph).sort()).toEqual(['extender', 'owner']);
    const { verifier } = await testSubgraphAccess();
    for (const call of calls) {
      const claims = await verifier.verify(call.headers[CLAIMS_HEADER] as string);
      expect(claims.purpose, call.subgraph).toBe('案件 2026-017 走访核查');
      expect(claims.operation, call.subgraph).toBe('Rooms');
      expect(claims.sub, call.subgraph).toBe(DEFAULT_IDENTITY.sub);
    }
  });
});
