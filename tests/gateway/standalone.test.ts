import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcessSetup, prepareGatewayProcess } from '../support/gateway-process.js';
import { freePort, waitForOk } from '../support/network.js';

// The gateway as its own process on a supergraph file given by flag, with every subgraph down: it must start
// from the file alone and report the outage instead of failing.
let gateway: ChildProcess;
let port: number;
let setup: GatewayProcessSetup;

beforeAll(async () => {
  port = await freePort();
  const closedPort = await freePort();
  // The committed supergraph, with every subgraph URL pointing at a port with no listener.
  const supergraph = readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8').replace(
    /url: "http:\/\/127\.0\.0\.1:\d+\/graphql"/g,
    `url: "http://127.0.0.1:${closedPort}/graphql"`,
  );
  const file = join(mkdtempSync(join(tmpdir(), 'lianfang-supergraph-')), 'supergraph.graphql');
  writeFileSync(file, supergraph);

  setup = await prepareGatewayProcess();
  gateway = spawn('node', ['--import', 'tsx', 'gateway/src/main.ts', '--supergraph', file, '--port', String(port)], {
    cwd: workspaceRoot,
    env: { ...process.env, ...setup.env, LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
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

describe('gateway process', () => {
  it('starts on a supergraph file while every subgraph is down', async () => {
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { failing: string[] };
    expect(body.failing).toEqual(['audit', 'crossborder', 'governance', 'housing', 'market', 'police', 'utilities']);
  });

  it('rejects a request without a token with 401', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ orgUnit(code: "320509") { name } }' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
  });

  it('answers with SUBGRAPH_UNAVAILABLE and no internal address', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...setup.auth },
      body: JSON.stringify({ query: '{ orgUnit(code: "320509") { name } }' }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text).errors[0].extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'governance' });
    expect(text).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED/);
  });
});

describe('gateway request errors', () => {
  async function post(body: string) {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...setup.auth },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  it('rejects a non-JSON body without a stack trace', async () => {
    const { status, text } = await post('{"query": "{ orgUnit(code: "');
    expect(status).toBe(400);
    expect(JSON.parse(text).errors[0]).toEqual({
      message: '请求体不是有效的 JSON；请发送 {"query": "...", "variables": {...}}',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(text).not.toMatch(/node_modules|at JSON\.parse|<html/);
  });

  it('rejects a body over 1 MiB with 413', async () => {
    const { status, text } = await post(JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1_100_000)}` }));
    expect(status).toBe(413);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('gives validation errors a Chinese message and keeps the English detail', async () => {
    const { text } = await post(JSON.stringify({ query: '{ orgUnit(code: "320509") { nam } }' }));
    const error = JSON.parse(text).errors[0];
    expect(error.message).toBe('查询语句与数据模型不符，请核对类型、字段和参数名称；英文原文见 extensions.detail');
    expect(error.extensions).toEqual({
      code: 'GRAPHQL_VALIDATION_FAILED',
      detail: 'Cannot query field "nam" on type "OrgUnit". Did you mean "name"?',
    });
  });

  it('rejects a float literal beyond the double range as a validation error', async () => {
    const { status, text } = await post(
      JSON.stringify({ query: '{ incidentsNear(lon: 1e999, lat: 31, radiusMetres: 100) { id } }' }),
    );
    expect(status).toBe(400);
    const error = JSON.parse(text).errors[0];
    expect(error.message).toBe('数值 1e999 超出双精度浮点数范围，请改用有限的数值');
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
