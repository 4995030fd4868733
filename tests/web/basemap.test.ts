import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLogger, workspaceRoot } from '@lianfang/db';
import { type GatewayAccess, type RunningGateway, serveWebApp, startGateway } from '@lianfang/gateway';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITIES, testGatewayAccess } from '../support/access.js';
import {
  addSession,
  CHROMIUM,
  CHROMIUM_ARGS,
  ensureWebBuild,
  recordPage,
  requireChromium,
  WEB_DIST,
} from './support.js';

/** A 1×1 PNG; MapLibre draws any valid image as a tile. */
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let tileServer: Server;
let tileOrigin: string;
const tileRequests: string[] = [];
let gateway: RunningGateway;
let access: GatewayAccess;
let browser: Browser;

// The gateway serves the web app on its static supergraph with no subgraph running: the basemap needs neither. It
// has no local accounts either, so the page starts with a session whose token the gateway issued.
beforeAll(async () => {
  requireChromium();
  await ensureWebBuild();
  tileServer = createServer((request, response) => {
    tileRequests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    response.end(TILE);
  });
  await new Promise<void>((resolve) => tileServer.listen(0, '127.0.0.1', resolve));
  tileOrigin = `http://127.0.0.1:${(tileServer.address() as AddressInfo).port}`;
  const basemap = {
    tiles: `${tileOrigin}/tiles/{z}/{x}/{y}.png?tk=KEY`,
    attribution: '© 测试底图',
    tileSize: 256 as const,
    origin: tileOrigin,
  };
  const supergraphSdl = readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8');
  access = await testGatewayAccess();
  gateway = await startGateway({
    supergraphSdl,
    port: 0,
    logger: createLogger('test'),
    access,
    mount: serveWebApp(WEB_DIST, { basemap }),
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await new Promise((resolve) => tileServer?.close(resolve));
});

describe('external basemap', () => {
  it('loads tiles only from the configured origin', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await addSession(context, access, IDENTITIES.districtCommander);
    const page = await context.newPage();
    const record = recordPage(page);
    await page.goto(`${gateway.url}/`);

    await expect.poll(() => tileRequests.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(tileRequests.every((path) => /^\/tiles\/\d+\/\d+\/\d+\.png\?tk=KEY$/.test(path))).toBe(true);
    await expect.poll(() => page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('© 测试底图');

    const origins = new Set(
      record.requests.filter((url) => !url.startsWith('data:')).map((url) => new URL(url).origin),
    );
    expect([...origins].sort()).toEqual([gateway.url, tileOrigin].sort());
    // A request the page's policy blocked would show up here as a console error.
    expect(record.errors).toEqual([]);

    const visibility = () =>
      page.evaluate(() =>
        (
          globalThis as unknown as { __lianfangMap: { getLayoutProperty(id: string, name: string): unknown } }
        ).__lianfangMap.getLayoutProperty('basemap', 'visibility'),
      );
    await page.getByTestId('toggle-basemap').uncheck();
    await expect.poll(visibility).toBe('none');
    await context.close();
  });
});
