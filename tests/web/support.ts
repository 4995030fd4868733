import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createLogger, workspaceRoot } from '@lianfang/db';
import { CITIES, type RunningHub, startHub } from '@lianfang/hub';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type ConsoleMessage,
  chromium,
  type Page,
  type Request,
} from 'playwright-core';
import { expect } from 'vitest';
import { copyTemplate } from '../support/database.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const WEB_DIST = join(workspaceRoot, 'web', 'dist');

/** Fails (never skips) when the browser is missing, naming the packages to install. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: run \`apt-get install chromium fonts-noto-cjk\` to run the browser tests.`);
  }
}

/** Builds web/dist with the workspace's pnpm when it is missing; an existing build is used as it is. */
export async function ensureWebBuild(): Promise<void> {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build; the tests run the
  // production build that `npm start` serves.
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PATH: [join(workspaceRoot, '.tools', 'node_modules', '.bin'), process.env.PATH].join(delimiter),
  };
  const child = spawn('pnpm', ['--filter', '@lianfang/web', 'build'], { cwd: workspaceRoot, env, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`pnpm --filter @lianfang/web build exited with ${code}:\n${output}`);
}

/** Requests and console errors of one page, for the checks after each test. */
export interface PageRecord {
  requests: string[];
  errors: string[];
  /** Variables of each GraphQL request, by operation name; the latest request wins. */
  graphqlVariables: Map<string, Record<string, unknown>>;
}

interface GraphqlBody {
  operationName?: string;
  variables?: Record<string, unknown>;
}

export function recordPage(page: Page): PageRecord {
  const record: PageRecord = { requests: [], errors: [], graphqlVariables: new Map() };
  page.on('request', (request: Request) => {
    record.requests.push(request.url());
    const body = request.method() === 'POST' ? (request.postDataJSON() as GraphqlBody | null) : null;
    if (body?.operationName) record.graphqlVariables.set(body.operationName, body.variables ?? {});
  });
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') record.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => {
    record.errors.push(`pageerror: ${error.message}`);
  });
  return record;
}

/**
 * Lists the requests that left the hub's origin. `blob:` URLs created by the page carry the page's origin; `data:`
 * URLs are inline content and send nothing.
 */
export function foreignRequests(record: PageRecord, origin: string): string[] {
  return record.requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
}

interface RenderedFeature {
  properties: Record<string, unknown>;
}

interface MapHook {
  loaded(): boolean;
  isMoving(): boolean;
  queryRenderedFeatures(options: { layers: string[] }): RenderedFeature[];
}

/**
 * Waits until the map stops moving with child-unit polygons drawn, then returns the distinct unit codes it drew.
 * The app exposes its MapLibre instance as `window.__lianfangMap` on every page load.
 */
export async function renderedChildCodes(page: Page, expectedCount: number): Promise<string[]> {
  const handle = await page.waitForFunction(
    (count) => {
      const map = (globalThis as unknown as { __lianfangMap?: MapHook }).__lianfangMap;
      if (!map?.loaded() || map.isMoving()) return false;
      const features = map.queryRenderedFeatures({ layers: ['children-fill'] });
      const codes = [...new Set(features.map((feature) => String(feature.properties.code)))].sort();
      return codes.length >= count ? codes : false;
    },
    expectedCount,
    { timeout: 20_000, polling: 200 },
  );
  return (await handle.jsonValue()) as string[];
}

/**
 * Waits until the map stops moving with at least `expectedCount` distinct features drawn in `layers`, then returns
 * their distinct `id` properties, sorted. A polygon that crosses tile edges is drawn once per tile, hence the
 * de-duplication. Features outside the viewport are not drawn and not counted.
 */
export async function renderedFeatureIds(page: Page, layers: string[], expectedCount: number): Promise<string[]> {
  const handle = await page.waitForFunction(
    ({ layers, count }) => {
      const map = (globalThis as unknown as { __lianfangMap?: MapHook }).__lianfangMap;
      if (!map?.loaded() || map.isMoving()) return false;
      const features = map.queryRenderedFeatures({ layers });
      const ids = [...new Set(features.map((feature) => String(feature.properties.id)))].sort();
      return ids.length >= count ? ids : false;
    },
    { layers, count: expectedCount },
    { timeout: 20_000, polling: 200 },
  );
  return (await handle.jsonValue()) as string[];
}

export interface BrowserHub {
  hub: RunningHub;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * Starts 吴江区's hub on a copy of the seeded test database (2000 incidents a year, 2 addresses per community)
 * with the web build mounted, and launches headless Chromium.
 */
export async function startBrowserHub(): Promise<BrowserHub> {
  requireChromium();
  await ensureWebBuild();
  const copy = await copyTemplate('seeded');
  const hub = await startHub({
    city: CITIES.wujiang,
    demo: { incidentsPerYear: 2000, addressesPerCommunity: 2 },
    database: { databaseUrl: copy.env.DATABASE_URL || undefined, dataDir: copy.env.LIANFANG_DATA_DIR, poolSize: 4 },
    port: 0,
    subgraphPortBase: 0,
    logger: createLogger('test'),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    hub,
    browser,
    async stop() {
      await browser.close();
      await hub.stop();
      await copy.remove();
    },
  };
}

/** A page in its own browser context, with the record of its requests and console errors. */
export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  record: PageRecord;
}

/**
 * Opens `path` of the hub in a new context (Chinese locale, 1280×800 unless `options` set others); `prepare` runs
 * on the context before the page loads, e.g. to add an init script.
 */
export async function openHubPage(
  session: BrowserHub,
  path: string,
  options: BrowserContextOptions = {},
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<OpenedPage> {
  const context = await session.browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    ...options,
  });
  await prepare?.(context);
  const page = await context.newPage();
  const record = recordPage(page);
  await page.goto(`${session.hub.gateway.url}${path}`);
  return { context, page, record };
}

/** Closes the page's context, then fails the test on any request to another origin or any console error. */
export async function closeHubPage(opened: OpenedPage | undefined, session: BrowserHub): Promise<void> {
  if (!opened) return;
  await opened.context.close();
  expect(foreignRequests(opened.record, session.hub.gateway.url), 'requests to other origins').toEqual([]);
  expect(opened.record.errors, 'console errors').toEqual([]);
}

/** Sends a GraphQL request to the hub's gateway and fails on any error in the response. */
export async function gatewayQuery<T>(hub: RunningHub, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${hub.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

/** Waits until the map has loaded its sources and stopped moving. */
export async function waitForMapIdle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = (globalThis as unknown as { __lianfangMap?: MapHook & { areTilesLoaded(): boolean } }).__lianfangMap;
      return Boolean(map?.loaded() && !map.isMoving() && map.areTilesLoaded());
    },
    undefined,
    { timeout: 20_000, polling: 200 },
  );
}

export interface RenderedIncidents {
  /** Incidents the drawn clusters, cells and single points stand for. */
  total: number;
  points: number;
  clusters: number;
  cells: number;
}

/** Adds up what the incident layers draw: each cluster and cell counts its incidents, each point one. */
export async function renderedIncidents(page: Page): Promise<RenderedIncidents> {
  await waitForMapIdle(page);
  return page.evaluate(() => {
    type Feature = { properties: Record<string, unknown>; geometry: { coordinates: number[] } };
    const map = (
      globalThis as unknown as { __lianfangMap: { queryRenderedFeatures(o: { layers: string[] }): Feature[] } }
    ).__lianfangMap;
    const distinct = (layer: string, key: (feature: Feature) => string) =>
      new Map(map.queryRenderedFeatures({ layers: [layer] }).map((feature) => [key(feature), feature]));
    const points = distinct('incident-points', (feature) => String(feature.properties.id));
    const clusters = distinct('incident-clusters', (feature) => String(feature.properties.cluster_id));
    const cells = distinct('incident-cells', (feature) => feature.geometry.coordinates.join(','));
    let total = points.size;
    for (const cluster of clusters.values()) total += Number(cluster.properties.point_count);
    for (const cell of cells.values()) total += Number(cell.properties.count);
    return { total, points: points.size, clusters: clusters.size, cells: cells.size };
  });
}
