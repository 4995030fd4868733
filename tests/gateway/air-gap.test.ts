import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcessSetup, prepareGatewayProcess } from '../support/gateway-process.js';
import { freePort, waitForOk } from '../support/network.js';

// Runs the gateway process with a preload that records every outgoing connection and DNS lookup, then checks that
// all of them went to loopback. The environment deliberately leaves APOLLO_TELEMETRY_DISABLED unset.
const scratch = mkdtempSync(join(tmpdir(), 'lianfang-air-gap-'));
const connectionLog = join(scratch, 'connections.log');
let gateway: ChildProcess;
let port: number;
let setup: GatewayProcessSetup;

beforeAll(async () => {
  port = await freePort();
  writeFileSync(connectionLog, '');
  const { APOLLO_TELEMETRY_DISABLED: _unset, ...environment } = process.env;
  setup = await prepareGatewayProcess();
  gateway = spawn(
    'node',
    [
      '--import',
      './tests/support/record-connections.mjs',
      '--import',
      'tsx',
      'gateway/src/main.ts',
      '--port',
      String(port),
    ],
    {
      cwd: workspaceRoot,
      env: { ...environment, ...setup.env, LOG_LEVEL: 'silent', LIANFANG_CONNECTION_LOG: connectionLog },
      stdio: 'ignore',
    },
  );
  await waitForOk(`http://127.0.0.1:${port}/readyz`, 'gateway process', 30_000);
});

afterAll(async () => {
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((resolve) => gateway.once('exit', resolve));
    gateway.kill('SIGTERM');
    await exited;
  }
  await setup?.remove();
});

describe('gateway air gap', () => {
  it('connects to no host but loopback', async () => {
    // A query makes the gateway call its subgraphs (down here), and the wait covers exporters that start late.
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...setup.auth },
      body: JSON.stringify({ query: '{ orgUnit(code: "320509") { name } }' }),
    });
    // Authenticated, so the gateway plans the query and calls governance.
    expect(response.status).toBe(200);
    await fetch(`http://127.0.0.1:${port}/healthz`);
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    const entries = readFileSync(connectionLog, 'utf8').split('\n').filter(Boolean);
    expect(entries.length).toBeGreaterThan(0);
    const outside = entries.filter((entry) => !/ (127\.0\.0\.1|::1|localhost)$/.test(entry));
    expect(outside).toEqual([]);
  });
});
