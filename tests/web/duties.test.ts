import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import type { RunningHub } from '@lianfang/hub';
import { describe, expect, it } from 'vitest';
import type { ResponsibilityRule } from '../../web/src/graphql/events.js';
import { IDENTITIES } from '../support/access.js';
import { runAppOperation } from '../support/operations.js';
import { useBrowserHub } from './suite.js';

const ARTIFACTS = join(workspaceRoot, 'tests', 'artifacts');
const FIRE_CARD = '[data-testid="rule-card"][data-category="FIRE_HAZARD"][data-severity="ALL"]';
const CHANGE_NOTE = '消防隐患须在 45 分钟内处置';

const suite = useBrowserHub();

/** Reads the rules in force through the gateway with the app's operation, as the district commander. */
async function rulesInForce(hub: RunningHub): Promise<ResponsibilityRule[]> {
  const token = await hub.issueToken(IDENTITIES.districtCommander);
  const data = await runAppOperation<{ responsibilityRules: ResponsibilityRule[] }>(
    hub.gateway.url,
    { authorization: `Bearer ${token}` },
    'ResponsibilityRules',
    {},
  );
  return data.responsibilityRules;
}

function fireRule(rules: ResponsibilityRule[]): ResponsibilityRule {
  const rule = rules.find((candidate) => candidate.category === 'FIRE_HAZARD' && candidate.severity === null);
  if (!rule) throw new Error('the shipped list has no FIRE_HAZARD rule for every severity');
  return rule;
}

describe('responsibility list page', () => {
  it('lists every rule in force with its steps', async () => {
    const opened = await suite.open('/duties');
    const rules = await rulesInForce(suite.hub);
    await opened.page.locator(FIRE_CARD).waitFor({ timeout: 20_000 });
    expect(await opened.page.getByTestId('rule-card').count()).toBe(rules.length);
    const card = opened.page.locator(FIRE_CARD);
    const steps = await card.locator('table.steps').first().locator('tbody tr').count();
    expect(steps).toBe(fireRule(rules).dispatch.length);
    expect(await card.locator('h3').textContent()).toBe('消防安全隐患 · 所有严重程度');
  });

  it('saves a changed deadline as the next version', async () => {
    const before = fireRule(await rulesInForce(suite.hub));
    const opened = await suite.open('/duties');
    const { page } = opened;
    const card = page.locator(FIRE_CARD);
    await card.waitFor({ timeout: 20_000 });
    expect(await card.getByTestId('rule-version').textContent()).toBe(`第 ${before.version} 版`);

    await card.getByTestId('edit-rule').click();
    await card.getByTestId('deadline-input').first().fill('45');
    await card.getByTestId('change-note').fill(CHANGE_NOTE);
    await page.screenshot({ path: join(ARTIFACTS, 'duties-editor.png'), fullPage: false });
    await card.getByTestId('save-rule').click();

    await card.getByTestId('rule-saved').waitFor({ timeout: 20_000 });
    expect(await card.getByTestId('rule-version').textContent()).toBe(`第 ${before.version + 1} 版`);
    expect(await card.getByTestId('step-deadline').first().textContent()).toBe('45 分钟');
    expect(await card.getByTestId('rule-changed').textContent()).toContain(CHANGE_NOTE);

    const after = fireRule(await rulesInForce(suite.hub));
    expect(after.version).toBe(before.version + 1);
    expect(after.dispatch[0]?.deadlineMinutes).toBe(45);
    expect(after.dispatch.slice(1)).toEqual(before.dispatch.slice(1));
    expect(after.changeNote).toBe(CHANGE_NOTE);

    await card.locator('summary').click();
    await card.getByTestId('rule-history').locator('li').nth(1).waitFor();
    expect(await card.getByTestId('rule-history').locator('li').count()).toBe(after.version);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'duties-saved.png'), fullPage: false });
  });

  it('asks for a change note before saving', async () => {
    const opened = await suite.open('/duties');
    const card = opened.page.locator(FIRE_CARD);
    await card.waitFor({ timeout: 20_000 });
    await card.getByTestId('edit-rule').click();
    await card.getByTestId('save-rule').click();
    expect(await card.getByTestId('rule-problems').textContent()).toContain('请填写 2–200 字的修改说明');
    expect(opened.record.graphqlVariables.has('SetResponsibilityRule')).toBe(false);
  });

  it('shows the subgraph validation error in Chinese', async () => {
    const before = fireRule(await rulesInForce(suite.hub));
    const opened = await suite.open('/duties');
    const card = opened.page.locator(FIRE_CARD);
    await card.waitFor({ timeout: 20_000 });
    await card.getByTestId('edit-rule').click();
    await card.getByRole('textbox', { name: '环节代码' }).first().fill('Fire Step');
    await card.getByTestId('change-note').fill('错误的环节代码');
    await card.getByTestId('save-rule').click();
    const problems = card.getByTestId('rule-problems');
    await problems.waitFor({ timeout: 20_000 });
    expect(await problems.textContent()).toMatch(/保存失败：.*环节名称须以小写字母开头/);
    expect(fireRule(await rulesInForce(suite.hub)).version).toBe(before.version);
  });

  it('offers no editor to a street commander', async () => {
    const opened = await suite.open('/duties', {}, undefined, 'street.commander');
    await opened.page.locator(FIRE_CARD).waitFor({ timeout: 20_000 });
    await opened.page.getByTestId('duties-read-only').waitFor();
    expect(await opened.page.getByTestId('edit-rule').count()).toBe(0);
    expect(await opened.page.getByTestId('rule-editor').count()).toBe(0);
    await opened.page.screenshot({ path: join(ARTIFACTS, 'duties-street.png'), fullPage: false });
  });

  it('links the report page for grid workers only', async () => {
    const opened = await suite.open('/assessment', {}, undefined, 'grid.worker');
    const links = await opened.page
      .locator('.page-nav a')
      .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
    expect(links).toEqual(['/', '/report']);
  });
});
