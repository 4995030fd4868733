import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { solidPng } from '../support/images.js';
import { runAppOperation } from '../support/operations.js';
import { labelPoint, loginToken, useBrowserHub } from './suite.js';
import { waitForMapIdle } from './support.js';

const ARTIFACTS = join(workspaceRoot, 'tests', 'artifacts');
/** Grid of the demo account `grid.worker`, in 松陵街道, the street of `fire.staff`. */
const GRID = '320509001001001';

const suite = useBrowserHub();
let page: Page;

/** Uploads a photo as the phone does, with `POST /api/photos`, and returns its id. */
async function uploadPhoto(token: string): Promise<string> {
  const response = await fetch(`${suite.hub.gateway.url}/api/photos`, {
    method: 'POST',
    headers: { 'content-type': 'image/png', authorization: `Bearer ${token}` },
    body: solidPng(32, 24, [220, 60, 30]),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Submits a fire hazard report with one photo as the grid worker and returns the event's id. */
async function submitFireReport(description: string): Promise<string> {
  const token = await loginToken(suite.hub, 'grid.worker');
  const photoId = await uploadPhoto(token);
  const [longitude, latitude] = await labelPoint(suite.hub, GRID);
  const data = await runAppOperation<{ submitReport: { event: { id: string } } }>(
    suite.hub.gateway.url,
    { authorization: `Bearer ${token}` },
    'SubmitReport',
    {
      input: {
        idempotencyKey: `tasks-${Date.now()}-${Math.random().toString(36).slice(2)}`,
        description,
        location: { longitude, latitude, crs: 'WGS84', source: 'DEVICE' },
        photoIds: [photoId],
      },
    },
  );
  return data.submitReport.event.id;
}

/** Opens the map as the fire station's staff and returns the task list entry of the event's fire task. */
async function openFireTask(eventId: string): Promise<Locator> {
  ({ page } = await suite.open('/', {}, undefined, 'fire.staff'));
  await waitForMapIdle(page);
  const entry = page.getByTestId('task-list').locator(`[data-event="${eventId}"]`);
  await entry.waitFor({ timeout: 20_000 });
  return entry;
}

/** Returns the fire department's task card in the open event's details. */
function fireTaskCard(): Locator {
  return page.getByTestId('event-details').locator('.task-card').filter({ hasText: '消防' });
}

async function timelineActions(): Promise<(string | null)[]> {
  return page
    .getByTestId('timeline-entry')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-action')));
}

describe('task list', () => {
  it('lets fire staff accept a task', async () => {
    const eventId = await submitFireReport('5 号楼楼道里放着一个煤气罐，旁边还有电动车充电');
    const entry = await openFireTask(eventId);
    expect(await entry.textContent()).toContain('消防');
    expect(await entry.textContent()).toContain('已派单');
    await entry.click();

    const details = page.getByTestId('event-details');
    await expect.poll(() => details.getAttribute('data-event')).toBe(eventId);
    // The photo needs the bearer token, so it is shown from a blob: URL.
    const photo = details.locator('img.event-photo');
    await photo.waitFor({ timeout: 10_000 });
    expect(await photo.getAttribute('src')).toMatch(/^blob:/);
    expect(await details.textContent()).toContain('· 上报时使用 WGS84（GPS 坐标）');
    expect(await photo.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBe(32);

    const card = fireTaskCard();
    await card.getByTestId('action-ACCEPT').click();
    await expect.poll(() => card.getByTestId('task-status').textContent(), { timeout: 10_000 }).toBe('已签收');
    await expect.poll(timelineActions).toContain('ACCEPT');
    const accepted = page.locator('[data-testid="timeline-entry"][data-action="ACCEPT"]');
    expect(await accepted.textContent()).toContain('消防救援站工作人员');
    expect(await accepted.textContent()).toContain('已派单 → 已签收');
    expect((await timelineActions())[0]).toBe('REPORT');
    const fireDispatch = page
      .locator('[data-testid="timeline-entry"][data-action="DISPATCH"]')
      .filter({ hasText: '派单 · 消防' });
    expect(await fireDispatch.locator('.timeline-details').textContent()).toMatch(
      /^处置期限 \d+ (分钟|小时|天) · 职责清单第 \d+ 版$/,
    );
    await accepted.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'tasks-accepted.png') });
    // The list follows the action without a reload.
    await expect.poll(() => entry.textContent()).toContain('已签收');
  });

  it('requires a note to resolve', async () => {
    const eventId = await submitFireReport('小区消防通道被杂物堵塞，灭火器过期');
    const entry = await openFireTask(eventId);
    await entry.click();
    const card = fireTaskCard();
    await card.getByTestId('action-ACCEPT').click();
    await card.getByTestId('action-START').waitFor({ timeout: 10_000 });
    await card.getByTestId('action-START').click();
    await card.getByTestId('action-RESOLVE').waitFor({ timeout: 10_000 });
    await card.getByTestId('action-RESOLVE').click();

    await card.getByTestId('action-confirm').click();
    expect(await card.getByRole('alert').textContent()).toBe('请填写说明（2–2000 字）。');
    await card.getByTestId('action-note').fill('已清理杂物，更换灭火器 2 具');
    await card.getByTestId('action-confirm').click();
    await expect.poll(() => card.getByTestId('task-status').textContent(), { timeout: 10_000 }).toBe('已办结');
    const resolved = page.locator('[data-testid="timeline-entry"][data-action="RESOLVE"]');
    await resolved.waitFor();
    expect(await resolved.textContent()).toContain('已清理杂物，更换灭火器 2 具');
    expect(await timelineActions()).toEqual(expect.arrayContaining(['REPORT', 'ACCEPT', 'START', 'RESOLVE']));
  });

  it('names added flags in the timeline', async () => {
    const eventId = await submitFireReport('楼道里有人私拉电线给电动车充电，附近住着独居老人');
    const staffToken = await loginToken(suite.hub, 'fire.staff');
    const headers = { authorization: `Bearer ${staffToken}` };
    const details = await runAppOperation<{ event: { tasks: { id: string; department: string }[] } }>(
      suite.hub.gateway.url,
      headers,
      'EventDetails',
      { id: eventId },
    );
    const fireTask = details.event.tasks.find((task) => task.department === 'fire');
    expect(fireTask).toBeDefined();
    await runAppOperation(suite.hub.gateway.url, headers, 'ActOnTask', {
      input: { taskId: fireTask?.id, action: 'ACCEPT', flags: ['ELDERLY_NEEDS_AID', 'MEDIA_ATTENTION'] },
    });

    const entry = await openFireTask(eventId);
    await entry.click();
    const flagged = page.locator('[data-testid="timeline-entry"][data-action="FLAG"]');
    await flagged.waitFor({ timeout: 10_000 });
    expect(await flagged.locator('.timeline-action').textContent()).toBe('添加标记 · 消防');
    expect(await flagged.locator('.timeline-details').textContent()).toBe('标记：老人需要救助、媒体关注');
  });

  it('filters overdue tasks', async () => {
    const eventId = await submitFireReport('楼道里堆着煤气罐和纸箱');
    await openFireTask(eventId);
    await page.getByTestId('task-filter-overdue').click();
    const list = page.getByTestId('task-list');
    // A task dispatched just now is within its deadline, so the overdue list leaves it out.
    await expect.poll(() => suite.opened?.record.graphqlVariables.get('TaskList')?.overdueOnly).toBe(true);
    await expect.poll(() => list.locator(`[data-event="${eventId}"]`).count()).toBe(0);
    const items = await list.locator('li').count();
    expect(await list.locator('.overdue-flag').count()).toBe(items);
  });
});
