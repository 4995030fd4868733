import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { workspaceRoot } from '@lianfang/db';
import { DEMO_PASSWORD } from '@lianfang/gateway';
import type { RunningHub } from '@lianfang/hub';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appOperation } from '../support/operations.js';
import {
  type BrowserHub,
  closeHubPage,
  gatewayQuery,
  type OpenedPage,
  openHubPage,
  startBrowserHub,
  waitForMapIdle,
} from './support.js';

const ARTIFACTS = join(workspaceRoot, 'tests', 'artifacts');
/** Grid of the demo account `grid.worker`, in 松陵街道, the street of `fire.staff`. */
const GRID = '320509001001001';

let session: BrowserHub;
let hub: RunningHub;
let opened: OpenedPage | undefined;
let page: Page;

beforeAll(async () => {
  session = await startBrowserHub();
  hub = session.hub;
}, 300_000);

afterAll(async () => {
  await session?.stop();
});

afterEach(async () => {
  await closeHubPage(opened, session);
  opened = undefined;
});

async function loginToken(username: string): Promise<string> {
  const response = await fetch(`${hub.gateway.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Generates a valid 8-bit RGB PNG of one colour. */
function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Uploads a photo as the phone does, with `POST /api/photos`, and returns its id. */
async function uploadPhoto(token: string): Promise<string> {
  const response = await fetch(`${hub.gateway.url}/api/photos`, {
    method: 'POST',
    headers: { 'content-type': 'image/png', authorization: `Bearer ${token}` },
    body: solidPng(32, 24, [220, 60, 30]),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Submits a fire hazard report with one photo as the grid worker and returns the event's id. */
async function submitFireReport(description: string): Promise<string> {
  const token = await loginToken('grid.worker');
  const photoId = await uploadPhoto(token);
  const { orgUnit } = await gatewayQuery<{ orgUnit: { labelPoint: { coordinates: [number, number] } } }>(
    hub,
    'query($code: ID!) { orgUnit(code: $code) { labelPoint } }',
    { code: GRID },
  );
  const [longitude, latitude] = orgUnit.labelPoint.coordinates;
  const response = await fetch(`${hub.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: appOperation('SubmitReport'),
      variables: {
        input: {
          idempotencyKey: `tasks-${Date.now()}-${Math.random().toString(36).slice(2)}`,
          description,
          location: { longitude, latitude, crs: 'WGS84', source: 'DEVICE' },
          photoIds: [photoId],
        },
      },
    }),
  });
  const answer = (await response.json()) as { data?: { submitReport: { event: { id: string } } }; errors?: unknown };
  if (!answer.data) throw new Error(`submitReport failed: ${JSON.stringify(answer.errors)}`);
  return answer.data.submitReport.event.id;
}

/** Opens the map as the fire station's staff and returns the task list entry of the event's fire task. */
async function openFireTask(eventId: string): Promise<Locator> {
  opened = await openHubPage(session, '/', {}, undefined, 'fire.staff');
  page = opened.page;
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
    expect(await entry.textContent()).toContain('待签收');
    await entry.click();

    const details = page.getByTestId('event-details');
    await expect.poll(() => details.getAttribute('data-event')).toBe(eventId);
    // The photo needs the bearer token, so it is shown from a blob: URL.
    const photo = details.locator('img.event-photo');
    await photo.waitFor({ timeout: 10_000 });
    expect(await photo.getAttribute('src')).toMatch(/^blob:/);
    expect(await photo.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBe(32);

    const card = fireTaskCard();
    await card.getByTestId('action-ACCEPT').click();
    await expect.poll(() => card.getByTestId('task-status').textContent(), { timeout: 10_000 }).toBe('已签收');
    await expect.poll(timelineActions).toContain('ACCEPT');
    const accepted = page.locator('[data-testid="timeline-entry"][data-action="ACCEPT"]');
    expect(await accepted.textContent()).toContain('消防救援站工作人员');
    expect(await accepted.textContent()).toContain('待签收 → 已签收');
    expect((await timelineActions())[0]).toBe('REPORT');
    const fireDispatch = page
      .locator('[data-testid="timeline-entry"][data-action="DISPATCH"]')
      .filter({ hasText: '派单 · 消防' });
    expect(await fireDispatch.locator('.timeline-details').textContent()).toMatch(
      /^处置期限 \d+ 分钟 · 职责清单第 \d+ 版$/,
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

  it('filters overdue tasks', async () => {
    const eventId = await submitFireReport('楼道里堆着煤气罐和纸箱');
    await openFireTask(eventId);
    await page.getByTestId('task-filter-overdue').click();
    const list = page.getByTestId('task-list');
    // A task dispatched just now is within its deadline, so the overdue list leaves it out.
    await expect.poll(() => opened?.record.graphqlVariables.get('TaskList')?.overdueOnly).toBe(true);
    await expect.poll(() => list.locator(`[data-event="${eventId}"]`).count()).toBe(0);
    const items = await list.locator('li').count();
    expect(await list.locator('.overdue-flag').count()).toBe(items);
  });
});
