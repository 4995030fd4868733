import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type OperationAnswer, runAppOperation, sendAppOperation } from '../support/operations.js';
import { labelPoint, loginToken, useBrowserHub } from './suite.js';
import { foreignRequests, waitForMapIdle } from './support.js';

const ARTIFACTS = join(workspaceRoot, 'tests', 'artifacts');
/** Grid of the demo account `grid.worker`, inside 松陵街道 (320509001), the street of `street.commander`. */
const GRID = '320509001001001';
/** Time from the submission's response until the commander's open map must show the event, in milliseconds. */
const LIVE_BUDGET_MS = 2000;

const suite = useBrowserHub();

type SubmitAnswer = OperationAnswer<{
  submitReport: {
    replayed: boolean;
    event: { id: string; status: string; tasks: { id: string; department: string }[] };
  };
}>;

/** Sends the app's persisted SubmitReport operation through the gateway as the grid worker. */
async function submitReport(token: string, description: string, position: [number, number]): Promise<SubmitAnswer> {
  const answer: SubmitAnswer = await sendAppOperation(
    suite.hub.gateway.url,
    { authorization: `Bearer ${token}` },
    'SubmitReport',
    {
      input: {
        idempotencyKey: `live-map-${Date.now()}-${Math.random().toString(36).slice(2)}`,
        description,
        location: { longitude: position[0], latitude: position[1], crs: 'WGS84', source: 'MAP' },
        photoIds: [],
      },
    },
  );
  expect(answer.status).toBe(200);
  return answer;
}

/** Sends the app's persisted ActOnTask operation through the gateway and fails on any error. */
async function actOnTask(token: string, taskId: string, action: string): Promise<void> {
  await runAppOperation(suite.hub.gateway.url, { authorization: `Bearer ${token}` }, 'ActOnTask', {
    input: { taskId, action },
  });
}

/** Resolves once the events layer draws a marker with `id`. */
function waitForEventMarker(target: Page, id: string, timeout: number) {
  return target.waitForFunction(
    (eventId) => {
      type Feature = { properties: Record<string, unknown> };
      const map = (
        globalThis as unknown as {
          __lianfangMap?: { queryRenderedFeatures(options: { layers: string[] }): Feature[] };
        }
      ).__lianfangMap;
      return map?.queryRenderedFeatures({ layers: ['event-points'] }).some((f) => f.properties.id === eventId) ?? false;
    },
    id,
    { timeout, polling: 50 },
  );
}

describe('live map', () => {
  it('shows a new report without reload', async () => {
    const opened = await suite.open('/', {}, undefined, 'street.commander');
    const { page } = opened;
    await waitForMapIdle(page);
    const indicator = page.getByTestId('live-indicator');
    await expect.poll(() => indicator.getAttribute('data-status'), { timeout: 10_000 }).toBe('live');
    expect(await indicator.textContent()).toBe('实时');
    // The live stream stays open, so the page never reaches network idle. The events tab shows a count once loaded.
    await expect.poll(() => page.getByTestId('tab-events').textContent()).toMatch(/^事件（\d+）$/);
    // A full reload would drop this marker, so its presence at the end proves the page stayed.
    await page.evaluate(() => {
      (globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });

    const token = await loginToken(suite.hub, 'grid.worker');
    const position = await labelPoint(suite.hub, GRID);
    const answer = await submitReport(token, '楼道里堆放了两个煤气罐，堵住了安全出口', position);
    const answeredAt = Date.now();
    expect(answer.errors).toBeUndefined();
    const event = answer.data?.submitReport.event;
    if (!event) throw new Error(`submitReport returned no event: ${JSON.stringify(answer)}`);
    expect(answer.data?.submitReport.replayed).toBe(false);

    await waitForEventMarker(page, event.id, LIVE_BUDGET_MS);
    await page
      .getByTestId(`event-item-${event.id}`)
      .waitFor({ timeout: Math.max(1, answeredAt + LIVE_BUDGET_MS - Date.now()) });
    const elapsed = Date.now() - answeredAt;
    expect(elapsed).toBeLessThanOrEqual(LIVE_BUDGET_MS);

    const sameDocument = await page.evaluate(
      () => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument === true,
    );
    expect(sameDocument).toBe(true);
    expect(await page.getByTestId(`event-item-${event.id}`).textContent()).toContain('消防安全隐患');
    await page.screenshot({ path: join(ARTIFACTS, 'live-map.png') });
    expect(foreignRequests(opened.record, suite.hub.gateway.url)).toEqual([]);
  });

  it('opens the event details from the marker', async () => {
    const { page } = await suite.open('/', {}, undefined, 'street.commander');
    await waitForMapIdle(page);
    const token = await loginToken(suite.hub, 'grid.worker');
    // About 20 m east of the first test's report, so the two markers do not cover each other.
    const [longitude, latitude] = await labelPoint(suite.hub, GRID);
    const answer = await submitReport(token, '小区门口有人聚集吵闹，深夜噪声扰民', [longitude + 0.0002, latitude]);
    const id = answer.data?.submitReport.event.id;
    if (!id) throw new Error(`submitReport returned no event: ${JSON.stringify(answer)}`);

    await waitForEventMarker(page, id, 10_000);
    // At zoom 17 one pixel is about 1 m, so the two reports' markers lie about 20 px apart.
    await page.evaluate(
      (lngLat) => {
        const map = (globalThis as unknown as { __lianfangMap: { jumpTo(options: object): void } }).__lianfangMap;
        map.jumpTo({ center: lngLat, zoom: 17 });
      },
      [longitude + 0.0002, latitude],
    );
    await waitForEventMarker(page, id, 10_000);
    await waitForMapIdle(page);
    const point = await page.evaluate((eventId) => {
      type Feature = { properties: Record<string, unknown>; geometry: { coordinates: [number, number] } };
      const map = (
        globalThis as unknown as {
          __lianfangMap: {
            queryRenderedFeatures(options: { layers: string[] }): Feature[];
            project(lngLat: [number, number]): { x: number; y: number };
          };
        }
      ).__lianfangMap;
      const feature = map.queryRenderedFeatures({ layers: ['event-points'] }).find((f) => f.properties.id === eventId);
      return feature ? map.project(feature.geometry.coordinates) : null;
    }, id);
    if (!point) throw new Error(`event ${id} has no marker`);
    const canvas = await page.locator('canvas.maplibregl-canvas').boundingBox();
    if (!canvas) throw new Error('the map has no canvas');
    await page.mouse.click(canvas.x + point.x, canvas.y + point.y);

    const details = page.getByTestId('event-details');
    await expect.poll(() => details.getAttribute('data-event'), { timeout: 10_000 }).toBe(id);
    await details.getByTestId('timeline').waitFor();
    expect(await details.locator('.event-description').textContent()).toBe('小区门口有人聚集吵闹，深夜噪声扰民');
    const actions = await details
      .getByTestId('timeline-entry')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-action')));
    expect(actions[0]).toBe('REPORT');
  });

  it('updates the open event after a task action', async () => {
    const { page } = await suite.open('/', {}, undefined, 'street.commander');
    await waitForMapIdle(page);
    await expect.poll(() => page.getByTestId('live-indicator').getAttribute('data-status')).toBe('live');
    const [longitude, latitude] = await labelPoint(suite.hub, GRID);
    const answer = await submitReport(await loginToken(suite.hub, 'grid.worker'), '楼道里有人存放煤气罐', [
      longitude - 0.0002,
      latitude,
    ]);
    const event = answer.data?.submitReport.event;
    const fireTask = event?.tasks.find((task) => task.department === 'fire');
    if (!event || !fireTask) throw new Error(`no fire task was dispatched: ${JSON.stringify(answer)}`);

    const item = page.getByTestId(`event-item-${event.id}`);
    await item.waitFor({ timeout: 10_000 });
    await item.click();
    const details = page.getByTestId('event-details');
    await details.getByTestId('timeline').waitFor();
    const accepted = details.locator('[data-testid="timeline-entry"][data-action="ACCEPT"]');
    expect(await accepted.count()).toBe(0);

    await actOnTask(await loginToken(suite.hub, 'fire.staff'), fireTask.id, 'ACCEPT');
    await accepted.waitFor({ timeout: 5000 });
    expect(await accepted.textContent()).toContain('消防救援站工作人员');
    await details.getByTestId(`task-${fireTask.id}`).getByText('已签收').waitFor({ timeout: 5000 });
  });
});
