import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { solidPng } from '../support/images.js';
import { labelPoint, useBrowserHub } from './suite.js';
import { gatewayQuery } from './support.js';

const ARTIFACTS = join(workspaceRoot, 'tests', 'artifacts');
/** Grid of the demo account `grid.worker`. */
const GRID = '320509001001001';
/** A street of 吴江区 far from the grid worker's grid: 盛泽镇. */
const OTHER_STREET = '320509105';
const FIRE_DESCRIPTION = '3 号楼二单元楼道里堆放了两个煤气罐，堵住了安全出口';

const suite = useBrowserHub();
let page: Page;

/** Opens the report page on a phone-sized viewport with touch, signed in as `user`. */
async function openPhonePage(user: string, options: BrowserContextOptions = {}): Promise<void> {
  ({ page } = await suite.open(
    '/report',
    { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, ...options },
    undefined,
    user,
  ));
}

/** Taps the report page's map at a WGS84 position once the map has fitted the grid. */
async function tapPickMap(position: [number, number]): Promise<void> {
  const handle = await page.waitForFunction(
    (lngLat) => {
      const map = (
        globalThis as unknown as {
          __lianfangPickMap?: {
            loaded(): boolean;
            isMoving(): boolean;
            getZoom(): number;
            project(p: [number, number]): { x: number; y: number };
          };
        }
      ).__lianfangPickMap;
      // The map starts at zoom 10 over the district and fits the grid (zoom 14 or more) once its boundary loads.
      if (!map?.loaded() || map.isMoving() || map.getZoom() < 13) return false;
      return map.project(lngLat);
    },
    position,
    { timeout: 20_000, polling: 100 },
  );
  const point = (await handle.jsonValue()) as { x: number; y: number };
  const box = await page.getByTestId('pick-map').boundingBox();
  if (!box) throw new Error('the pick map has no box');
  await page.getByTestId('pick-map').scrollIntoViewIfNeeded();
  const scrolled = await page.getByTestId('pick-map').boundingBox();
  if (!scrolled) throw new Error('the pick map has no box');
  await page.mouse.click(scrolled.x + point.x, scrolled.y + point.y);
}

interface StoredEvent {
  id: string;
  description: string;
  category: string;
  location: { coordinates: [number, number] };
  outsideGridReason: string | null;
  photos: { id: string; contentType: string }[];
  tasks: { department: string }[];
}

async function storedEvent(id: string): Promise<StoredEvent> {
  const { event } = await gatewayQuery<{ event: StoredEvent }>(
    suite.hub,
    `query($id: ID!) {
      event(id: $id) {
        id description category location outsideGridReason
        photos { id contentType }
        tasks { department }
      }
    }`,
    { id },
  );
  return event;
}

describe('report page', () => {
  it('submits a photo report from a phone', async () => {
    await openPhonePage('grid.worker');
    await page.getByTestId('photo-input').setInputFiles({
      name: 'stairwell.png',
      mimeType: 'image/png',
      buffer: solidPng(64, 48, [200, 80, 40]),
    });
    await expect.poll(() => page.getByTestId('photo-list').locator('img').count()).toBe(1);
    expect(await page.getByTestId('photo-list').locator('img').getAttribute('src')).toMatch(/^blob:/);

    await page.getByTestId('description').fill(FIRE_DESCRIPTION);
    const category = page.getByTestId('suggested-category');
    await expect.poll(() => category.textContent(), { timeout: 10_000 }).toBe('消防安全隐患');
    expect(await page.getByTestId('suggestion-reason').textContent()).toContain('煤气罐');

    const position = await labelPoint(suite.hub, GRID);
    await tapPickMap(position);
    const summary = page.getByTestId('location-summary');
    await expect.poll(() => summary.textContent()).toContain('地图选点');
    const longitude = Number(await page.getByTestId('longitude').inputValue());
    const latitude = Number(await page.getByTestId('latitude').inputValue());
    // One screen pixel at zoom 14 or more is under 10 m, i.e. 0.0001°.
    expect(Math.abs(longitude - position[0])).toBeLessThan(0.0005);
    expect(Math.abs(latitude - position[1])).toBeLessThan(0.0005);
    // The header sticks to the top of the viewport, so the full-page screenshot starts from the top.
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'report-form.png'), fullPage: true });

    await page.getByTestId('submit-report').click();
    const result = page.getByTestId('report-result');
    await result.waitFor({ timeout: 20_000 });
    const id = (await page.getByTestId('event-id').textContent()) ?? '';
    expect(id).not.toBe('');
    expect(await page.getByTestId('event-status').textContent()).toBe('已派单');
    expect(await page.getByTestId('result-tasks').textContent()).toContain('消防');
    await page.screenshot({ path: join(ARTIFACTS, 'report-result.png'), fullPage: true });

    const event = await storedEvent(id);
    expect(event.description).toBe(FIRE_DESCRIPTION);
    expect(event.category).toBe('FIRE_HAZARD');
    expect(event.photos).toHaveLength(1);
    expect(event.photos[0]?.contentType).toBe('image/png');
    expect(Math.abs(event.location.coordinates[0] - longitude)).toBeLessThan(1e-6);
    expect(event.tasks.map((task) => task.department)).toContain('fire');
    // The stored draft is gone, so the next report gets a new idempotency key.
    const draft = await page.evaluate(() =>
      (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem(
        'lianfang.reportDraft',
      ),
    );
    expect(draft).toBeNull();
  });

  it('rejects a wrong file type in Chinese', async () => {
    await openPhonePage('grid.worker');
    await page.getByTestId('photo-input').setInputFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('不是照片') },
      { name: 'scan.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') },
    ]);
    const errors = page.getByTestId('photo-error');
    await expect.poll(() => errors.count()).toBe(2);
    expect(await errors.nth(0).textContent()).toBe('“notes.txt”不是 JPEG、PNG 或 WebP 图片，未添加。');
    expect(await errors.nth(1).textContent()).toContain('scan.gif');
    expect(await page.getByTestId('photo-list').locator('li').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'report-wrong-type.png') });
  });

  it('rejects a seventh photo and a large one', async () => {
    await openPhonePage('grid.worker');
    const photo = (index: number) => ({
      name: `photo-${index}.png`,
      mimeType: 'image/png',
      buffer: solidPng(8, 8, [index * 30, 100, 100]),
    });
    await page.getByTestId('photo-input').setInputFiles([1, 2, 3, 4, 5, 6, 7].map(photo));
    await expect.poll(() => page.getByTestId('photo-list').locator('img').count()).toBe(6);
    expect(await page.getByTestId('photo-error').textContent()).toBe('最多 6 张照片，“photo-7.png”未添加。');
    await page.getByRole('button', { name: '删除照片 photo-1.png' }).click();
    await expect.poll(() => page.getByTestId('photo-list').locator('img').count()).toBe(5);

    const large = Buffer.alloc(8 * 1024 * 1024 + 1);
    solidPng(8, 8, [0, 0, 0]).copy(large);
    await page.getByTestId('photo-input').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: large });
    await expect
      .poll(() => page.getByTestId('photo-error').textContent())
      .toBe('“huge.png”超过 8 MiB，未添加；请压缩后重试。');
    expect(await page.getByTestId('photo-list').locator('img').count()).toBe(5);
  });

  it('rejects a fake JPEG on pick', async () => {
    await openPhonePage('grid.worker');
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/photos')) uploads.push(request.method());
    });
    await page.getByTestId('photo-input').setInputFiles([
      { name: 'fake.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('这不是照片，只是改了扩展名的文本') },
      { name: 'real.png', mimeType: 'image/png', buffer: solidPng(8, 8, [10, 20, 30]) },
    ]);
    const errors = page.getByTestId('photo-error');
    await expect.poll(() => errors.count()).toBe(1);
    expect(await errors.textContent()).toBe('“fake.jpg”不是 JPEG、PNG 或 WebP 图片，未添加。');
    await expect.poll(() => page.getByTestId('photo-list').locator('li').count()).toBe(1);
    expect(await page.locator('.photos legend').textContent()).toBe('现场照片（1/6）');
    expect(await page.locator('.photos .hint').textContent()).toContain('每张不超过 8 MiB');
    expect(uploads).toHaveLength(0);
  });

  it('offers every report flag', async () => {
    await openPhonePage('grid.worker');
    const labels = await page.locator('.flags label').evaluateAll((items) => items.map((item) => item.textContent));
    expect(labels).toEqual(['儿童需要救助', '老人需要救助', '重复上报', '媒体关注']);
  });

  it('uploads and submits once on a double tap', async () => {
    await openPhonePage('grid.worker');
    const uploads: string[] = [];
    const submits: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/photos') && request.method() === 'POST') uploads.push(request.url());
      if (request.url().endsWith('/graphql') && request.postData()?.includes('"SubmitReport"')) submits.push('x');
    });
    await page.getByTestId('photo-input').setInputFiles({
      name: 'cylinder.png',
      mimeType: 'image/png',
      buffer: solidPng(16, 16, [120, 60, 30]),
    });
    await expect.poll(() => page.getByTestId('photo-list').locator('img').count()).toBe(1);
    await page.getByTestId('description').fill(FIRE_DESCRIPTION);
    const position = await labelPoint(suite.hub, GRID);
    await page.getByTestId('longitude').fill(String(position[0]));
    await page.getByTestId('latitude').fill(String(position[1]));
    // Two submits in one task, faster than React can render the disabled button.
    await page.getByTestId('submit-report').evaluate((button) => {
      (button as unknown as { click(): void }).click();
      (button as unknown as { click(): void }).click();
    });
    await page.getByTestId('report-result').waitFor({ timeout: 20_000 });
    const event = await storedEvent((await page.getByTestId('event-id').textContent()) ?? '');
    expect(event.photos).toHaveLength(1);
    expect(uploads).toHaveLength(1);
    expect(submits).toHaveLength(1);
  });

  it('uses the device location with its accuracy', async () => {
    const position = await labelPoint(suite.hub, GRID);
    await openPhonePage('grid.worker', {
      geolocation: { longitude: position[0], latitude: position[1], accuracy: 12 },
      permissions: ['geolocation'],
    });
    await page.getByRole('button', { name: '使用当前位置' }).click();
    await expect.poll(() => page.getByTestId('location-accuracy').textContent()).toBe('定位精度约 12 米');
    // The text fields follow the fix one render after the accuracy line, so their value is polled too.
    await expect.poll(async () => Number(await page.getByTestId('longitude').inputValue())).toBeCloseTo(position[0], 5);
    expect(await page.getByTestId('location-summary').textContent()).toContain('设备定位');
  });

  it('asks for a reason outside the grid', async () => {
    await openPhonePage('grid.worker');
    const submits: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql') && request.postData()?.includes('"SubmitReport"')) submits.push('x');
    });
    const inside = await labelPoint(suite.hub, GRID);
    const elsewhere = await labelPoint(suite.hub, OTHER_STREET);
    await page.getByTestId('description').fill('路边有人私搭乱建，占用人行道');
    await page.getByLabel('坐标系（手动输入时选择）').selectOption('CGCS2000');
    await page.getByTestId('longitude').fill(String(inside[0]));
    await page.getByTestId('latitude').fill(String(inside[1]));
    // The page checks against the grid outline, which has arrived once the pick map has fitted it.
    await page.waitForFunction(
      () => {
        const map = (globalThis as unknown as { __lianfangPickMap?: { getZoom(): number; isMoving(): boolean } })
          .__lianfangPickMap;
        return map !== undefined && !map.isMoving() && map.getZoom() >= 13;
      },
      undefined,
      { timeout: 20_000, polling: 100 },
    );
    expect(await page.getByTestId('outside-grid').count()).toBe(0);
    expect(await page.getByTestId('location-summary').textContent()).toContain('手动输入 · CGCS2000');
    expect(await page.getByTestId('location-summary').textContent()).not.toContain('设备定位');

    // The reason field appears as soon as the typed point leaves the grid, before any submit.
    await page.getByTestId('longitude').fill(String(elsewhere[0]));
    await page.getByTestId('latitude').fill(String(elsewhere[1]));
    const reason = page.getByTestId('outside-grid-reason');
    await reason.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('outside-grid').textContent()).toContain('位置不在本人网格内');
    expect(submits).toHaveLength(0);

    await page.getByTestId('submit-report').click();
    const error = page.getByTestId('report-error');
    expect(await error.textContent()).toBe('请说明在网格外上报的原因（2–500 字）。');
    expect(await page.locator('body').textContent()).not.toContain('outsideGridReason');
    expect(submits).toHaveLength(0);

    await reason.fill('路过相邻街道时发现');
    await page.getByTestId('submit-report').click();
    await page.getByTestId('report-result').waitFor({ timeout: 20_000 });
    const event = await storedEvent((await page.getByTestId('event-id').textContent()) ?? '');
    expect(event.outsideGridReason).toBe('路过相邻街道时发现');
  });

  it('resends after a reload with the same key', async () => {
    await openPhonePage('grid.worker');
    const keys: string[] = [];
    let failNext = true;
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as {
        operationName?: string;
        variables?: { input?: { idempotencyKey?: string } };
      };
      if (body.operationName !== 'SubmitReport') return route.continue();
      keys.push(body.variables?.input?.idempotencyKey ?? '');
      if (failNext) {
        // The server stores the event, but the page never receives the response.
        failNext = false;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await page.getByTestId('description').fill(FIRE_DESCRIPTION);
    const position = await labelPoint(suite.hub, GRID);
    await page.getByTestId('longitude').fill(String(position[0]));
    await page.getByTestId('latitude').fill(String(position[1]));
    await page.getByTestId('submit-report').click();
    await expect
      .poll(() => page.getByTestId('report-error').textContent(), { timeout: 10_000 })
      .toBe('无法连接服务器，请检查网络后重试；再次提交不会重复上报。');

    await page.reload();
    await page.getByTestId('description').waitFor();
    expect(await page.getByTestId('description').inputValue()).toBe(FIRE_DESCRIPTION);
    await page.getByTestId('submit-report').click();
    await page.getByTestId('report-result').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('report-result').locator('h2').textContent()).toBe(
      '该事件已上报过（重复提交只保留一次）',
    );
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[0]?.length).toBeGreaterThanOrEqual(8);
    // The aborted request logs a network error in the console. This test provokes that failure on purpose.
    suite.opened?.record.errors.splice(0);
  });

  it('recovers when an edited draft reuses its key', async () => {
    await openPhonePage('grid.worker');
    const keys: string[] = [];
    let firstEventId = '';
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as {
        operationName?: string;
        variables?: { input?: { idempotencyKey?: string } };
      };
      if (body.operationName !== 'SubmitReport') return route.continue();
      keys.push(body.variables?.input?.idempotencyKey ?? '');
      if (keys.length > 1) return route.continue();
      // The server stores the event, but the page never receives the response.
      const response = await route.fetch();
      const answer = (await response.json()) as { data: { submitReport: { event: { id: string } } } };
      firstEventId = answer.data.submitReport.event.id;
      return route.abort('connectionreset');
    });
    await page.getByTestId('photo-input').setInputFiles({
      name: 'first.png',
      mimeType: 'image/png',
      buffer: solidPng(16, 16, [200, 10, 10]),
    });
    await expect.poll(() => page.getByTestId('photo-list').locator('img').count()).toBe(1);
    await page.getByTestId('description').fill(FIRE_DESCRIPTION);
    const position = await labelPoint(suite.hub, GRID);
    await page.getByTestId('longitude').fill(String(position[0]));
    await page.getByTestId('latitude').fill(String(position[1]));
    await page.getByTestId('submit-report').click();
    await expect
      .poll(() => page.getByTestId('report-error').textContent(), { timeout: 10_000 })
      .toBe('无法连接服务器，请检查网络后重试；再次提交不会重复上报。');
    expect(firstEventId).not.toBe('');

    // The worker edits the text and adds a photo, then submits the changed draft under the same key.
    const edited = '5 号楼楼道里还有一辆电动车在充电';
    await page.getByTestId('description').fill(edited);
    await page.getByTestId('photo-input').setInputFiles({
      name: 'second.png',
      mimeType: 'image/png',
      buffer: solidPng(16, 16, [10, 200, 10]),
    });
    await expect.poll(() => page.getByTestId('photo-list').locator('li').count()).toBe(2);
    await page.getByTestId('submit-report').click();
    const notice = page.getByTestId('key-reused');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toContain(`您之前提交的上报已被接收，事件编号 ${firstEventId}`);
    await expect.poll(() => page.getByTestId('key-reused-event').textContent()).toContain(FIRE_DESCRIPTION);
    expect(await page.getByTestId('start-new').textContent()).toBe('开始新的上报');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);

    await page.getByTestId('submit-as-new').click();
    await page.getByTestId('report-result').waitFor({ timeout: 20_000 });
    const secondId = (await page.getByTestId('event-id').textContent()) ?? '';
    expect(secondId).not.toBe(firstEventId);
    expect(keys).toHaveLength(3);
    expect(keys[2]).not.toBe(keys[0]);

    const first = await storedEvent(firstEventId);
    const second = await storedEvent(secondId);
    expect(first.description).toBe(FIRE_DESCRIPTION);
    expect(first.photos).toHaveLength(1);
    expect(second.description).toBe(edited);
    // Only the photo the first event does not hold goes with the new report.
    expect(second.photos).toHaveLength(1);
    expect(second.photos[0]?.id).not.toBe(first.photos[0]?.id);
    suite.opened?.record.errors.splice(0);
  });

  it('discards the draft for a new one', async () => {
    await openPhonePage('grid.worker');
    await page.getByTestId('description').fill('楼道里有人私拉电线');
    const before = await page.evaluate(
      () =>
        JSON.parse(
          (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem(
            'lianfang.reportDraft',
          ) ?? '{}',
        ).idempotencyKey as string,
    );
    await page.getByTestId('discard-draft').click();
    await expect.poll(() => page.getByTestId('description').inputValue()).toBe('');
    const after = await page.evaluate(
      () =>
        JSON.parse(
          (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem(
            'lianfang.reportDraft',
          ) ?? '{}',
        ).idempotencyKey as string,
    );
    expect(after).not.toBe(before);
  });

  it('shows a notice to other roles', async () => {
    await openPhonePage('street.commander');
    const notice = page.getByTestId('report-denied');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('事件上报页面只供网格员使用');
    expect(await page.getByTestId('submit-report').count()).toBe(0);
  });
});
