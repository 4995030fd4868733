import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import type { RunningHub } from '@lianfang/hub';
import Papa from 'papaparse';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserHub,
  closeHubPage,
  gatewayQuery,
  type OpenedPage,
  openHubPage,
  type PageRecord,
  renderedFeatureIds,
  renderedIncidents,
  startBrowserHub,
  waitForMapIdle,
  waitForRequestsIdle,
} from './support.js';

const ARTIFACTS = join(workspaceRoot, 'tests', 'artifacts');
const DAY = 86_400_000;

let session: BrowserHub;
let hub: RunningHub;
let opened: OpenedPage | undefined;
let page: Page;
let record: PageRecord;
/** Persisted-operation hash of every GraphQL request the page sent, by operation name. */
let operations: Map<string, Set<string>>;

beforeAll(async () => {
  session = await startBrowserHub();
  hub = session.hub;
}, 300_000);

afterAll(async () => {
  await session?.stop();
});

/**
 * Records the operation of each GraphQL request, to check that panning and playing keep one operation. The app
 * sends persisted operations by hash, so the hash stands for the text.
 */
function recordOperations(context: BrowserContext): Promise<void> {
  operations = new Map();
  context.on('request', (request) => {
    type Body = { operationName?: string; extensions?: { persistedQuery?: { sha256Hash?: string } } };
    const body = request.method() === 'POST' ? (request.postDataJSON() as Body) : null;
    const hash = body?.extensions?.persistedQuery?.sha256Hash;
    if (!body?.operationName || !hash) return;
    const hashes = operations.get(body.operationName) ?? new Set();
    hashes.add(hash);
    operations.set(body.operationName, hashes);
  });
  return Promise.resolve();
}

async function openPage(path: string): Promise<void> {
  opened = await openHubPage(
    session,
    path,
    { viewport: { width: 1440, height: 900 }, acceptDownloads: true },
    recordOperations,
  );
  ({ page, record } = opened);
}

afterEach(async () => {
  await closeHubPage(opened, session);
  opened = undefined;
});

function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  return gatewayQuery<T>(hub, query, variables);
}

const GRID_TOTAL = `query($code: ID!, $bbox: [Float!]!, $zoom: Float!, $from: DateTime!, $to: DateTime!, $pointLimit: Int!) {
  incidentGrid(orgUnit: $code, bbox: $bbox, zoom: $zoom, from: $from, to: $to, pointLimit: $pointLimit) { totalCount }
}`;

/** Waits for the page's latest grid request to settle and returns its variables and the gateway's total for them. */
async function latestGrid(): Promise<{ variables: Record<string, unknown>; totalCount: number }> {
  // The map sends its first grid request after its style loads, which can come after the first network lull.
  await expect.poll(() => record.graphqlVariables.has('SituationMapIncidentGrid'), { timeout: 20_000 }).toBe(true);
  await waitForMapIdle(page);
  await waitForRequestsIdle(page);
  const variables = record.graphqlVariables.get('SituationMapIncidentGrid');
  if (!variables) throw new Error('the page sent no SituationMapIncidentGrid query');
  const { incidentGrid } = await graphql<{ incidentGrid: { totalCount: number } }>(GRID_TOTAL, variables);
  return { variables, totalCount: incidentGrid.totalCount };
}

function spanDays(variables: Record<string, unknown>): number {
  return (Date.parse(String(variables.to)) - Date.parse(String(variables.from))) / DAY;
}

describe('incident period and display', () => {
  it('switches to 30 days and matches the gateway count', async () => {
    await openPage('/');
    const week = await latestGrid();
    expect(spanDays(week.variables)).toBe(7);

    await page.getByTestId('window-30d').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('window')).toBe('30d');
    await expect.poll(async () => spanDays((await latestGrid()).variables)).toBe(30);
    const month = await latestGrid();
    expect(month.totalCount).toBeGreaterThan(week.totalCount);
    await expect.poll(() => page.getByTestId('count-incidents').textContent()).toBe(String(month.totalCount));
    expect((await renderedIncidents(page)).total).toBe(month.totalCount);
  });

  it('plays the window forward with one operation text', async () => {
    await openPage('/?window=7d');
    await latestGrid();
    const before = Date.parse(String(record.graphqlVariables.get('SituationMapIncidentGrid')?.to));

    await page.getByTestId('play').click();
    // Playing from the present restarts at the slider's start, 90 days back, then moves a day per step.
    await expect
      .poll(() => Date.parse(String(record.graphqlVariables.get('SituationMapIncidentGrid')?.to)), { timeout: 10_000 })
      .toBeLessThan(before - 80 * DAY);
    const first = Date.parse(String(record.graphqlVariables.get('SituationMapIncidentGrid')?.to));
    await expect
      .poll(() => Date.parse(String(record.graphqlVariables.get('SituationMapIncidentGrid')?.to)), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(first + 2 * DAY);
    await page.getByTestId('play').click();

    const variables = record.graphqlVariables.get('SituationMapIncidentGrid') ?? {};
    expect(spanDays(variables)).toBe(7);
    expect(new URL(page.url()).searchParams.get('window')).toBe('custom');
    expect(operations.get('SituationMapIncidentGrid')?.size).toBe(1);
  });

  it('pans with the same operation and new variables', async () => {
    await openPage('/?unit=320509001');
    const start = await latestGrid();
    await page.evaluate(() =>
      (
        globalThis as unknown as { __lianfangMap: { panBy(offset: [number, number], o: object): void } }
      ).__lianfangMap.panBy([300, 0], { duration: 0 }),
    );
    await expect
      .poll(async () => JSON.stringify((await latestGrid()).variables.bbox))
      .not.toBe(JSON.stringify(start.variables.bbox));
    const panned = await latestGrid();
    await expect.poll(() => page.getByTestId('count-incidents').textContent()).toBe(String(panned.totalCount));
    expect(operations.get('SituationMapIncidentGrid')?.size).toBe(1);
  });

  it('shows the heatmap instead of points', async () => {
    await openPage('/?window=30d');
    await latestGrid();
    await page.getByTestId('mode-heatmap').click();
    const layout = (layer: string) =>
      page.evaluate(
        (id) =>
          (
            globalThis as unknown as { __lianfangMap: { getLayoutProperty(id: string, name: string): unknown } }
          ).__lianfangMap.getLayoutProperty(id, 'visibility'),
        layer,
      );
    await expect.poll(() => layout('incident-heat')).toBe('visible');
    await expect.poll(() => page.locator('.layers').textContent()).toContain('警情密度（左疏右密）');
    expect(await page.locator('.layers').textContent()).not.toContain('警情聚合');
    expect(await layout('incident-points')).toBe('none');
    expect(await layout('incident-clusters')).toBe('none');
    const heatPoints = await page.evaluate(
      () =>
        (
          globalThis as unknown as { __lianfangMap: { querySourceFeatures(id: string): unknown[] } }
        ).__lianfangMap.querySourceFeatures('incident-heat').length,
    );
    expect(heatPoints).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'map-heatmap.png') });
  });
});

interface AddressAnswer {
  address: {
    residents: { name: string; idNumber: string }[];
    rental: { rooms: number; tenants: number } | null;
    enterprises: { name: string }[];
    utilityUsage: { month: string; electricityKwh: number }[];
  };
}

describe('address details', () => {
  it('opens from a rental on the map with federated values', async () => {
    await openPage('/?unit=320509105');
    const ids = await renderedFeatureIds(page, ['rental-points'], 1);
    expect(ids).toContain('H-PLANTED-SUBDIVIDED');
    const point = await page.evaluate(() => {
      type Map = {
        querySourceFeatures(id: string): { properties: { id: string }; geometry: { coordinates: [number, number] } }[];
        project(lngLat: [number, number]): { x: number; y: number };
      };
      const map = (globalThis as unknown as { __lianfangMap: Map }).__lianfangMap;
      const feature = map.querySourceFeatures('rentals').find((item) => item.properties.id === 'H-PLANTED-SUBDIVIDED');
      if (!feature) return null;
      return map.project(feature.geometry.coordinates);
    });
    if (!point) throw new Error('the rental H-PLANTED-SUBDIVIDED is not in the rentals source');
    const canvas = await page.locator('canvas.maplibregl-canvas').boundingBox();
    if (!canvas) throw new Error('the map canvas has no size');
    await page.mouse.click(canvas.x + point.x, canvas.y + point.y);

    await expect.poll(() => new URL(page.url()).searchParams.get('address')).toBe('A-PLANTED-SUBDIVIDED');
    const panel = page.getByTestId('address-panel');
    await expect.poll(() => panel.getByTestId('rental').textContent()).toContain('检查不合格');
    const rentalText = (await panel.getByTestId('rental').textContent()) ?? '';
    expect(rentalText).toContain('24');
    expect(rentalText).toContain('31');
    await page.screenshot({ path: join(ARTIFACTS, 'map-address.png') });
  });

  it('shows masked residents, enterprises, usage and nearby incidents', async () => {
    await openPage('/?unit=320509001&window=30d&address=A-PLANTED-ABNORMAL');
    const { address } = await graphql<AddressAnswer>(
      `{ address(id: "A-PLANTED-ABNORMAL") {
        residents { name idNumber } rental { rooms tenants } enterprises { name } utilityUsage(months: 12) { month electricityKwh }
      } }`,
    );
    const panel = page.getByTestId('address-panel');
    const residentRows = panel.getByTestId('residents').locator('tbody tr');
    await expect.poll(() => residentRows.count(), { timeout: 15_000 }).toBe(9);
    const idNumbers = await panel.getByTestId('residents').locator('tbody tr td:nth-child(2)').allTextContents();
    expect(idNumbers.sort()).toEqual(address.residents.map((resident) => resident.idNumber).sort());
    for (const idNumber of idNumbers) expect(idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    // The district commander is in governance, which never reads residents raw, so no purpose form is offered.
    expect(await panel.getByTestId('mask-hint').first().textContent()).toBe('已脱敏：仅公安部门可查看原文');
    expect(await panel.getByTestId('purpose').count()).toBe(0);

    const enterprises = (await panel.getByTestId('enterprises').textContent()) ?? '';
    for (const enterprise of address.enterprises) expect(enterprises).toContain(enterprise.name);
    expect(enterprises).toContain('未开业');

    const usageRows = await panel.getByTestId('usage-table').locator('tbody tr').allTextContents();
    expect(usageRows).toHaveLength(address.utilityUsage.length);
    const last = address.utilityUsage.at(-1);
    expect(usageRows.at(-1)).toContain(String(last?.electricityKwh));
    const chartCanvas = await panel.getByTestId('usage-chart').locator('canvas').boundingBox();
    expect(chartCanvas?.height).toBeGreaterThan(100);

    const variables = record.graphqlVariables.get('SituationMapAddress') ?? {};
    expect(variables.radius).toBe(500);
    await panel.getByTestId('radius').selectOption('2000');
    await expect.poll(() => record.graphqlVariables.get('SituationMapAddress')?.radius).toBe(2000);
    const { address: expected } = await graphql<{ address: { location: { coordinates: [number, number] } } }>(
      '{ address(id: "A-PLANTED-ABNORMAL") { location } }',
    );
    const [lon, lat] = expected.location.coordinates;
    const { incidentsNear } = await graphql<{ incidentsNear: { id: string }[] }>(
      `query($lon: Float!, $lat: Float!, $from: DateTime!, $to: DateTime!) {
        incidentsNear(lon: $lon, lat: $lat, radiusMetres: 2000, from: $from, to: $to, first: 100) { id }
      }`,
      { lon, lat, from: variables.from, to: variables.to },
    );
    await expect
      .poll(() => panel.getByTestId('nearby-count').textContent())
      .toBe(`半径 2000 米内共 ${incidentsNear.length} 起`);
  });

  it('marks the open address and its radius on the map', async () => {
    await openPage('/?unit=320509001&address=A-PLANTED-ABNORMAL');
    await expect.poll(() => page.getByTestId('address-text').count()).toBe(1);
    const focus = () =>
      page.evaluate(() => {
        type Feature = { geometry: { type: string } };
        const map = (globalThis as unknown as { __lianfangMap: { querySourceFeatures(id: string): Feature[] } })
          .__lianfangMap;
        return map.querySourceFeatures('address-focus').map((feature) => feature.geometry.type);
      });
    await expect.poll(async () => [...new Set(await focus())].sort()).toEqual(['Point', 'Polygon']);
    await page.getByTestId('address-panel').getByRole('button', { name: '关闭地址详情' }).click();
    await expect.poll(async () => (await focus()).length).toBe(0);
  });

  it('reports an unknown address id', async () => {
    await openPage('/?address=A-NO-SUCH-ADDRESS');
    await expect
      .poll(() => page.getByTestId('address-panel').textContent())
      .toContain('未找到编号为 A-NO-SUCH-ADDRESS');
  });
});

describe('area popups', () => {
  it('opens one popup on a hotspot and stays on the unit', async () => {
    await openPage('/?unit=320509&window=30d');
    await renderedFeatureIds(page, ['hotspot-fill'], 1);
    await page.getByTestId('toggle-incidents').uncheck();
    await page.getByTestId('toggle-rentals').uncheck();
    await waitForMapIdle(page);
    const point = await page.evaluate(() => {
      type Feature = { geometry: { coordinates: [number, number][][] } };
      const map = (
        globalThis as unknown as {
          __lianfangMap: {
            queryRenderedFeatures(o: { layers: string[] }): Feature[];
            project(lngLat: [number, number]): { x: number; y: number };
          };
        }
      ).__lianfangMap;
      const ring = map.queryRenderedFeatures({ layers: ['hotspot-fill'] })[0]?.geometry.coordinates[0] ?? [];
      const [lon, lat] = ring.reduce(([x, y], [px, py]) => [x + px / ring.length, y + py / ring.length], [0, 0]);
      return map.project([lon, lat]);
    });
    const canvas = await page.locator('canvas.maplibregl-canvas').boundingBox();
    if (!canvas) throw new Error('the map canvas has no size');
    await page.mouse.click(canvas.x + point.x, canvas.y + point.y);

    await expect.poll(() => page.locator('.maplibregl-popup').count()).toBe(1);
    expect(await page.locator('.maplibregl-popup').textContent()).toContain('警情热点');
    expect(new URL(page.url()).searchParams.get('unit')).toBe('320509');
  });
});

describe('spatial filter', () => {
  it('counts the incidents and addresses inside a drawn polygon', async () => {
    await openPage('/?unit=320509&window=30d');
    await latestGrid();
    const canvas = await page.locator('canvas.maplibregl-canvas').boundingBox();
    if (!canvas) throw new Error('the map canvas has no size');
    // A quadrilateral over the middle of the district view.
    const corners: [number, number][] = [
      [0.3, 0.3],
      [0.7, 0.28],
      [0.72, 0.7],
      [0.32, 0.68],
    ];
    const pixels = corners.map(([x, y]) => [canvas.x + x * canvas.width, canvas.y + y * canvas.height] as const);

    await page.getByTestId('draw-polygon').click();
    for (const [x, y] of pixels) {
      await page.mouse.move(x, y, { steps: 4 });
      await page.mouse.click(x, y);
    }
    const [firstX, firstY] = pixels[0] as readonly [number, number];
    await page.mouse.move(firstX, firstY, { steps: 4 });
    await page.mouse.click(firstX, firstY);

    await expect.poll(() => record.graphqlVariables.get('SituationMapArea')).toBeDefined();
    const variables = record.graphqlVariables.get('SituationMapArea') ?? {};
    const within = variables.within as { type: string; coordinates: [number, number][][] };
    expect(within.type).toBe('Polygon');
    expect(within.coordinates[0]).toHaveLength(5);

    const answer = await graphql<{ incidents: { totalCount: number }; addresses: { totalCount: number } }>(
      `query($code: ID!, $from: DateTime!, $to: DateTime!, $within: GeoJSON!) {
        incidents(orgUnit: $code, from: $from, to: $to, within: $within) { totalCount }
        addresses(orgUnit: $code, within: $within) { totalCount }
      }`,
      { code: variables.code, from: variables.from, to: variables.to, within },
    );
    expect(answer.incidents.totalCount).toBeGreaterThan(0);
    expect(answer.addresses.totalCount).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('area-incident-count').textContent())
      .toBe(`范围内警情（当前时段）：${answer.incidents.totalCount} 起`);
    await expect
      .poll(() => page.getByTestId('area-address-count').textContent())
      .toBe(`范围内标准地址：${answer.addresses.totalCount} 处`);
    await page.screenshot({ path: join(ARTIFACTS, 'map-area.png') });

    // The export of a drawn area holds only features that meet the area.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const exported = Papa.parse<string[]>((await readFile(await download.path())).toString('utf8').slice(1), {
      newline: '\r\n',
    }).data;
    const exportedIncidents = exported.filter((row) => row[0] === '警情');
    expect(exportedIncidents).toHaveLength(answer.incidents.totalCount);
    const ring = within.coordinates[0] ?? [];
    const lons = ring.map(([lon]) => lon);
    const lats = ring.map(([, lat]) => lat);
    for (const row of exported.filter((item) => item[0] === '出租房屋')) {
      const [lon, lat] = [Number(row[5]), Number(row[6])];
      expect(lon).toBeGreaterThanOrEqual(Math.min(...lons));
      expect(lon).toBeLessThanOrEqual(Math.max(...lons));
      expect(lat).toBeGreaterThanOrEqual(Math.min(...lats));
      expect(lat).toBeLessThanOrEqual(Math.max(...lats));
    }

    // An address in the list opens its details panel.
    await page.getByTestId('area-addresses').getByRole('button').first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('address')).toMatch(/^A-/);
  });
});

describe('export', () => {
  it('writes CSV with a BOM and the incidents in view', async () => {
    await openPage('/?unit=320509001&window=30d');
    const grid = await latestGrid();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^lianfang-320509001-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = await download.path();
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<string[]>(bytes.toString('utf8').slice(1), { newline: '\r\n' }).data;
    expect(rows[0]?.[0]).toBe('图层');
    const incidentRows = rows.filter((row) => row[0] === '警情');
    expect(incidentRows).toHaveLength(grid.totalCount);
    expect(rows.some((row) => row[0] === '辖区单元')).toBe(true);
    await expect.poll(() => page.getByTestId('export-result').textContent()).toBe(`已导出 ${rows.length - 1} 个要素。`);
  });

  it('writes GeoJSON with one feature per row', async () => {
    await openPage('/?unit=320509001&window=30d');
    await latestGrid();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-geojson').click()]);
    const collection = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      type: string;
      features: { geometry: { type: string }; properties: { layer: string } }[];
    };
    expect(collection.type).toBe('FeatureCollection');
    const layers = new Set(collection.features.map((feature) => feature.properties.layer));
    expect(layers).toContain('unit');
    expect(layers).toContain('incident');
    expect(collection.features.every((feature) => typeof feature.geometry.type === 'string')).toBe(true);
  });
});
