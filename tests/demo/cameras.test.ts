/**
 * Demo cameras: where they are placed, how they are named, and how an alert from a boundary camera is routed.
 */
import { createLogger, type DemoReport, seedDemoData } from '@lianfang/db';
import { policeSubgraph } from '@lianfang/subgraph-police';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestSubgraph } from '../subgraphs/support.js';
import { IDENTITIES } from '../support/access.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { SMALL } from './support.js';

const logger = createLogger('test');
let handle: TestDatabase;
let report: DemoReport;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  report = await seedDemoData(handle.database, logger, SMALL);
});

afterAll(async () => {
  await handle?.dispose();
});

interface CameraFacts {
  id: string;
  name: string;
  street: string;
  streetName: string;
  inCommunity: boolean;
  inOwnStreetZone: boolean;
  inDistrict: boolean;
}

async function cameraFacts(): Promise<CameraFacts[]> {
  const { rows } = await handle.database.query<CameraFacts>(
    `SELECT camera.id, camera.name, street.code AS street, street.name AS "streetName",
            ST_Covers(community.boundary, camera.location) AS "inCommunity",
            EXISTS (SELECT 1 FROM police.patrol_zones zone
                    WHERE zone.org_unit_code = street.code AND ST_Covers(zone.zone, camera.location)) AS "inOwnStreetZone",
            ST_Covers(district.boundary, camera.location) AS "inDistrict"
     FROM police.cameras camera
     JOIN governance.org_units community ON community.code = camera.org_unit_code AND community.level = 'COMMUNITY'
     JOIN governance.org_units street ON street.code = left(camera.org_unit_code, 9)
     JOIN governance.org_units district ON district.code = left(camera.org_unit_code, 6)
     ORDER BY camera.id`,
  );
  return rows;
}

describe('demo cameras', () => {
  it('reports the cameras written', async () => {
    const facts = await cameraFacts();
    expect(report.rows['police.cameras']).toBe(facts.length);
  });

  it('puts 4 to 8 cameras in each street', async () => {
    const facts = (await cameraFacts()).filter((camera) => !camera.id.includes('-B'));
    const perStreet = new Map<string, number>();
    for (const camera of facts) perStreet.set(camera.street, (perStreet.get(camera.street) ?? 0) + 1);
    expect(perStreet.size).toBe(14);
    for (const [street, count] of perStreet) {
      expect(count, street).toBeGreaterThanOrEqual(4);
      expect(count, street).toBeLessThanOrEqual(8);
    }
  });

  it('places street cameras in their community and zone', async () => {
    const facts = (await cameraFacts()).filter((camera) => !camera.id.includes('-B'));
    for (const camera of facts) {
      expect(camera.id, camera.id).toMatch(new RegExp(`^CAM-${camera.street}-\\d{2}$`));
      expect(camera.name, camera.id).toMatch(new RegExp(`^${camera.streetName} \\S+ \\d+ 号卡口$`));
      expect(camera.inCommunity, camera.id).toBe(true);
      expect(camera.inOwnStreetZone, camera.id).toBe(true);
    }
  });

  it('places two cameras outside the district', async () => {
    const boundary = (await cameraFacts()).filter((camera) => camera.id.includes('-B'));
    expect(boundary.map((camera) => camera.id)).toEqual(['CAM-320509-B1', 'CAM-320509-B2']);
    for (const camera of boundary) {
      expect(camera.inDistrict, camera.id).toBe(false);
      expect(camera.inOwnStreetZone, camera.id).toBe(false);
      expect(camera.name, camera.id).toMatch(/ 区界 \d 号卡口$/);
    }
  });

  it('routes a boundary camera to the nearest zone', async () => {
    const subgraph = await startTestSubgraph(policeSubgraph, handle.database, IDENTITIES.videoFeed);
    try {
      const data = dataOf(
        await subgraph.request<{
          ingestVideoAlert: {
            alert: { patrolZone: { id: string } | null; routingDistanceMetres: number | null; routingNote: string };
          };
        }>(
          `mutation ($input: VideoAlertInput!) {
             ingestVideoAlert(input: $input) { alert { patrolZone { id } routingDistanceMetres routingNote } }
           }`,
          {
            input: {
              cameraId: 'CAM-320509-B1',
              kind: 'LOITERING',
              detectedAt: new Date().toISOString(),
              confidence: 0.9,
            },
          },
        ),
      );
      const { alert } = data.ingestVideoAlert;
      expect(alert.patrolZone?.id).toMatch(/^PZ-320509\d{3}-\d$/);
      expect(alert.routingDistanceMetres).toBeGreaterThan(0);
      expect(alert.routingDistanceMetres).toBeLessThan(3000);
      expect(alert.routingNote).toContain('最近的巡逻区');
    } finally {
      await subgraph.stop();
    }
  });
});
