import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createLogger, workspaceRoot } from '@lianfang/db';
import { type RunningGateway, startGateway } from '@lianfang/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTemplate } from '../support/database.js';

// The governance subgraph as its own operating-system process, on its own copy of the database, behind a gateway.
let copy: Awaited<ReturnType<typeof copyTemplate>>;
let gateway: RunningGateway;
let subgraph: ChildProcess | undefined;
let subgraphPort: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      server.close(() => resolve(address.port));
    });
  });
}

async function startSubgraphProcess(): Promise<void> {
  subgraph = spawn('node', ['--import', 'tsx', 'subgraphs/governance/src/main.ts'], {
    cwd: workspaceRoot,
    env: { ...process.env, ...copy.env, PORT: String(subgraphPort), LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  // Opening the embedded database takes a few seconds; wait until the subgraph reports healthy.
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const status = (await fetch(`http://127.0.0.1:${subgraphPort}/healthz`).catch(() => undefined))?.status;
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('governance subgraph process did not become healthy within 60 s');
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
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ orgUnit(code: "320509") { name } }' }),
  });
  return (await response.json()) as { data?: unknown; errors?: { extensions: Record<string, unknown> }[] };
}

beforeAll(async () => {
  copy = await copyTemplate('seeded');
  subgraphPort = await freePort();
  await startSubgraphProcess();
  gateway = await startGateway({
    supergraphSdl: readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: { governance: `http://127.0.0.1:${subgraphPort}/graphql` },
    port: 0,
    logger: createLogger('test'),
  });
});

afterAll(async () => {
  await gateway?.stop();
  await stopSubgraphProcess();
  await copy?.remove();
});

describe('subgraph process', () => {
  it('answers through the gateway', async () => {
    expect(await orgUnitName()).toEqual({ data: { orgUnit: { name: '吴江区' } } });
  });

  it('is reported unavailable once killed and answers again after a restart', async () => {
    await stopSubgraphProcess();
    const down = await orgUnitName();
    expect(down.errors?.[0]?.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'governance' });

    await startSubgraphProcess();
    expect(await orgUnitName()).toEqual({ data: { orgUnit: { name: '吴江区' } } });
  });
});
