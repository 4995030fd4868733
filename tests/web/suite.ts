/**
 * Hooks and gateway calls shared by the browser test files that run one hub for all their tests: the hub's start and
 * stop, the check of each test's page, demo account tokens and label points of units.
 */
import { DEMO_PASSWORD } from '@lianfang/gateway';
import type { RunningHub } from '@lianfang/hub';
import type { BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  type BrowserHub,
  closeHubPage,
  DEFAULT_USER,
  gatewayQuery,
  type OpenedPage,
  openHubPage,
  startBrowserHub,
} from './support.js';

/** The hub of a test file and the page its running test opened, as `useBrowserHub` keeps them. */
export interface BrowserSuite {
  /** The hub and browser; available from the file's first test on. */
  readonly session: BrowserHub;
  readonly hub: RunningHub;
  /** The page `open` opened last in the running test, if any. */
  readonly opened: OpenedPage | undefined;
  /**
   * Opens `path` as `openHubPage` does (signed in as `user`, `DEFAULT_USER` unless named). After the test the page is
   * closed and checked with `closeHubPage`.
   */
  open(
    path: string,
    options?: BrowserContextOptions,
    prepare?: (context: BrowserContext) => Promise<void>,
    user?: string | null,
  ): Promise<OpenedPage>;
}

/**
 * Registers the hooks of a browser test file: `startBrowserHub` before the first test, `closeHubPage` on the page
 * each test opened with `open`, and the hub's stop after the last test.
 */
export function useBrowserHub(): BrowserSuite {
  let session: BrowserHub | undefined;
  let opened: OpenedPage | undefined;
  const started = (): BrowserHub => {
    if (!session) throw new Error('the browser hub has not started');
    return session;
  };

  beforeAll(async () => {
    session = await startBrowserHub();
  }, 300_000);

  afterAll(async () => {
    await session?.stop();
  });

  afterEach(async () => {
    if (session) await closeHubPage(opened, session);
    opened = undefined;
  });

  return {
    get session() {
      return started();
    },
    get hub() {
      return started().hub;
    },
    get opened() {
      return opened;
    },
    async open(path, options = {}, prepare, user = DEFAULT_USER) {
      opened = await openHubPage(started(), path, options, prepare, user);
      return opened;
    },
  };
}

/** Signs in a demo account through `POST /auth/login`, as the phone app would, and returns its bearer token. */
export async function loginToken(hub: RunningHub, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${hub.gateway.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/** Returns a WGS84 position inside the unit: the point where the map writes its name. */
export async function labelPoint(hub: RunningHub, code: string): Promise<[number, number]> {
  const { orgUnit } = await gatewayQuery<{ orgUnit: { labelPoint: { coordinates: [number, number] } } }>(
    hub,
    'query($code: ID!) { orgUnit(code: $code) { labelPoint } }',
    { code },
  );
  return orgUnit.labelPoint.coordinates;
}
