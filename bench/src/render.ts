/**
 * Time to first render of the situation map in headless Chromium: from navigation start until the map is idle,
 * draws incidents and the layer panel's incident count equals the totalCount the gateway returned for the view.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page, type Request } from 'playwright-core';
import { OPERATION_NAME } from './operation.js';
import { SCREEN } from './path.js';
import { median } from './stats.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Flags of a headless run without a GPU, sandbox or background traffic, as the browser tests use them. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const RENDER_TIMEOUT_MS = 90_000;
const POLL_MS = 50;
const INCIDENT_LAYERS = ['incident-points', 'incident-clusters', 'incident-cells'];

export interface GraphqlTiming {
  operation: string;
  /** Milliseconds after navigation start when the request was sent, and how long its response took. */
  sentMs: number;
  durationMs: number;
}

export interface RenderRun {
  /** Milliseconds from navigation start until the map showed the view's incidents and their count. */
  ms: number;
  /** Time of the poll before, which had not yet seen it: the render happened between the two. */
  previousPollMs: number;
  domContentLoadedMs: number;
  loadEventMs: number;
  /** Bytes of the page and every resource it loaded, as sent (compressed where the server compressed them). */
  encodedBytes: number;
  /** totalCount of the last viewport response, and what the layer panel showed. */
  totalCount: number;
  shownCount: string;
  rendered: { points: number; clusters: number; clusteredPoints: number; cells: number };
  zoom: number;
  requests: number;
  graphql: GraphqlTiming[];
  foreignRequests: string[];
  consoleErrors: string[];
  /** The operation text the page sent for the viewport, to compare with the bench's. */
  gridOperation: string;
  gridVariables: Record<string, unknown>;
}

/** The signed-in user the page starts with: a token of the hub and the identity it was issued for. */
export interface BenchSession {
  token: string;
  user: Record<string, unknown>;
}

/** Key of `sessionStorage` under which the web app keeps its session (web/src/session/session.ts). */
const SESSION_STORAGE_KEY = 'lianfang.session';

/** Returns the expiry of a JWT from its `exp` claim, without checking the signature. */
function tokenExpiry(token: string): Date {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    exp?: number;
  };
  if (typeof payload.exp !== 'number') throw new Error('The bench token has no exp claim');
  return new Date(payload.exp * 1000);
}

export interface RenderResult {
  url: string;
  runs: RenderRun[];
  medianMs: number;
}

export interface GridRequest {
  request: Request;
  query: string;
  variables: Record<string, unknown>;
  /** Parts of the response, once it has arrived. */
  response?: { totalCount: number; cells: number; incidents: number };
}

export interface PageState {
  now: number;
  bbox: number[];
  zoom: number;
  points: number;
  clusters: number;
  /** Incidents that the drawn clusters stand for. */
  clusteredPoints: number;
  cells: number;
  countText: string;
}

/**
 * Reads the map's state in the page, or only the time while the map is loading, moving or fetching tiles. The app
 * exposes its MapLibre map as `window.__lianfangMap`. A cluster or cell drawn across tile edges is counted once.
 * The script is text because tsx compiles functions with name helpers that do not exist in the page.
 */
const READ_PAGE_STATE = `(layers) => {
  const map = globalThis.__lianfangMap;
  if (!map || !map.loaded() || map.isMoving() || !map.areTilesLoaded()) return { now: performance.now(), idle: false };
  const distinct = (layer, key) =>
    new Map(map.queryRenderedFeatures({ layers: [layer] }).map((feature) => [key(feature), feature]));
  const clusters = distinct(layers[1], (feature) => String(feature.properties.cluster_id));
  let clusteredPoints = 0;
  for (const cluster of clusters.values()) clusteredPoints += Number(cluster.properties.point_count);
  const [[west, south], [east, north]] = map.getBounds().toArray();
  const count = document.querySelector('[data-testid="count-incidents"]');
  return {
    idle: true,
    now: performance.now(),
    bbox: [west, south, east, north],
    zoom: map.getZoom(),
    points: distinct(layers[0], (feature) => String(feature.properties.id)).size,
    clusters: clusters.size,
    clusteredPoints,
    cells: distinct(layers[2], (feature) => feature.geometry.coordinates.join(',')).size,
    countText: count && count.textContent ? count.textContent.trim() : '',
  };
}`;

type PagePoll = { idle: false; now: number } | ({ idle: true } & PageState);

async function readPageState(page: Page): Promise<PagePoll> {
  return (await page.evaluate(`(${READ_PAGE_STATE})(${JSON.stringify(INCIDENT_LAYERS)})`)) as PagePoll;
}

/**
 * Returns true when the latest viewport request asked for the view the page shows, and the page draws its response:
 * the panel shows its totalCount and the map draws its cells, or all of its incidents as points and clusters.
 * Comparing the drawn features matters because the view before the map fits the district often has the same
 * totalCount.
 */
export function showsResponse(state: PageState, grid: GridRequest | undefined): boolean {
  const response = grid?.response;
  if (!grid || !response) return false;
  const bbox = grid.variables.bbox as number[];
  const sameView =
    grid.variables.zoom === Math.round(state.zoom) &&
    bbox.every((value, index) => Math.abs(value - (state.bbox[index] as number)) < 1e-9);
  const drawn =
    response.incidents > 0
      ? state.points + state.clusteredPoints === response.incidents
      : state.cells === response.cells && state.cells > 0;
  return sameView && drawn && state.countText.replace(/[^0-9]/g, '') === String(response.totalCount);
}

function watchPage(page: Page, origin: string) {
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const grids: GridRequest[] = [];
  const graphql: Request[] = [];
  page.on('request', (request) => {
    requests.push(request.url());
    if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/graphql') return;
    graphql.push(request);
    const body = request.postDataJSON() as { operationName?: string; query: string; variables?: object } | null;
    if (body?.operationName !== OPERATION_NAME) return;
    const grid: GridRequest = {
      request,
      query: body.query,
      variables: (body.variables ?? {}) as GridRequest['variables'],
    };
    grids.push(grid);
    request
      .response()
      .then((response) => response?.json())
      .then((json: { data?: { incidentGrid?: { totalCount: number; cells: unknown[]; incidents: unknown[] } } }) => {
        const body = json?.data?.incidentGrid;
        if (body) {
          grid.response = { totalCount: body.totalCount, cells: body.cells.length, incidents: body.incidents.length };
        }
      })
      .catch(() => undefined);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  const foreign = () =>
    requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== new URL(origin).origin);
  return { requests, consoleErrors, grids, graphql, foreign };
}

async function graphqlTimings(page: Page, requests: Request[]): Promise<GraphqlTiming[]> {
  const timeOrigin = await page.evaluate(() => performance.timeOrigin);
  return requests.map((request) => {
    const timing = request.timing();
    const body = request.postDataJSON() as { operationName?: string } | null;
    return {
      operation: body?.operationName ?? '(anonymous)',
      sentMs: Math.round(timing.startTime - timeOrigin),
      durationMs: Math.round(timing.responseEnd),
    };
  });
}

async function measureOnce(browser: Browser, url: string, session: BenchSession): Promise<RenderRun> {
  const context = await browser.newContext({ viewport: { ...SCREEN }, locale: 'zh-CN' });
  try {
    // The page starts signed in, as after a login in the same tab, so that the timing covers the map alone.
    const stored = JSON.stringify({ ...session, expiresAt: tokenExpiry(session.token).toISOString() });
    await context.addInitScript({
      content: `sessionStorage.setItem(${JSON.stringify(SESSION_STORAGE_KEY)}, ${JSON.stringify(stored)});`,
    });
    const page = await context.newPage();
    const watch = watchPage(page, url);
    await page.goto(url, { waitUntil: 'commit' });

    const deadline = Date.now() + RENDER_TIMEOUT_MS;
    let state: PageState | null = null;
    let previousPoll = 0;
    while (Date.now() < deadline) {
      const poll = await readPageState(page);
      if (poll.idle && showsResponse(poll, watch.grids.at(-1))) {
        state = poll;
        break;
      }
      previousPoll = poll.now;
      await page.waitForTimeout(POLL_MS);
    }
    const grid = watch.grids.at(-1);
    if (!state || !grid) {
      throw new Error(
        `The map did not show its incidents within ${RENDER_TIMEOUT_MS} ms (${watch.grids.length} viewport ` +
          `requests, console errors: ${watch.consoleErrors.join('; ') || 'none'})`,
      );
    }
    const navigation = await page.evaluate(() => {
      // Runs in the page, whose navigation and resource entries Node's types do not declare.
      type Entry = { domContentLoadedEventEnd: number; loadEventEnd: number; encodedBodySize: number };
      const timing = performance as unknown as { getEntriesByType(type: string): Entry[] };
      const entry = timing.getEntriesByType('navigation')[0];
      const resources = timing.getEntriesByType('resource');
      return {
        domContentLoaded: entry?.domContentLoadedEventEnd ?? 0,
        load: entry?.loadEventEnd ?? 0,
        bytes: resources.reduce((sum, resource) => sum + resource.encodedBodySize, entry?.encodedBodySize ?? 0),
      };
    });
    return {
      ms: Math.round(state.now),
      previousPollMs: Math.round(previousPoll),
      domContentLoadedMs: Math.round(navigation.domContentLoaded),
      loadEventMs: Math.round(navigation.load),
      encodedBytes: navigation.bytes,
      totalCount: grid.response?.totalCount as number,
      shownCount: state.countText,
      rendered: {
        points: state.points,
        clusters: state.clusters,
        clusteredPoints: state.clusteredPoints,
        cells: state.cells,
      },
      zoom: Math.round(state.zoom * 100) / 100,
      requests: watch.requests.length,
      graphql: await graphqlTimings(page, watch.graphql),
      foreignRequests: watch.foreign(),
      consoleErrors: watch.consoleErrors,
      gridOperation: grid.query,
      gridVariables: grid.variables,
    };
  } finally {
    await context.close();
  }
}

/**
 * Loads `url` `runs` times, each in a fresh browser context (no cache, and no storage but `session`).
 *
 * @throws when Chromium is missing, the map does not render in time or the page requested another origin.
 */
export async function measureRender(
  url: string,
  runs: number,
  session: BenchSession,
  onRun: (run: RenderRun) => void,
): Promise<RenderResult> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: run \`apt-get install chromium fonts-noto-cjk\` to measure rendering.`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const results: RenderRun[] = [];
  try {
    for (let index = 0; index < runs; index += 1) {
      const run = await measureOnce(browser, url, session);
      if (run.foreignRequests.length > 0) {
        throw new Error(`The page requested other origins: ${run.foreignRequests.join(', ')}`);
      }
      results.push(run);
      onRun(run);
    }
  } finally {
    await browser.close();
  }
  return { url, runs: results, medianMs: median(results.map((run) => run.ms)) };
}
