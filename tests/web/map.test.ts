import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import type { RunningHub } from '@lianfang/hub';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserHub,
  closeHubPage,
  gatewayQuery,
  type OpenedPage,
  openHubPage,
  type PageRecord,
  renderedChildCodes,
  renderedFeatureIds,
  renderedIncidents,
  startBrowserHub,
  waitForMapIdle,
  waitForRequestsIdle,
} from './support.js';

const ARTIFACTS = join(workspaceRoot, 'tests', 'artifacts');
/** Patrol zones of 吴江区 in the demo data. */
const PATROL_ZONE_COUNT = 36;

let session: BrowserHub;
let hub: RunningHub;
let opened: OpenedPage | undefined;
let page: Page;
let record: PageRecord;

beforeAll(async () => {
  session = await startBrowserHub();
  hub = session.hub;
}, 300_000);

afterAll(async () => {
  await session?.stop();
});

async function openPage(path: string): Promise<void> {
  opened = await openHubPage(session, path);
  ({ page, record } = opened);
}

afterEach(async () => {
  await closeHubPage(opened, session);
  opened = undefined;
});

function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  return gatewayQuery<T>(hub, query, variables);
}

describe('situation map', () => {
  it('shows the district with 14 streets', async () => {
    await openPage('/');

    expect(await page.title()).toBe('联防协同平台 · 态势图');
    await expect.poll(() => page.locator('header h1').textContent()).toBe('联防协同平台 · 态势图');
    const children = page.getByTestId('child-units').locator('li');
    await expect.poll(() => children.count()).toBe(14);
    expect(await children.first().textContent()).toContain('松陵街道');

    const codes = await renderedChildCodes(page, 14);
    expect(codes).toHaveLength(14);
    // queryRenderedFeatures works from tile data, so it also succeeds on a collapsed canvas; check the size too.
    const canvas = await page.locator('canvas.maplibregl-canvas').boundingBox();
    expect(canvas?.width).toBeGreaterThan(900);
    expect(canvas?.height).toBeGreaterThan(700);
    expect(codes[0]).toBe('320509001');

    const variables = record.graphqlVariables.get('SituationMapIncidentGrid');
    if (!variables) throw new Error('the page sent no SituationMapIncidentGrid query');
    expect(variables.code).toBe('320509');
    const { incidentGrid } = await graphql<{ incidentGrid: { totalCount: number } }>(
      `query($code: ID!, $bbox: [Float!]!, $zoom: Float!, $from: DateTime!, $to: DateTime!, $pointLimit: Int!) {
        incidentGrid(orgUnit: $code, bbox: $bbox, zoom: $zoom, from: $from, to: $to, pointLimit: $pointLimit) {
          totalCount
        }
      }`,
      variables,
    );
    expect(incidentGrid.totalCount).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('count-incidents').textContent()).toBe(String(incidentGrid.totalCount));
    const drawn = await renderedIncidents(page);
    expect(drawn.total).toBe(incidentGrid.totalCount);
    expect(await page.getByTestId('count-children').textContent()).toBe('14');
    // Wait for the overlay layers too, so the screenshot shows them: 94 rentals and 36 patrol zones.
    await renderedFeatureIds(page, ['rental-points', 'patrol-line'], 94 + PATROL_ZONE_COUNT);
    await page.screenshot({ path: join(ARTIFACTS, 'map-district.png') });
  });

  it('draws rentals of the district in view', async () => {
    await openPage('/');
    // Rentals load by viewport, so the request to compare is the one sent after the map fitted the district.
    await renderedChildCodes(page, 14);
    await waitForMapIdle(page);
    await waitForRequestsIdle(page);
    const variables = record.graphqlVariables.get('SituationMapRentals') ?? {};
    expect(variables.code).toBe('320509');
    expect(variables.first).toBe(1000);
    expect(variables.bbox).toHaveLength(4);
    const { rentals } = await graphql<{ rentals: { totalCount: number; edges: { node: { id: string } }[] } }>(
      `query($code: ID!, $bbox: [Float!], $first: Int!) {
        rentals(orgUnit: $code, bbox: $bbox, first: $first) { totalCount edges { node { id } } }
      }`,
      variables,
    );
    // The whole district is in view, so the view contains all 94 rentals of the demo data.
    expect(rentals.totalCount).toBe(94);

    // Rentals are not clustered, so the map draws every loaded rental in view: min(totalCount, 1000) of them.
    const ids = await renderedFeatureIds(page, ['rental-points'], rentals.edges.length);
    expect(ids).toHaveLength(Math.min(rentals.totalCount, 1000));
    expect(ids).toEqual(rentals.edges.map((edge) => edge.node.id).sort());
    await expect.poll(() => page.getByTestId('count-rentals').textContent()).toBe('94');
  });

  it('draws border zones and the hotspots of the period', async () => {
    // The planted cluster of 12 thefts in the last 30 days makes at least one hotspot in that period.
    await openPage('/?window=30d');
    const { borderZones } = await graphql<{ borderZones: { id: string; districtCodes: string[] }[] }>(
      '{ borderZones { id districtCodes } }',
      {},
    );
    const zoneIds = borderZones.filter((zone) => zone.districtCodes.includes('320509')).map((zone) => zone.id);
    expect(zoneIds).toEqual(['BZ-320509-330411', 'BZ-320509-330421']);
    await expect.poll(() => record.graphqlVariables.get('SituationMapBorderHotspots')).toBeDefined();
    const { from, to } = record.graphqlVariables.get('SituationMapBorderHotspots') ?? {};
    expect((Date.parse(String(to)) - Date.parse(String(from))) / 86_400_000).toBe(30);
    const hotspotIds: string[] = [];
    for (const zone of zoneIds) {
      const { borderHotspots } = await graphql<{ borderHotspots: { id: string }[] }>(
        'query($zone: ID!, $from: DateTime!, $to: DateTime!) { borderHotspots(zone: $zone, from: $from, to: $to) { id } }',
        { zone, from, to },
      );
      hotspotIds.push(...borderHotspots.map((hotspot) => hotspot.id));
    }
    expect(hotspotIds.length).toBeGreaterThan(0);

    expect(await renderedFeatureIds(page, ['border-band-fill'], 2)).toEqual(zoneIds);
    expect(await renderedFeatureIds(page, ['hotspot-fill'], hotspotIds.length)).toEqual(hotspotIds.sort());
    await expect.poll(() => page.getByTestId('count-border').textContent()).toBe(String(hotspotIds.length));
  });

  it('narrows border zones and hotspots to a street', async () => {
    // 松陵街道 lies in the north of the district, far from the Zhejiang border; 盛泽镇 lies on it.
    await openPage('/?unit=320509001&window=30d');
    await renderedChildCodes(page, 1);
    await waitForMapIdle(page);
    await waitForRequestsIdle(page);
    await expect.poll(() => page.getByTestId('count-border').textContent()).toBe('0');
    await closeHubPage(opened, session);

    await openPage('/?unit=320509105&window=30d');
    expect(await renderedFeatureIds(page, ['border-band-fill'], 1)).toContain('BZ-320509-330411');
  });

  it('draws patrol zones of the district', async () => {
    await openPage('/');
    await expect.poll(() => record.graphqlVariables.get('SituationMapPatrolZones')).toEqual({ code: '320509' });
    const { patrolZones } = await graphql<{ patrolZones: { id: string }[] }>(
      'query($code: ID!) { patrolZones(orgUnit: $code) { id } }',
      { code: '320509' },
    );
    expect(patrolZones).toHaveLength(PATROL_ZONE_COUNT);

    const ids = await renderedFeatureIds(page, ['patrol-line'], patrolZones.length);
    expect(ids).toEqual(patrolZones.map((zone) => zone.id).sort());
    await expect.poll(() => page.getByTestId('count-patrols').textContent()).toBe(String(PATROL_ZONE_COUNT));
  });

  it('drills down to a street and back', async () => {
    await openPage('/');
    await page
      .getByTestId('child-units')
      .getByRole('button', { name: /松陵街道/ })
      .click();

    await expect.poll(() => new URL(page.url()).search).toBe('?unit=320509001');
    const breadcrumb = page.getByTestId('breadcrumb');
    await expect.poll(() => breadcrumb.textContent()).toMatch(/^吴江区\s*›\s*松陵街道$/);
    const { orgUnit } = await graphql<{ orgUnit: { children: { code: string }[] } }>(
      'query($code: ID!) { orgUnit(code: $code) { children { code } } }',
      { code: '320509001' },
    );
    const codes = await renderedChildCodes(page, orgUnit.children.length);
    expect(codes).toEqual(orgUnit.children.map((child) => child.code).sort());
    await page.screenshot({ path: join(ARTIFACTS, 'map-street.png') });

    await breadcrumb.getByRole('button', { name: '吴江区' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?unit=320509');
    await expect.poll(() => page.getByTestId('child-units').locator('li').count()).toBe(14);
  });

  it('reloads a shared street URL', async () => {
    await openPage('/?unit=320509001');
    await expect.poll(() => page.getByTestId('breadcrumb').textContent()).toMatch(/松陵街道$/);
  });

  it('switches to English and remembers it', async () => {
    await openPage('/');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('header h1').textContent()).toBe('Lianfang · Situation Map');
    expect(await page.title()).toBe('Lianfang · Situation Map');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.reload();
    await expect.poll(() => page.locator('header h1').textContent()).toBe('Lianfang · Situation Map');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.locator('header h1').textContent()).toBe('联防协同平台 · 态势图');
  });

  it('rejects a malformed unit code in the URL', async () => {
    await openPage('/?unit=3205;drop');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('单元代码 "3205;drop" 无效');
    await alert.getByRole('button', { name: '返回本辖区' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?unit=320509');
    await expect.poll(() => page.getByTestId('child-units').locator('li').count()).toBe(14);
  });

  it('reports an unknown unit code', async () => {
    await openPage('/?unit=320509999');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('未找到代码为 320509999 的组织单元');
  });

  it('says when a unit belongs to another hub', async () => {
    await openPage('/?unit=330421');
    await expect.poll(() => page.getByTestId('notices').textContent()).toContain('本平台不保存嘉善县的部门数据');
  });

  it('reports an invalid custom period in the URL', async () => {
    await openPage('/?window=custom&from=2026-10-08T00:00:00Z&to=2026-10-01T00:00:00Z');
    await expect.poll(() => page.getByTestId('notices').textContent()).toContain('自定义时段无效');
    await expect.poll(() => page.getByTestId('window-7d').getAttribute('aria-pressed')).toBe('true');
  });

  it('hides and shows a layer', async () => {
    await openPage('/');
    await renderedChildCodes(page, 14);
    await page.getByTestId('toggle-children').uncheck();
    const visibility = () =>
      page.evaluate(() =>
        (
          globalThis as unknown as { __lianfangMap: { getLayoutProperty(id: string, name: string): unknown } }
        ).__lianfangMap.getLayoutProperty('children-fill', 'visibility'),
      );
    await expect.poll(visibility).toBe('none');
    await page.getByTestId('toggle-children').check();
    await expect.poll(visibility).toBe('visible');
  });
});
