import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, workspaceRoot } from '@lianfang/db';
import { type RunningGateway, startGateway } from '@lianfang/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTemplate } from '../support/database.js';
import { freePort, waitForOk } from '../support/network.js';

// The governance subgraph as its own operating-system process, on its own copy of the database, behind a gateway.
let copy: Awaited<ReturnType<typeof copyTemplate>>;
let gateway: RunningGateway;
let subgraph: ChildProcess | undefined;
let subgraphPort: number;

async function startSubgraphProcess(): Promise<void> {
  subgraph = spawn('node', ['--import', 'tsx', 'subgraphs/governance/src/main.ts'], {
    cwd: workspaceRoot,
    env: { ...process.env, ...copy.env, PORT: String(subgraphPort), LOG_LEVEL: 'silent' },
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
