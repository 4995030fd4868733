import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import type { RunningHub } from '@lianfang/hub';
import type { Identity } from '@lianfang/subgraph-kit';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { formatRate } from '../../web/src/assessment/format.js';
import { latestFinishedQuarter } from '../../web/src/assessment/quarters.js';
import type { AssessmentRow } from '../../web/src/graphql/events.js';
import { IDENTITIES } from '../support/access.js';
import { runAppOperation } from '../support/operations.js';
import { useBrowserHub } from './suite.js';

const ARTIFACTS = join(workspaceRoot, 'tests', 'artifacts');
/** The quarter the page opens with; the hub's demo history ends today, so this quarter is complete. */
const QUARTER = latestFinishedQuarter(new Date()).id;

const suite = useBrowserHub();

/** Runs the app's Assessment operation through the gateway as `identity`, as the page does. */
async function assessmentRows(
  hub: RunningHub,
  grouping: 'DEPARTMENT' | 'STREET',
  identity: Identity = IDENTITIES.districtCommander,
): Promise<AssessmentRow[]> {
  const token = await hub.issueToken(identity);
  const data = await runAppOperation<{ assessment: { rows: AssessmentRow[] } }>(
    hub.gateway.url,
    { authorization: `Bearer ${token}` },
    'Assessment',
    { orgUnit: identity.orgUnit, quarter: QUARTER, grouping },
  );
  return data.assessment.rows;
}

/** Reads the table the page shows: one array of cell texts per row, in the order of the columns. */
async function shownRows(): Promise<string[][]> {
  const page = suite.opened?.page;
  if (!page) throw new Error('no page is open');
  await page.getByTestId('assessment-table').waitFor({ timeout: 20_000 });
  return page
    .locator('[data-testid="assessment-table"] tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [
        row.getAttribute('data-key') ?? '',
        ...[...row.children].map((cell) => cell.textContent ?? ''),
      ]),
    );
}

describe('assessment page', () => {
  it('ranks departments with the figures of the API', async () => {
    const opened = await suite.open('/assessment');
    const expected = await assessmentRows(suite.hub, 'DEPARTMENT');
    expect(expected.length).toBeGreaterThanOrEqual(4);
    const shown = await shownRows();
    expect(shown.map((row) => row[0])).toEqual(expected.map((row) => row.key));
    for (const [index, row] of expected.entries()) {
      const cells = shown[index] as string[];
      expect(cells[1], `rank of ${row.key}`).toBe(String(row.rank));
      expect(cells.slice(3, 8), `counts of ${row.key}`).toEqual(
        [row.received, row.onTime, row.overdue, row.open, row.handedOn].map(String),
      );
      expect(row.received, `sum of ${row.key}`).toBe(row.onTime + row.overdue + row.open + row.handedOn);
      expect(cells[8], `rate of ${row.key}`).toBe(formatRate(row.onTimeRate));
      expect(cells[10], `reopened of ${row.key}`).toBe(String(row.reopened));
    }
    expect(await opened.page.getByTestId('assessment-footnote').textContent()).toBe(
      '收到 = 按期办结 + 逾期 + 未办结 + 转办/退回/上报；按期办结率 = 按期办结 ÷（收到 − 转办/退回/上报 − 未办结）。',
    );
    expect(shown.find((row) => row[0] === 'fire')?.[2]).toBe('消防');
    expect(await opened.page.getByTestId('quarter').inputValue()).toBe(QUARTER);
    await opened.page.locator('[data-testid="assessment-chart"] canvas').first().waitFor();
    expect(await opened.page.locator('[data-testid="assessment-chart"] canvas').count()).toBeGreaterThan(0);
    await opened.page.screenshot({ path: join(ARTIFACTS, 'assessment-departments.png'), fullPage: true });
  });

  it('ranks the streets of the district', async () => {
    const opened = await suite.open('/assessment');
    await opened.page.getByTestId('assessment-table').waitFor({ timeout: 20_000 });
    await opened.page.getByRole('button', { name: '按街道' }).click();
    const expected = await assessmentRows(suite.hub, 'STREET');
    expect(expected.length).toBeGreaterThanOrEqual(10);
    await opened.page.locator(`[data-testid="assessment-table"] tbody tr[data-key="${expected[0]?.key}"]`).waitFor();
    const rows = opened.page.locator('[data-testid="assessment-table"] tbody tr');
    await expect.poll(() => rows.count()).toBe(expected.length);
    const shown = await shownRows();
    expect(shown.map((row) => row[0])).toEqual(expected.map((row) => row.key));
    expect(shown.map((row) => row[2])).toEqual(expected.map((row) => row.name));
    expect(shown.every((row) => /^320509\d{3}$/.test(row[0] ?? ''))).toBe(true);
    await opened.page.screenshot({ path: join(ARTIFACTS, 'assessment-streets.png'), fullPage: true });
  });

  it('exports the table as CSV', async () => {
    const opened = await suite.open('/assessment');
    await opened.page.getByTestId('assessment-table').waitFor({ timeout: 20_000 });
    const expected = await assessmentRows(suite.hub, 'DEPARTMENT');
    const [download] = await Promise.all([
      opened.page.waitForEvent('download'),
      opened.page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`lianfang-assessment-320509-${QUARTER}-department.csv`);
    const text = await readFile((await download.path()) as string, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(1).trim(), { newline: '\r\n' });
    const [header, ...body] = parsed.data;
    expect(header).toEqual([
      '季度',
      '名次',
      '代码',
      '名称',
      '收到',
      '按期办结',
      '逾期',
      '未办结',
      '转办/退回/上报',
      '按期办结率（%）',
      '平均处置时长（小时）',
      '重新处置',
    ]);
    expect(body.map((row) => row[2])).toEqual(expected.map((row) => row.key));
    expect(body.map((row) => row[8])).toEqual(expected.map((row) => String(row.handedOn)));
    // The rate as the table shows it, without the sign that the header carries.
    expect(body.map((row) => `${row[9]}%`)).toEqual(expected.map((row) => formatRate(row.onTimeRate)));
    expect(body.map((row) => row[10])).toEqual(
      expected.map((row) =>
        row.averageHandlingMinutes === null ? '' : (Math.round((row.averageHandlingMinutes / 60) * 10) / 10).toFixed(1),
      ),
    );
    expect(body.some((row) => /^\d+\.\d$/.test(row[10] ?? ''))).toBe(true);
    expect(body.every((row) => row[0] === QUARTER)).toBe(true);
  });

  it('shows a notice instead of the ranking to a police analyst', async () => {
    const opened = await suite.open('/assessment', {}, undefined, 'police.analyst');
    await opened.page.getByTestId('assessment-denied').waitFor();
    expect(await opened.page.getByTestId('assessment-table').count()).toBe(0);
    expect(opened.record.graphqlVariables.has('Assessment')).toBe(false);
    expect(await opened.page.locator('.page-nav a[href="/assessment"]').count()).toBe(0);
  });

  it('links the pages a commander may use', async () => {
    const opened = await suite.open('/assessment');
    const links = await opened.page
      .locator('.page-nav a')
      .evaluateAll((anchors) => anchors.map((anchor) => [anchor.getAttribute('href'), anchor.textContent]));
    expect(links).toEqual([
      ['/', '态势图'],
      ['/assessment', '考核统计'],
      ['/duties', '职责清单'],
    ]);
    expect(await opened.page.locator('.page-nav a[aria-current="page"]').textContent()).toBe('考核统计');
  });
});
