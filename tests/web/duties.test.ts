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

  it('shows the deadline error with a valid note', async () => {
    const before = fireRule(await rulesInForce(suite.hub));
    const opened = await suite.open('/duties');
    const card = opened.page.locator(FIRE_CARD);
    await card.waitFor({ timeout: 20_000 });
    await card.getByTestId('edit-rule').click();
    const deadline = card.getByTestId('deadline-input').first();
    const problems = card.getByTestId('rule-problems');

    // The first save without a note leaves the note problem on screen.
    await card.getByTestId('save-rule').click();
    expect(await problems.textContent()).toContain('请填写 2–200 字的修改说明');
    await card.getByTestId('change-note').fill(CHANGE_NOTE);
    for (const value of ['0', '-30', '1.5']) {
      await deadline.fill(value);
      expect(await card.getByTestId('deadline-error').first().textContent(), value).toBe(
        '须为 1–525600 之间的整数分钟',
      );
      expect(await deadline.getAttribute('aria-invalid'), value).toBe('true');
      await card.getByTestId('save-rule').click();
      await expect.poll(() => problems.textContent()).toContain(`期限须为 1–525600 之间的整数分钟`);
      expect(await problems.textContent(), value).not.toContain('修改说明');
    }
    expect(opened.record.graphqlVariables.has('SetResponsibilityRule')).toBe(false);
    await deadline.fill('30');
    expect(await card.getByTestId('deadline-error').count()).toBe(0);
    expect(fireRule(await rulesInForce(suite.hub)).version).toBe(before.version);
  });

  it('offers notification conditions as a list', async () => {
    const opened = await suite.open('/duties');
    const card = opened.page.locator('[data-testid="rule-card"]').filter({ hasText: '知会' }).first();
    await card.waitFor({ timeout: 20_000 });
    expect(await card.getByTestId('rule-changed').textContent()).toMatch(/^账号 \S+ 修改于/);
    // Notification lines put the level before the department, so no bracket opens inside another.
    const lines = await opened.page.locator('[data-testid="rule-card"] ul.plain li').allTextContents();
    expect(lines.some((line) => /^(区|乡镇（街道）|村（社区）).+：/.test(line))).toBe(true);
    for (const line of lines) expect(line).not.toMatch(/（[^）]*（/);
    await opened.page.getByTestId('edit-rule').first().click();
    const editor = opened.page.getByTestId('rule-editor');
    await editor.getByRole('button', { name: '添加' }).last().click();
    const when = editor.getByTestId('notify-when').last();
    const options = await when
      .locator('option')
      .evaluateAll((items) => items.map((item) => [item.getAttribute('value'), item.textContent]));
    expect(options).toEqual([
      ['ALWAYS', '每起事件'],
      ['CHILD_NEEDS_AID', '事件标记为“儿童需要救助”时'],
      ['ELDERLY_NEEDS_AID', '事件标记为“老人需要救助”时'],
      ['REPEAT_REPORT', '事件标记为“重复上报”时'],
      ['MEDIA_ATTENTION', '事件标记为“媒体关注”时'],
    ]);
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
