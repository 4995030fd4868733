import { DEMO_PASSWORD } from '@lianfang/gateway';
import type { RunningHub } from '@lianfang/hub';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserHub,
  closeHubPage,
  gatewayQuery,
  login,
  type OpenedPage,
  openHubPage,
  renderedChildCodes,
  startBrowserHub,
  waitForRequestsIdle,
} from './support.js';

/** The community of the demo accounts `community.commander` and `community.analyst`. */
const COMMUNITY = '320509001001';
/** A community of the same street, outside `community.commander`'s jurisdiction. */
const OTHER_COMMUNITY = '320509001002';
/** An address of the demo data whose residents (9) are planted for the address panel's tests. */
const PLANTED_ADDRESS = 'A-PLANTED-ABNORMAL';
const PURPOSE = '案件编号 AJ-2026-0042';
/** Operations the map sends for every unit it opens. */
const MAP_OPERATIONS = [
  'SessionOwnUnit',
  'SituationMapOrgUnit',
  'SituationMapIncidentGrid',
  'SituationMapRentals',
  'SituationMapBorderZones',
  'SituationMapPatrolZones',
];

/** The browser's sessionStorage, for callbacks that run in the page; the tests compile without the DOM library. */
interface PageGlobals {
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

interface SentBody {
  operationName?: string;
  query?: string;
  extensions?: { purpose?: string; persistedQuery?: { version?: number; sha256Hash?: string } };
}

let session: BrowserHub;
let hub: RunningHub;
let opened: OpenedPage | undefined;
let page: Page;
/** Bodies of the GraphQL requests of the current page. */
let sent: SentBody[];

beforeAll(async () => {
  session = await startBrowserHub();
  hub = session.hub;
}, 300_000);

afterAll(async () => {
  await session?.stop();
});

async function openPage(path: string, user: string | null): Promise<void> {
  sent = [];
  const recordBodies = async (context: BrowserContext) => {
    context.on('request', (request) => {
      if (new URL(request.url()).pathname === '/graphql' && request.method() === 'POST') {
        sent.push(request.postDataJSON() as SentBody);
      }
    });
  };
  opened = await openHubPage(session, path, {}, recordBodies, user);
  page = opened.page;
}

afterEach(async () => {
  await closeHubPage(opened, session);
  opened = undefined;
});

/** Sends `POST /auth/login` from the test, as the browser would. */
function postLogin(username: string, password: string): Promise<Response> {
  return fetch(`${hub.gateway.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

/** Fills the login form and submits it, without waiting for the app. */
async function submitLogin(username: string, password: string): Promise<void> {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('.login-form button[type="submit"]').click();
}

/**
 * Removes the console errors Chromium logs for responses with the given statuses, e.g. "Failed to load resource:
 * the server responded with a status of 401", from a test that provokes them on purpose.
 */
function dropStatusErrors(statuses: number[]): void {
  if (!opened) return;
  const pattern = new RegExp(`status of (${statuses.join('|')})\\b`);
  opened.record.errors = opened.record.errors.filter((error) => !pattern.test(error));
}

/** ID numbers in the residents table of the address panel, sorted. */
async function shownIdNumbers(): Promise<string[]> {
  const cells = page.getByTestId('residents').locator('tbody tr td:nth-child(2)');
  await expect.poll(() => cells.count(), { timeout: 15_000 }).toBeGreaterThan(0);
  return (await cells.allTextContents()).sort();
}

describe('login screen', () => {
  it('is Chinese by default', async () => {
    await openPage('/', null);
    await expect.poll(() => page.locator('.login-form h2').textContent()).toBe('账号登录');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByLabel('用户名').count()).toBe(1);
    expect(await page.getByLabel('密码').count()).toBe(1);
    expect(await page.locator('.login-form button[type="submit"]').textContent()).toBe('登录');
    expect(await page.getByTestId('user-info').count()).toBe(0);

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('.login-form h2').textContent()).toBe('Sign in');
    expect(await page.getByLabel('User name').count()).toBe(1);
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.locator('.login-form h2').textContent()).toBe('账号登录');
  });

  it('shows the server message for a wrong password', async () => {
    await openPage('/', null);
    await submitLogin('grid.worker', 'wrong-password');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('登录失败：用户名或密码错误');
    expect(await page.getByTestId('user-info').count()).toBe(0);

    await submitLogin('grid.worker', DEMO_PASSWORD);
    await page.getByTestId('user-info').waitFor();
    expect(await page.getByTestId('login-error').count()).toBe(0);
    dropStatusErrors([401]);
  });

  it('shows the lockout after repeated failures', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await postLogin('market.staff', 'wrong-password')).status).toBe(401);
    }
    await openPage('/', null);
    await submitLogin('market.staff', DEMO_PASSWORD);
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toMatch(/^登录失败：该账号密码错误次数过多，请 1[45] 分钟后再试$/);
    expect(await page.getByTestId('user-info').count()).toBe(0);
    dropStatusErrors([429]);
  });

  it('returns to login when the token is rejected', async () => {
    await openPage('/', 'street.commander');
    await page.evaluate(() => {
      const { sessionStorage } = globalThis as unknown as PageGlobals;
      const stored = JSON.parse(sessionStorage.getItem('lianfang.session') ?? '{}');
      sessionStorage.setItem('lianfang.session', JSON.stringify({ ...stored, token: `${stored.token}x` }));
    });
    await page.reload();
    await expect.poll(() => page.getByTestId('login-notice').textContent()).toBe('登录已过期，请重新登录');
    expect(await page.getByTestId('user-info').count()).toBe(0);
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem('lianfang.session')),
    ).toBeNull();
    dropStatusErrors([401]);
  });
});

describe('community commander', () => {
  it('sees the own community and no workbench', async () => {
    const { orgUnit } = await gatewayQuery<{ orgUnit: { name: string; children: { code: string }[] } }>(
      hub,
      'query($code: ID!) { orgUnit(code: $code) { name children { code } } }',
      { code: COMMUNITY },
    );
    await openPage('/', 'community.commander');

    const user = page.getByTestId('user-info');
    await expect.poll(() => page.getByTestId('user-unit').textContent()).toBe(orgUnit.name);
    expect(await user.textContent()).toBe(`社区综治中心指挥员村（社区）${orgUnit.name}综治`);
    await expect.poll(() => page.getByTestId('breadcrumb').textContent()).toMatch(new RegExp(`${orgUnit.name}$`));
    const codes = await renderedChildCodes(page, orgUnit.children.length);
    expect(codes).toEqual(orgUnit.children.map((child) => child.code).sort());
    expect(new URL(page.url()).search).toBe('');

    expect(await page.getByRole('link', { name: '分析工作台' }).count()).toBe(0);
    expect(await page.getByTestId('workbench-unavailable').textContent()).toContain(
      '自定义查询需要研判分析员或审计员角色',
    );

    // Every request went by hash alone, and the gateway ran each one.
    await waitForRequestsIdle(page);
    const names = new Set(sent.map((body) => body.operationName));
    for (const name of MAP_OPERATIONS) expect(names, name).toContain(name);
    for (const body of sent) {
      expect(body.query, body.operationName).toBeUndefined();
      expect(body.extensions?.persistedQuery?.sha256Hash, body.operationName).toMatch(/^[0-9a-f]{64}$/);
    }
    await opened?.record.settled();
    expect(opened?.record.refused).toEqual([]);
  });

  it('opens an address of the community', async () => {
    const { addresses } = await gatewayQuery<{ addresses: { edges: { node: { id: string; text: string } }[] } }>(
      hub,
      'query($code: ID!) { addresses(orgUnit: $code, first: 1) { edges { node { id text } } } }',
      { code: COMMUNITY },
    );
    const address = addresses.edges[0]?.node;
    if (!address) throw new Error(`the demo data has no address in ${COMMUNITY}`);
    await openPage(`/?address=${address.id}`, 'community.commander');
    const panel = page.getByTestId('address-panel');
    await expect.poll(() => panel.getByTestId('address-text').textContent()).toBe(address.text);
    expect(await panel.getByTestId('address-error').count()).toBe(0);
    expect(await panel.getByTestId('section-error').count()).toBe(0);
    expect(await panel.getByTestId('purpose').count()).toBe(0);
    await opened?.record.settled();
    expect(opened?.record.refused).toEqual([]);
  });

  it('is told why a neighbouring address is hidden', async () => {
    const { addresses } = await gatewayQuery<{ addresses: { edges: { node: { id: string } }[] } }>(
      hub,
      'query($code: ID!) { addresses(orgUnit: $code, first: 1) { edges { node { id } } } }',
      { code: OTHER_COMMUNITY },
    );
    const id = addresses.edges[0]?.node.id;
    if (!id) throw new Error(`the demo data has no address in ${OTHER_COMMUNITY}`);
    await openPage(`/?address=${id}`, 'community.commander');
    const error = page.getByTestId('address-panel').getByTestId('address-error');
    await expect.poll(() => error.textContent()).toMatch(/^地址详情加载失败：超出管辖范围：.*\S/);
    expect(await page.getByTestId('address-text').count()).toBe(0);
    expect(await page.getByTestId('address-panel').textContent()).not.toContain('未找到编号');
    await waitForRequestsIdle(page);
    expect(await page.locator('.notice.error').count()).toBe(1);
  });

  it('sees one notice for a neighbouring community', async () => {
    await openPage(`/?unit=${OTHER_COMMUNITY}`, 'community.commander');
    const notices = page.getByTestId('notices');
    const errors = notices.locator('.notice.error');

    // Incidents, rentals and patrol zones are refused with the same reason and message, and the layers load at
    // different times: once all three have failed, one notice names them all.
    await expect.poll(() => notices.textContent()).toMatch(/警情、出租房屋和巡逻区加载失败：超出管辖范围：/);
    await waitForRequestsIdle(page);
    expect(await errors.count()).toBe(1);
    const text = await errors.first().textContent();
    expect(text).toMatch(/^警情、出租房屋和巡逻区加载失败：超出管辖范围：/);
    expect(text).toContain(OTHER_COMMUNITY);
    expect(text?.match(/超出管辖范围/g)).toHaveLength(1);

    await errors.getByRole('button', { name: '返回本辖区' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe(`?unit=${COMMUNITY}`);
    await expect.poll(() => page.getByTestId('child-units').locator('li').count()).toBeGreaterThan(0);
    await waitForRequestsIdle(page);
    expect(await page.locator('.notice.error').count()).toBe(0);
  });

  it('is told why the workbench is not offered', async () => {
    await openPage('/workbench', 'community.commander');
    await expect
      .poll(() => page.getByTestId('workbench-denied').textContent())
      .toBe('自定义查询需要研判分析员或审计员角色');
    expect(await page.locator('.graphiql-container').count()).toBe(0);
  });
});

describe('declared purpose', () => {
  it('shows raw ID numbers to a police analyst', async () => {
    const token = await hub.issueToken({
      sub: 'police.analyst',
      name: '区公安分局研判员',
      level: 'DISTRICT',
      orgUnit: '320509',
      department: 'police',
      roles: ['analyst'],
    });
    const response = await fetch(`${hub.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `{ address(id: "${PLANTED_ADDRESS}") { residents { idNumber } } }`,
        extensions: { purpose: PURPOSE },
      }),
    });
    const raw = (await response.json()) as { data: { address: { residents: { idNumber: string }[] } } };
    const rawIds = raw.data.address.residents.map((resident) => resident.idNumber).sort();
    expect(rawIds).toHaveLength(9);
    for (const id of rawIds) expect(id).toMatch(/^\d{17}[\dX]$/);

    await openPage(`/?unit=320509001&address=${PLANTED_ADDRESS}`, 'police.analyst');
    const panel = page.getByTestId('address-panel');
    const masked = await shownIdNumbers();
    for (const id of masked) expect(id).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(await panel.getByTestId('mask-hint').first().textContent()).toBe(
      '已脱敏：声明用途（如案件编号）后可查看原文',
    );

    await panel.getByLabel('查询用途（如案件编号）').fill(PURPOSE);
    await panel.getByRole('button', { name: '声明用途' }).click();
    await expect.poll(shownIdNumbers).toEqual(rawIds);
    expect(await panel.getByTestId('mask-hint').count()).toBe(0);
    expect(await panel.getByTestId('purpose').textContent()).toContain(PURPOSE);
    const withPurpose = sent.filter((body) => body.operationName === 'SituationMapAddress').at(-1);
    expect(withPurpose?.extensions?.purpose).toBe(PURPOSE);
    expect(withPurpose?.query).toBeUndefined();

    // The purpose lasts for the session: a reload keeps it, a logout ends it.
    await page.reload();
    await expect.poll(shownIdNumbers).toEqual(rawIds);
    await page.getByRole('button', { name: '退出登录' }).click();
    await login(page, 'police.analyst');
    await expect
      .poll(() => page.getByTestId('address-panel').getByLabel('查询用途（如案件编号）').inputValue())
      .toBe('');
    for (const id of await shownIdNumbers()) expect(id).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
  });
});

describe('logout', () => {
  it('returns to the login screen', async () => {
    await openPage('/', 'district.analyst');
    await page.getByRole('button', { name: '退出登录' }).click();
    await expect.poll(() => page.getByTestId('login-notice').textContent()).toBe('已退出登录。');
    expect(await page.getByTestId('user-info').count()).toBe(0);
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem('lianfang.session')),
    ).toBeNull();

    await page.reload();
    await expect.poll(() => page.locator('.login-form h2').textContent()).toBe('账号登录');
  });

  it('revokes the token at the gateway', async () => {
    await openPage('/', 'district.analyst');
    const stored = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).sessionStorage.getItem('lianfang.session'),
    );
    const token = (JSON.parse(stored ?? '{}') as { token?: string }).token;
    expect(token).toBeTruthy();
    await page.getByRole('button', { name: '退出登录' }).click();
    const me = async () => {
      const response = await fetch(`${hub.gateway.url}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { errors?: { extensions?: { reason?: string } }[] };
      return `${response.status} ${body.errors?.[0]?.extensions?.reason ?? ''}`;
    };
    await expect.poll(me).toBe('401 TOKEN_REVOKED');
  });
});
