import type { RunningHub } from '@lianfang/hub';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUDITOR_EXAMPLE_QUERIES, EXAMPLE_QUERIES } from '../../web/src/workbench/examples.js';
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
} from './support.js';

/** GraphiQL 5's accessible names for its own buttons; GraphiQL has no Chinese translation. */
const RUN_BUTTON = 'Execute query (Ctrl-Enter)';
const DOCS_BUTTON = 'Show Documentation Explorer';
/** An address of the demo data with planted residents, whose ID numbers are personal data. */
const PLANTED_ADDRESS = 'A-PLANTED-ABNORMAL';

interface AccessLogPage {
  totalCount: number;
  entries: { id: string; userId: string; fields: string[] }[];
}

interface SentBody {
  operationName?: string;
  query?: string;
}

let session: BrowserHub;
let hub: RunningHub;
let context: BrowserContext;
let page: Page;
let record: PageRecord;
/** Bodies of the GraphQL requests of the current page. */
let sent: SentBody[];

beforeAll(async () => {
  session = await startBrowserHub();
  hub = session.hub;
}, 300_000);

afterAll(async () => {
  await session?.stop();
});

/** Sends a GraphQL request to the hub's gateway as the test auditor and returns the response body. */
async function auditorQuery<T>(query: string): Promise<{ data?: T; errors?: unknown[] }> {
  const token = await hub.issueToken(IDENTITIES.auditor);
  const response = await fetch(`${hub.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: T; errors?: unknown[] };
}

/** Opens `/workbench` in a new context and signs in as the demo account `user`. */
async function openWorkbench(user: string): Promise<void> {
  context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  record = recordPage(page);
  sent = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/graphql' && request.method() === 'POST') {
      sent.push(request.postDataJSON() as SentBody);
    }
  });
  await page.goto(`${hub.gateway.url}/workbench`);
  await login(page, user);
  await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 30_000 });
}

/** Returns the text the response pane shows; Monaco draws spaces as no-break spaces. */
async function responseText(): Promise<string> {
  const text = await page.locator('.graphiql-response').textContent();
  return (text ?? '').replaceAll('\u00a0', ' ');
}

/** Returns the titles of the example queries the panel lists. */
function exampleTitles(): Promise<string[]> {
  return page.getByTestId('example-queries').locator('button.link').allTextContents();
}

describe('auditor examples', () => {
  it.each(AUDITOR_EXAMPLE_QUERIES.map((example) => [example.key, example] as const))(
    '%s runs without errors',
    async (_key, example) => {
      const body = await auditorQuery<Record<string, unknown>>(example.query);
      expect(body.errors).toBeUndefined();
      expect(body.data).toBeDefined();
      for (const value of Object.values(body.data ?? {})) expect(value).not.toBeNull();
    },
  );
});

describe('auditor workbench', () => {
  afterEach(async () => {
    await record.settled();
    await context?.close();
    expect(foreignRequests(record, hub.gateway.url), 'requests to other origins').toEqual([]);
    expect(record.errors, 'console errors').toEqual([]);
    expect(persistedRefusals(record), 'refused persisted operations').toEqual([]);
    expect(record.refused, 'refused requests').toEqual([]);
  });

  it('starts without introspection', async () => {
    await openWorkbench('auditor');
    await page.waitForLoadState('networkidle');
    expect(sent.filter((body) => body.query?.includes('__schema'))).toEqual([]);
    expect(await page.getByRole('button', { name: DOCS_BUTTON }).count()).toBe(0);
    expect(await responseText()).not.toContain('INTROSPECTION_FORBIDDEN');
    await expect.poll(() => page.locator('.graphiql-query-editor').textContent()).toContain('审计员无权查看接口结构');
    expect(await page.locator('.graphiql-query-editor').textContent()).not.toContain('书本图标');
    expect(await page.getByTestId('without-schema').textContent()).toBe(
      '审计员无权查看接口结构（内省查询），所以编辑器不提供字段说明和自动补全。请从下列示例开始编写查询。',
    );
    expect(await exampleTitles()).toEqual(['最近的个人信息访问记录', '校验访问记录哈希链']);
  });

  it('runs the access log example', async () => {
    // A police analyst's read of ID numbers without a purpose is masked and recorded in the access log.
    await gatewayQuery(hub, `{ address(id: "${PLANTED_ADDRESS}") { residents { idNumber } } }`, {});
    const expected = await auditorQuery<{ accessLog: AccessLogPage }>(
      '{ accessLog(first: 50) { totalCount entries { id userId fields } } }',
    );
    const log = expected.data?.accessLog;
    if (!log) throw new Error(`accessLog failed: ${JSON.stringify(expected.errors)}`);
    const read = log.entries.find((entry) => entry.userId === IDENTITIES.districtPoliceAnalyst.sub);
    expect(read?.fields).toContain('Resident.idNumber');

    await openWorkbench('auditor');
    await page.getByRole('button', { name: '最近的个人信息访问记录' }).click();
    await expect
      .poll(() => page.locator('.graphiql-tab-active .graphiql-tab-button').textContent())
      .toBe('RecentAccessLog');
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().postDataJSON()?.operationName === 'RecentAccessLog'),
      page.getByRole('button', { name: RUN_BUTTON }).click(),
    ]);
    const body = (await response.json()) as { data?: { accessLog: AccessLogPage }; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    const entries = body.data?.accessLog.entries ?? [];
    expect(entries.map((entry) => entry.id)).toContain(read?.id);

    await expect.poll(() => responseText()).toContain('"totalCount"');
    const paneText = await responseText();
    expect(paneText).not.toContain('"errors"');
    expect(paneText).toContain(`"userId": "${IDENTITIES.districtPoliceAnalyst.sub}"`);
    expect(paneText).toContain('"Resident.idNumber"');
    // The log is read newest first, so the page holds the 50 latest records, the ones written since included.
    expect(entries.length).toBe(Math.min(50, body.data?.accessLog.totalCount ?? 0));
    await expect
      .poll(() => page.getByTestId('export-summary').textContent())
      .toContain(`可导出 ${entries.length} 行（来自 accessLog.entries）`);
  });

  it('keeps the analysts’ examples for analysts', async () => {
    await openWorkbench('district.analyst');
    expect(await exampleTitles()).toHaveLength(EXAMPLE_QUERIES.length);
    expect(await exampleTitles()).not.toContain('最近的个人信息访问记录');
    expect(await page.getByTestId('without-schema').count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: DOCS_BUTTON }).count()).toBe(1);
  });
});
