import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import type { RunningHub } from '@lianfang/hub';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_QUERIES } from '../../web/src/workbench/examples.js';
import { resultRows } from '../../web/src/workbench/export.js';
import { IDENTITIES } from '../support/access.js';
import {
  type BrowserHub,
  foreignRequests,
  gatewayQuery,
  login,
  type PageRecord,
  persistedRefusals,
  recordPage,
  startBrowserHub,
  waitForRequestsIdle,
} from './support.js';

const ARTIFACTS = join(workspaceRoot, 'tests', 'artifacts');
const BOM = [0xef, 0xbb, 0xbf];
/** GraphiQL 5's accessible names for its own buttons; GraphiQL has no Chinese translation. */
const RUN_BUTTON = 'Execute query (Ctrl-Enter)';
const DOCS_BUTTON = 'Show Documentation Explorer';
const DRAFT_KEY = 'lianfang.workbench.draft';
const SAVED_QUERIES_KEY = 'lianfang.workbench.savedQueries';

/** The browser's localStorage, for callbacks that run in the page; the tests compile without the DOM library. */
interface PageGlobals {
  localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

let session: BrowserHub;
let hub: RunningHub;
let context: BrowserContext;
let page: Page;
let record: PageRecord;

beforeAll(async () => {
  session = await startBrowserHub();
  hub = session.hub;
}, 300_000);

afterAll(async () => {
  await session?.stop();
});

/** The demo account the workbench tests sign in with: an analyst, who may write queries. */
const ANALYST = 'district.analyst';

/**
 * Opens a page in a new context and signs in as an analyst; `draft` sets the editor contents the workbench starts
 * with. Returns the response of the page's first load.
 */
async function openPage(path: string, draft?: { query: string; variables: string }): Promise<Response | null> {
  context = await session.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  if (draft) {
    await context.addInitScript(
      ({ key, value }) => {
        const { localStorage } = globalThis as unknown as PageGlobals;
        if (!localStorage.getItem(key)) localStorage.setItem(key, value);
      },
      { key: DRAFT_KEY, value: JSON.stringify(draft) },
    );
  }
  page = await context.newPage();
  record = recordPage(page);
  const response = await page.goto(`${hub.gateway.url}${path}`);
  await login(page, ANALYST);
  return response;
}

function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  return gatewayQuery<T>(hub, query, variables);
}

/** Waits until GraphiQL has loaded the schema, which enables its docs button and editors. */
async function waitForEditor(): Promise<void> {
  await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 30_000 });
}

/** Returns the title of GraphiQL's active tab. */
function activeTab(): Promise<string | null> {
  return page.locator('.graphiql-tab-active .graphiql-tab-button').textContent();
}

/** Returns the text the response pane shows; Monaco draws spaces as no-break spaces. */
async function responseText(): Promise<string> {
  const text = await page.locator('.graphiql-response').textContent();
  return (text ?? '').replaceAll('\u00a0', ' ');
}

/** Returns a panel message as `role: text`; errors have the role alert, the rest status. */
async function panelMessage(testId: 'saved-message' | 'export-message'): Promise<string> {
  const message = page.getByTestId(testId);
  if ((await message.count()) === 0) return '';
  return `${await message.getAttribute('role')}: ${await message.textContent()}`;
}

async function runQuery(): Promise<void> {
  await page.getByRole('button', { name: RUN_BUTTON }).click();
}

/** Clicks an export button and returns the downloaded file's name and bytes. */
async function download(button: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

/** Reads the saved queries as the page stored them. */
async function storedQueries(): Promise<{ name: string; query: string; variables: string }[]> {
  const text = await page.evaluate(
    (key) => (globalThis as unknown as PageGlobals).localStorage.getItem(key),
    SAVED_QUERIES_KEY,
  );
  return JSON.parse(text ?? '[]');
}

describe('example queries', () => {
  it.each(EXAMPLE_QUERIES.map((example) => [example.key, example] as const))(
    '%s returns rows',
    async (_key, example) => {
      const token = await hub.issueToken(IDENTITIES.districtGovernanceAnalyst);
      const response = await fetch(`${hub.gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: example.query, variables: example.variables(new Date()) }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      const rows = resultRows(body);
      if (!rows.ok) throw new Error(`no rows to export: ${rows.reason}`);
      expect(rows.value.rows.length).toBeGreaterThan(0);
    },
  );
});

describe('analyst workbench', () => {
  afterEach(async () => {
    const origin = hub.gateway.url;
    await record.settled();
    await context?.close();
    expect(foreignRequests(record, origin), 'requests to other origins').toEqual([]);
    expect(record.errors, 'console errors').toEqual([]);
    expect(persistedRefusals(record), 'refused persisted operations').toEqual([]);
  });

  it('shows the Chinese chrome', async () => {
    const response = await openPage('/workbench');
    expect(response?.headers()['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self';");

    await expect.poll(() => page.title()).toBe('联防协同平台 · 分析工作台');
    expect(await page.locator('header h1').textContent()).toBe('联防协同平台 · 分析工作台');
    const current = page.getByRole('navigation', { name: '页面' }).getByRole('link', { name: '分析工作台' });
    expect(await current.getAttribute('aria-current')).toBe('page');
    for (const heading of ['导出结果', '保存的查询', '示例查询']) {
      await expect.poll(() => page.getByRole('heading', { name: heading }).count()).toBe(1);
    }
    expect(await page.getByTestId('saved-queries').textContent()).toContain('还没有保存的查询。');
    await waitForEditor();
    expect(await page.locator('.graphiql-logo').textContent()).toBe('GraphQL 查询');
    await expect.poll(() => page.locator('.graphiql-query-editor').textContent()).toContain('分析工作台');
  });

  it('runs an example and exports CSV and GeoJSON', async () => {
    await openPage('/workbench');
    await waitForEditor();
    await page.getByRole('button', { name: '某街道近 30 天警情' }).click();
    await expect.poll(() => activeTab()).toBe('StreetIncidentsLast30Days');
    await runQuery();

    await expect.poll(() => record.graphqlVariables.get('StreetIncidentsLast30Days')).toBeDefined();
    const variables = record.graphqlVariables.get('StreetIncidentsLast30Days') ?? {};
    expect(variables.street).toBe('320509001');
    const { incidents } = await graphql<{ incidents: { totalCount: number } }>(
      'query($street: ID!, $from: DateTime!) { incidents(orgUnit: $street, from: $from, first: 500) { totalCount } }',
      variables,
    );
    expect(incidents.totalCount).toBeGreaterThan(0);
    const summary = page.getByTestId('export-summary');
    await expect
      .poll(() => summary.textContent())
      .toContain(`可导出 ${incidents.totalCount} 行（来自 incidents.edges）`);
    expect(await summary.textContent()).toContain('最近一次运行：StreetIncidentsLast30Days');
    await expect.poll(() => responseText()).toContain('松陵街道');
    await page.screenshot({ path: join(ARTIFACTS, 'workbench.png') });

    const csv = await download('导出 CSV');
    expect(csv.name).toMatch(/^查询结果-StreetIncidentsLast30Days-\d{8}-\d{6}\.csv$/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual(BOM);
    const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'id,category,status,occurredAt,location.type,location.coordinates,orgUnit.name,address.text,address',
    );
    expect(lines).toHaveLength(incidents.totalCount + 1);
    expect(lines[1]).toMatch(/^I320509-\d+,[A-Z_]+,[A-Z_]+,20\d\d-.*,Point,"\[1[12]\d\.\d+,3\d\.\d+\]"/);
    expect(lines.join('\n')).toContain('松陵街道');
    await expect.poll(() => panelMessage('export-message')).toBe(`status: 已导出 ${incidents.totalCount} 行 CSV。`);

    const geojson = await download('导出 GeoJSON');
    expect(geojson.name).toMatch(/\.geojson$/);
    const collection = JSON.parse(geojson.bytes.toString('utf8'));
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(incidents.totalCount);
    expect(collection.features[0].geometry.type).toBe('Point');
    expect(collection.features[0].properties['orgUnit.name']).toMatch(/\p{Script=Han}/u);
  });

  it('shows Chinese descriptions in the docs', async () => {
    await openPage('/workbench');
    await waitForEditor();
    await page.getByRole('button', { name: DOCS_BUTTON }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByRole('link', { name: 'OrgUnit', exact: true }).click();
    await expect.poll(() => docs.textContent()).toContain('组织单元：区、街道、社区或网格');
    expect(await docs.textContent()).toContain('行政区划代码');
  });

  it('saves, renames, loads and deletes a query', async () => {
    await openPage('/workbench');
    await waitForEditor();
    await page.getByRole('button', { name: '交界地带热点' }).click();
    await expect.poll(() => activeTab()).toBe('BorderZoneHotspots');

    // An edit typed into the editor reaches the saved query.
    await page.locator('.graphiql-query-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# note');
    const saved = page.getByTestId('saved-queries');
    await saved.getByLabel('名称').fill('  吴江—嘉善热点  ');
    await expect
      .poll(async () => {
        const draft = await page.evaluate(
          (key) => (globalThis as unknown as PageGlobals).localStorage.getItem(key),
          DRAFT_KEY,
        );
        return draft ?? '';
      })
      .toContain('# note');
    await saved.getByRole('button', { name: '保存当前查询' }).click();
    await expect.poll(() => panelMessage('saved-message')).toBe('status: 已保存「吴江—嘉善热点」。');
    const [entry] = await storedQueries();
    expect(entry?.name).toBe('吴江—嘉善热点');
    expect(entry?.query).toContain('query BorderZoneHotspots');
    expect(entry?.query).toContain('# note');
    expect(JSON.parse(entry?.variables ?? '{}').zone).toBe('BZ-320509-330421');

    await page.reload();
    const item = saved.getByRole('listitem').filter({ hasText: '吴江—嘉善热点' });
    await expect.poll(() => item.count()).toBe(1);

    await item.getByRole('button', { name: '重命名' }).click();
    await saved.getByLabel('新名称').fill('交界热点');
    await saved.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => panelMessage('saved-message')).toBe('status: 已重命名为「交界热点」。');

    // Loading opens the saved query in GraphiQL, which then runs it with the saved variables.
    await waitForEditor();
    await page.getByRole('button', { name: '某街道近 30 天警情' }).click();
    await expect.poll(() => activeTab()).toBe('StreetIncidentsLast30Days');
    const renamed = saved.getByRole('listitem').filter({ hasText: '交界热点' });
    await renamed.getByRole('button', { name: '载入' }).click();
    await expect.poll(() => activeTab()).toBe('BorderZoneHotspots');
    await expect.poll(() => panelMessage('saved-message')).toBe('status: 已在新标签页中载入「交界热点」。');
    await runQuery();
    await expect.poll(() => record.graphqlVariables.get('BorderZoneHotspots')?.zone).toBe('BZ-320509-330421');
    await expect.poll(() => page.getByTestId('export-summary').textContent()).toContain('（来自 borderHotspots）');

    await renamed.getByRole('button', { name: '删除' }).click();
    expect(await renamed.textContent()).toContain('确定删除「交界热点」？');
    await renamed.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => saved.textContent()).toContain('还没有保存的查询。');
    expect(await storedQueries()).toEqual([]);
  });

  it('rejects an empty name and a taken name', async () => {
    await openPage('/workbench');
    await waitForEditor();
    const saved = page.getByTestId('saved-queries');
    await saved.getByRole('button', { name: '保存当前查询' }).click();
    await expect.poll(() => panelMessage('saved-message')).toBe('alert: 请输入名称。');

    for (const name of ['甲', '乙']) {
      await saved.getByLabel('名称').fill(name);
      await saved.getByRole('button', { name: '保存当前查询' }).click();
      await expect.poll(() => panelMessage('saved-message')).toBe(`status: 已保存「${name}」。`);
    }
    await saved.getByRole('listitem').filter({ hasText: '乙' }).getByRole('button', { name: '重命名' }).click();
    await saved.getByLabel('新名称').fill('甲');
    await saved.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => panelMessage('saved-message')).toBe('alert: 已有名为「甲」的查询，请换一个名称。');
    expect((await storedQueries()).map((entry) => entry.name)).toEqual(['乙', '甲']);
  });

  it('shows a gateway error and a failed export in Chinese', async () => {
    const query = '{\n  incidents(orgUnit: "320509", first: 5000) {\n    totalCount\n  }\n}\n';
    await openPage('/workbench', { query, variables: '' });
    await waitForEditor();
    await page.getByRole('button', { name: '导出 CSV' }).click();
    await expect.poll(() => panelMessage('export-message')).toBe('alert: 还没有可导出的结果，请先运行查询。');

    await runQuery();
    await expect.poll(() => responseText()).toContain('first 须为 1 到 1000');
    await page.getByRole('button', { name: '导出 CSV' }).click();
    await expect.poll(() => panelMessage('export-message')).toMatch(/^alert: 最近一次运行没有返回数据/);
  });

  it('reports a result without a list', async () => {
    const query = '{\n  orgUnit(code: "320509") {\n    name\n    level\n  }\n}\n';
    await openPage('/workbench', { query, variables: '' });
    await waitForEditor();
    await runQuery();
    await expect.poll(() => responseText()).toContain('吴江区');
    await page.getByRole('button', { name: '导出 GeoJSON' }).click();
    await expect.poll(() => panelMessage('export-message')).toMatch(/^alert: 结果中没有列表，无法导出/);
  });

  it('switches to English and back', async () => {
    await openPage('/workbench');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('header h1').textContent()).toBe('Lianfang · Analyst Workbench');
    await expect.poll(() => page.title()).toBe('Lianfang · Analyst Workbench');
    expect(await page.getByRole('heading', { name: 'Saved queries' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Situation Map' }).count()).toBe(1);

    await page.reload();
    await expect.poll(() => page.locator('header h1').textContent()).toBe('Lianfang · Analyst Workbench');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.title()).toBe('联防协同平台 · 分析工作台');
  });

  it('links from the map without loading the workbench there', async () => {
    await openPage('/');
    await expect.poll(() => page.locator('header h1').textContent()).toBe('联防协同平台 · 态势图');
    // The map page keeps the live updates stream open, so Playwright's `networkidle` never arrives there.
    await waitForRequestsIdle(page);
    const workbenchFiles = record.requests.filter((url) => /WorkbenchPage|monaco|graphiql/i.test(url));
    expect(workbenchFiles).toEqual([]);

    await page.getByRole('link', { name: '分析工作台' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/workbench');
    await expect.poll(() => page.title()).toBe('联防协同平台 · 分析工作台');
    await waitForEditor();
  });
});
