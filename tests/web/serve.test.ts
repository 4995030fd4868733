import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, workspaceRoot } from '@lianfang/db';
import { type RunningGateway, serveWebApp, startGateway } from '@lianfang/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testGatewayAccess } from '../support/access.js';

const HTML = 'text/html,application/xhtml+xml';
const supergraphSdl = readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8');
const logger = createLogger('test');

let folder: string;
let built: RunningGateway;
let missing: RunningGateway;
let withBasemap: RunningGateway;

// The gateway boots on its static supergraph without any subgraph running, which is all these routes need.
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'lianfang-web-'));
  const dist = join(folder, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'export {};');
  const access = await testGatewayAccess();
  built = await startGateway({ supergraphSdl, port: 0, logger, access, mount: serveWebApp(dist) });
  missing = await startGateway({ supergraphSdl, port: 0, logger, access, mount: serveWebApp(join(folder, 'absent')) });
  const basemap = {
    tiles: 'https://tiles.example.invalid/{z}/{x}/{y}.png',
    attribution: '© 测试底图',
    tileSize: 256 as const,
    origin: 'https://tiles.example.invalid',
  };
  withBasemap = await startGateway({ supergraphSdl, port: 0, logger, access, mount: serveWebApp(dist, { basemap }) });
});

afterAll(async () => {
  await built?.stop();
  await missing?.stop();
  await withBasemap?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('serveWebApp', () => {
  it('offers no basemap by default', async () => {
    const response = await fetch(`${built.url}/app-config.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ basemap: null, districts: null });
    const policy = (await fetch(`${built.url}/`)).headers.get('content-security-policy');
    expect(policy).toContain("img-src 'self' data: blob:;");
    expect(policy).toContain("connect-src 'self';");
  });

  it('allows only the configured basemap origin', async () => {
    const response = await fetch(`${withBasemap.url}/app-config.json`);
    expect(await response.json()).toEqual({
      basemap: { tiles: 'https://tiles.example.invalid/{z}/{x}/{y}.png', attribution: '© 测试底图', tileSize: 256 },
      districts: null,
    });
    const policy = (await fetch(`${withBasemap.url}/`)).headers.get('content-security-policy');
    expect(policy).toContain("img-src 'self' data: blob: https://tiles.example.invalid;");
    expect(policy).toContain("connect-src 'self' https://tiles.example.invalid;");
    expect(policy).toContain("script-src 'self';");
  });

  it('serves index.html at / with a same-origin CSP', async () => {
    const response = await fetch(`${built.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>app</title>');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('allows inline styles on the workbench only', async () => {
    const policy = async (path: string) =>
      (await fetch(`${built.url}${path}`, { headers: { accept: HTML } })).headers.get('content-security-policy');
    for (const path of ['/workbench', '/workbench/', '/workbench?tab=1']) {
      expect(await policy(path), path).toContain("style-src 'self' 'unsafe-inline'; img-src");
      expect(await policy(path), path).toContain("script-src 'self';");
    }
    for (const path of ['/', '/workbenchx', '/assets/index-abc123.js']) {
      expect(await policy(path), path).toContain("style-src 'self';");
      expect(await policy(path), path).not.toContain('unsafe-inline');
    }
  });

  it('falls back to index.html for a navigation', async () => {
    const response = await fetch(`${built.url}/streets/320509001?unit=320509001`, { headers: { accept: HTML } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>app</title>');
  });

  it('serves hashed assets as immutable', async () => {
    const response = await fetch(`${built.url}/assets/index-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('answers a missing asset with 404', async () => {
    const response = await fetch(`${built.url}/assets/missing.js`, { headers: { accept: '*/*' } });
    expect(response.status).toBe(404);
  });

  it('leaves the API routes in front', async () => {
    const response = await fetch(`${built.url}/readyz`, { headers: { accept: HTML } });
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 in Chinese without a build', async () => {
    const response = await fetch(`${missing.url}/`, { headers: { accept: HTML } });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('态势图网页尚未构建');
  });
});
