/**
 * A gateway on a supergraph file applies the file's changes while it runs, plans the recent operations again
 * before clients send them, and keeps serving the previous supergraph when a change is invalid.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, workspaceRoot } from '@lianfang/db';
import { CACHE_HEADER, type RunningGateway, rewriteSubgraphUrls, startGateway } from '@lianfang/gateway';
import type { RunningHub } from '@lianfang/hub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';

let testHub: TestHub;
let hub: RunningHub;
let gateway: RunningGateway;
let folder: string;
let file: string;
const original = readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8');

beforeAll(async () => {
  testHub = await startTestHub({ incidentsPerYear: 200, addressesPerCommunity: 1 });
  hub = testHub.hub;
  folder = mkdtempSync(join(tmpdir(), 'lianfang-supergraph-'));
  file = join(folder, 'supergraph.graphql');
  writeFileSync(file, original);
  gateway = await startGateway({
    supergraphSdl: original,
    supergraphFile: file,
    subgraphUrls: Object.fromEntries([...hub.subgraphs].map(([name, running]) => [name, running.url])),
    port: 0,
    logger: createLogger('test'),
    access: await testHub.gatewayAccess(),
  });
});

afterAll(async () => {
  await gateway?.stop();
  await testHub?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

interface SupergraphStatus {
  id: string;
  reloads: number;
  warmedOperations: number;
  lastError: string | null;
}

async function status(): Promise<SupergraphStatus> {
  const response = await fetch(`${gateway.url}/healthz`);
  return ((await response.json()) as { supergraph: SupergraphStatus }).supergraph;
}

async function send(query: string, operationName?: string) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await testHub.auth()) },
    body: JSON.stringify({ query, operationName }),
  });
  return { cache: response.headers.get(CACHE_HEADER), body: (await response.json()) as { data?: unknown } };
}

const ZONES = 'query Zones { borderZones { id name } }';
const UNIT = 'query Unit { orgUnit(code: "320509") { name } } query Other { borderZones { id } }';

describe('supergraph reload', () => {
  it('applies a changed file and plans the recent operations again', async () => {
    const first = await status();
    expect(first.reloads).toBe(0);
    const zones = await send(ZONES);
    expect((zones.body.data as { borderZones: unknown[] }).borderZones).toHaveLength(2);
    await send(UNIT, 'Unit');
    expect((await send(ZONES)).cache).toBe('hit');

    writeFileSync(file, `${original}\n# recomposed\n`);
    await expect.poll(async () => (await status()).reloads, { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => (await status()).warmedOperations, { timeout: 10_000 }).toBe(2);
    expect((await status()).id).not.toBe(first.id);

    // Responses of the previous supergraph are dropped with it.
    const after = await send(ZONES);
    expect(after.cache).toBe('miss');
    expect(after.body).toEqual(zones.body);
  });

  it('keeps the current supergraph when the file becomes invalid', async () => {
    const before = await status();
    writeFileSync(file, 'type Query { broken: }');
    await expect.poll(async () => (await status()).lastError, { timeout: 10_000 }).not.toBeNull();
    const after = await status();
    expect(after.reloads).toBe(before.reloads);
    expect(after.id).toBe(before.id);
    expect((await send(UNIT, 'Unit')).body).toEqual({ data: { orgUnit: { name: '吴江区' } } });

    writeFileSync(file, `${original}\n# recomposed\n`);
    await expect.poll(async () => (await status()).lastError, { timeout: 10_000 }).toBeNull();
    expect((await status()).reloads).toBe(before.reloads);
  });

  it('rejects a file that moves a subgraph the gateway reaches by the file', async () => {
    const urls = Object.fromEntries([...hub.subgraphs].map(([name, running]) => [name, running.url]));
    const own = rewriteSubgraphUrls(original, urls);
    const ownFile = join(folder, 'own-urls.graphql');
    writeFileSync(ownFile, own);
    const second = await startGateway({
      supergraphSdl: own,
      supergraphFile: ownFile,
      port: 0,
      logger: createLogger('test'),
      access: await testHub.gatewayAccess(),
    });
    try {
      const secondStatus = async () =>
        ((await (await fetch(`${second.url}/healthz`)).json()) as { supergraph: SupergraphStatus }).supergraph;
      writeFileSync(ownFile, rewriteSubgraphUrls(original, { ...urls, police: 'http://127.0.0.1:9/graphql' }));
      await expect
        .poll(async () => (await secondStatus()).lastError, { timeout: 10_000 })
        .toMatch(
          /^subgraph URLs changed \(police: http:\/\/127\.0\.0\.1:\d+\/graphql → http:\/\/127\.0\.0\.1:9\/graphql\)/,
        );
      expect((await secondStatus()).reloads).toBe(0);
    } finally {
      await second.stop();
    }
  });
});
