import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@lianfang/db';
import { DEMO_PASSWORD, type GatewayAccess } from '@lianfang/gateway';
import { CITIES, type RunningHub, startHub } from '@lianfang/hub';
import type { Identity } from '@lianfang/subgraph-kit';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type ConsoleMessage,
  chromium,
  type Page,
  type Response as PlaywrightResponse,
  type Request,
} from 'playwright-core';
import { expect } from 'vitest';
import { IDENTITIES } from '../support/access.js';
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

import { ensureWebBuild } from './web-build.js';

export { ensureWebBuild, PERSISTED_OPERATIONS, WEB_DIST } from './web-build.js';

/** Fails (never skips) when the browser is missing, naming the packages to install. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: run \`apt-get install chromium fonts-noto-cjk\` to run the browser tests.`);
  }
}

/** A GraphQL response with an HTTP error status, e.g. 403 PERSISTED_QUERY_REQUIRED. */
export interface RefusedRequest {
  operationName: string | null;
  status: number;
  code: unknown;
  reason: unknown;
}

/** Requests and console errors of one page, for the checks after each test. */
export interface PageRecord {
  requests: string[];
  errors: string[];
  /** Variables of each GraphQL request, by operation name; the latest request wins. */
  graphqlVariables: Map<string, Record<string, unknown>>;
  /** GraphQL responses with a status of 400 or more; complete once `settled()` resolves. */
  refused: RefusedRequest[];
  /** Waits until the bodies of the responses seen so far are read. */
  settled(): Promise<void>;
  /** Requests without a response yet, except the live updates stream, which stays open while the page is. */
  inFlight: Set<Request>;
}

/** Path of the gateway's live updates stream (graphql-sse), which the map page keeps open. */
const LIVE_STREAM_PATH = '/graphql/stream';
/** The record of each page that `recordPage` watches. */
const records = new WeakMap<Page, PageRecord>();

interface GraphqlBody {
  operationName?: string;
  variables?: Record<string, unknown>;
}

interface ErrorBody {
  errors?: { extensions?: { code?: unknown; reason?: unknown } }[];
}

function recordRefusal(response: PlaywrightResponse, record: PageRecord): Promise<void> | undefined {
  if (response.status() < 400 || new URL(response.url()).pathname !== '/graphql') return undefined;
  const request = response.request();
  const body = request.method() === 'POST' ? (request.postDataJSON() as GraphqlBody | null) : null;
  return response
    .json()
    .then((answer: ErrorBody) => answer.errors?.[0]?.extensions ?? {})
    .catch(() => ({ code: 'UNREADABLE_BODY', reason: undefined }))
    .then(({ code, reason }) => {
      record.refused.push({ operationName: body?.operationName ?? null, status: response.status(), code, reason });
    });
}

export function recordPage(page: Page): PageRecord {
  const pending: Promise<void>[] = [];
  const record: PageRecord = {
    requests: [],
    errors: [],
    graphqlVariables: new Map(),
    refused: [],
    settled: async () => {
      await Promise.all(pending);
    },
    inFlight: new Set(),
  };
  records.set(page, record);
  const done = (request: Request) => record.inFlight.delete(request);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  page.on('request', (request: Request) => {
    record.requests.push(request.url());
    if (new URL(request.url()).pathname !== LIVE_STREAM_PATH) record.inFlight.add(request);
    // Photo uploads post raw image bytes, which are not JSON.
    const json = request.method() === 'POST' && request.headers()['content-type']?.includes('application/json');
    const body = json ? (request.postDataJSON() as GraphqlBody | null) : null;
    if (body?.operationName) record.graphqlVariables.set(body.operationName, body.variables ?? {});
  });
  page.on('response', (response) => {
    const reading = recordRefusal(response, record);
    if (reading) pending.push(reading);
  });
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') record.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => {
    record.errors.push(`pageerror: ${error.message}`);
  });
  return record;
}

/** Lists the refused requests caused by the persisted operations: an unknown hash or free text of a non-analyst. */
export function persistedRefusals(record: PageRecord): RefusedRequest[] {
  return record.refused.filter(
    (refused) => refused.code === 'PERSISTED_QUERY_NOT_FOUND' || refused.reason === 'PERSISTED_QUERY_REQUIRED',
  );
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
 * with the web build mounted, and launches headless Chromium. The demo data brings the demo accounts
 * (`DEMO_PASSWORD`); the gateway's keys go to a temporary folder, and there is no per-user rate limit.
 */
export async function startBrowserHub(): Promise<BrowserHub> {
  requireChromium();
  await ensureWebBuild();
  const copy = await copyTemplate('seeded');
  const keysDir = mkdtempSync(join(tmpdir(), 'lianfang-keys-'));
  const removeFiles = async () => {
    await copy.remove();
    rmSync(keysDir, { recursive: true, force: true });
  };
  let hub: RunningHub;
  try {
    hub = await startHub({
      city: CITIES.wujiang,
      demo: { incidentsPerYear: 2000, addressesPerCommunity: 2 },
      database: { databaseUrl: copy.env.DATABASE_URL || undefined, dataDir: copy.env.LIANFANG_DATA_DIR, poolSize: 4 },
      port: 0,
      subgraphPortBase: 0,
      keysDir,
      rateLimitPerMinute: 0,
      logger: createLogger('test'),
    });
  } catch (error) {
    await removeFiles();
    throw error;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    hub,
    browser,
    async stop() {
      await browser.close();
      await hub.stop();
      await removeFiles();
    },
  };
}

/** A page in its own browser context, with the record of its requests and console errors. */
export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  record: PageRecord;
}

/** The demo account that `openHubPage` signs in with unless a test names another: a district commander, not an analyst. */
export const DEFAULT_USER = 'district.commander';

/**
 * Signs in on the login screen that the app shows on any path without a session, with a demo account of the hub,
 * and waits until the header shows the user. The page stays on its path.
 */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('.login-form button[type="submit"]').click();
  await page.getByTestId('user-info').waitFor({ timeout: 20_000 });
}

/**
 * Opens `path` of the hub in a new context (Chinese locale, 1280×800 unless `options` set others) and signs in as
 * the demo account `user`. With `user` null the page stays on the login screen. `prepare` runs on the context before
 * the page loads, e.g. to add an init script.
 */
export async function openHubPage(
  session: BrowserHub,
  path: string,
  options: BrowserContextOptions = {},
  prepare?: (context: BrowserContext) => Promise<void>,
  user: string | null = DEFAULT_USER,
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
  if (user) await login(page, user);
  return { context, page, record };
}

/**
 * Closes the page's context, then fails the test on any request to another origin, any console error, or any
 * operation the gateway refused for want of a persisted operation.
 */
export async function closeHubPage(opened: OpenedPage | undefined, session: BrowserHub): Promise<void> {
  if (!opened) return;
  await opened.record.settled();
  await opened.context.close();
  expect(foreignRequests(opened.record, session.hub.gateway.url), 'requests to other origins').toEqual([]);
  expect(opened.record.errors, 'console errors').toEqual([]);
  expect(persistedRefusals(opened.record), 'refused persisted operations').toEqual([]);
}

/**
 * Stores a session in the page's `sessionStorage` before the app starts, as a login would, for a gateway that has
 * no local accounts. The token comes from `access`, so that gateway accepts it.
 */
export async function addSession(context: BrowserContext, access: GatewayAccess, identity: Identity): Promise<void> {
  const { token, expiresAt } = await access.authenticator.local.issue(identity);
  const session = JSON.stringify({ token, expiresAt: expiresAt.toISOString(), user: identity });
  await context.addInitScript((value) => {
    const { sessionStorage } = globalThis as unknown as {
      sessionStorage: { setItem(key: string, value: string): void };
    };
    sessionStorage.setItem('lianfang.session', value);
  }, session);
}

const tokens = new WeakMap<RunningHub, Promise<string>>();

/** Sends a GraphQL request to the hub's gateway as a district police analyst and fails on any error in the response. */
export async function gatewayQuery<T>(hub: RunningHub, query: string, variables: Record<string, unknown>): Promise<T> {
  let token = tokens.get(hub);
  if (!token) {
    token = hub.issueToken(IDENTITIES.districtPoliceAnalyst);
    tokens.set(hub, token);
  }
  const response = await fetch(`${hub.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

/**
 * Waits until the page has had no request in flight for `quietMs`, not counting the live updates stream. Playwright's
 * `networkidle` never arrives while that stream is open, which it is on the map page. The page must come from
 * `openHubPage` or `recordPage`.
 */
export async function waitForRequestsIdle(page: Page, quietMs = 500, timeoutMs = 30_000): Promise<void> {
  const record = records.get(page);
  if (!record) throw new Error('waitForRequestsIdle needs a page opened with recordPage');
  const deadline = Date.now() + timeoutMs;
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() > deadline) {
      const pending = [...record.inFlight].map((request) => request.url());
      throw new Error(`requests still in flight after ${timeoutMs} ms: ${pending.join(', ')}`);
    }
    if (record.inFlight.size > 0) quietSince = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
