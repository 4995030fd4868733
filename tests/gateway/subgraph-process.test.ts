import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, workspaceRoot } from '@lianfang/db';
import { type RunningGateway, startGateway } from '@lianfang/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerHeaders, TEST_CITY, testGatewayAccess, testKeyPair } from '../support/access.js';
import { copyTemplate } from '../support/database.js';
import { freePort, waitForOk } from '../support/network.js';

// The governance subgraph as its own operating-system process, on its own copy of the database, behind a gateway.
let copy: Awaited<ReturnType<typeof copyTemplate>>;
let gateway: RunningGateway;
let subgraph: ChildProcess | undefined;
let subgraphPort: number;
/** Holds only the public key of the test gateway, as a subgraph host would. */
let keysDir: string;

async function startSubgraphProcess(): Promise<void> {
  subgraph = spawn('node', ['--import', 'tsx', 'subgraphs/governance/src/main.ts'], {
    cwd: workspaceRoot,
    env: {
      ...process.env,
      ...copy.env,
      PORT: String(subgraphPort),
      LOG_LEVEL: 'silent',
      LIANFANG_KEYS_DIR: keysDir,
      LIANFANG_CITY: TEST_CITY,
    },
    stdio: 'ignore',
  });
  await waitForOk(`http://127.0.0.1:${subgraphPort}/healthz`, 'governance subgraph process', 60_000);
}

async function stopSubgraphProcess(): Promise<void> {
  const running = subgraph;
  if (!running || running.exitCode !== null) return;
  const exited = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGKILL');
  await exited;
}

async function orgUnitName() {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearerHeaders()) },
    body: JSON.stringify({ query: '{ orgUnit(code: "320509") { name } }' }),
  });
  return (await response.json()) as { data?: unknown; errors?: { extensions: Record<string, unknown> }[] };
}

beforeAll(async () => {
  copy = await copyTemplate('seeded');
  keysDir = mkdtempSync(join(tmpdir(), 'lianfang-keys-'));
  writeFileSync(join(keysDir, `${TEST_CITY}.public.jwk`), JSON.stringify((await testKeyPair()).publicJwk));
  subgraphPort = await freePort();
  await startSubgraphProcess();
  gateway = await startGateway({
    supergraphSdl: readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: { governance: `http://127.0.0.1:${subgraphPort}/graphql` },
    port: 0,
    logger: createLogger('test'),
    access: await testGatewayAccess(),
  });
});

afterAll(async () => {
  await gateway?.stop();
  await stopSubgraphProcess();
  await copy?.remove();
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
});

describe('subgraph process', () => {
  it('answers through the gateway', async () => {
    expect(await orgUnitName()).toEqual({ data: { orgUnit: { name: '吴江区' } } });
  });

  it('rejects a request without gateway claims with 401', async () => {
    const response = await fetch(`http://127.0.0.1:${subgraphPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearerHeaders()) },
      body: JSON.stringify({ query: '{ orgUnit(code: "320509") { name } }' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('is reported unavailable once killed and answers again after a restart', async () => {
    await stopSubgraphProcess();
    const down = await orgUnitName();
    expect(down.errors?.[0]?.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'governance' });

    await startSubgraphProcess();
    expect(await orgUnitName()).toEqual({ data: { orgUnit: { name: '吴江区' } } });
  });
});
