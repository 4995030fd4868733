import { geometryFromWgs84 } from '@lianfang/db';
import { governanceSubgraph } from '@lianfang/subgraph-governance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITIES } from '../support/access.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import {
  countRows,
  GRID_WORKER,
  newKey,
  type Point,
  pointInside,
  reportInput,
  SUBMIT_REPORT,
  type SubmitData,
} from './reports-support.js';
import { dataOf, errorOf, isChinese, startTestSubgraph, type TestSubgraph } from './support.js';

let handle: TestDatabase;
let subgraph: TestSubgraph;
let inGrid: Point;
let neighbourGrid: Point;
let partnerCity: Point;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  subgraph = await startTestSubgraph(governanceSubgraph, handle.database, GRID_WORKER);
  inGrid = await pointInside(handle.database, '320509001001001');
  neighbourGrid = await pointInside(handle.database, '320509001001002');
  partnerCity = await pointInside(handle.database, '330421001');
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

const submit = (input: Record<string, unknown>, identity = GRID_WORKER) =>
  subgraph.request<SubmitData>(SUBMIT_REPORT, { input }, { identity });

/** Row counts of every table a submission writes. */
async function writtenRows() {
  const database = handle.database;
  return {
    events: await countRows(database, 'governance.events'),
    tasks: await countRows(database, 'governance.tasks'),
    timeline: await countRows(database, 'governance.event_timeline'),
    attachedPhotos: await countRows(database, 'governance.report_photos', 'event_id IS NOT NULL'),
  };
}

async function distanceMetres(eventId: string, point: Point): Promise<number> {
  const { rows } = await handle.database.query<{ metres: number }>(
    `SELECT ST_Distance(location::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS metres
     FROM governance.events WHERE id = $1`,
    [eventId, point[0], point[1]],
  );
  return rows[0]?.metres ?? Number.NaN;
}

describe('classifyReport', () => {
  const CLASSIFY = `query ($description: String!) {
    classifyReport(description: $description) { category severity department matchedKeywords reason }
  }`;

  it('proposes fire hazard with reason', async () => {
    const response = await subgraph.request<{ classifyReport: Record<string, unknown> }>(CLASSIFY, {
      description: '楼道里堆放煤气罐，已经冒烟',
    });
    const result = dataOf(response).classifyReport;
    expect(result.category).toBe('FIRE_HAZARD');
    expect(result.department).toBe('fire');
    expect(result.severity).toBe('SERIOUS');
    expect(result.matchedKeywords).toEqual(['楼道', '堆放', '煤气罐', '冒烟']);
    expect(result.reason).toContain('消防安全隐患');
  });

  it('rejects blank and overlong descriptions', async () => {
    for (const description of ['', '   ', '险'.repeat(2001)]) {
      const error = errorOf(await subgraph.request(CLASSIFY, { description }));
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.argument).toBe('description');
      expect(isChinese(error.message)).toBe(true);
    }
  });

  it('accepts 2000 characters outside the BMP', async () => {
    const response = await subgraph.request(CLASSIFY, { description: '𠀀'.repeat(2000) });
    expect(response.errors).toBeUndefined();
  });
});

describe('submitReport', () => {
  it('dispatches event in own grid', async () => {
    const input = reportInput(inGrid, { photoIds: [], flags: ['CHILD_NEEDS_AID'] });
    const { submitReport } = dataOf(await submit(input));
    const event = submitReport.event;

    expect(submitReport.replayed).toBe(false);
    expect(event.id).toMatch(/^EV-\d{8}-[0-9a-f]{8}$/);
    expect(event.source).toBe('GRID_REPORT');
    expect(event.category).toBe('FIRE_HAZARD');
    expect(event.proposedCategory).toBe('FIRE_HAZARD');
    expect(event.proposedReason).toContain('煤气罐');
    expect(event.severity).toBe('MINOR');
    expect(event.orgUnit.code).toBe('320509001001001');
    expect(event.outsideGridReason).toBeNull();
    expect(event.flags).toEqual(['CHILD_NEEDS_AID']);
    expect(event.status).toBe('DISPATCHED');

    const { rows: timeline } = await handle.database.query<{ action: string; actor_id: string; to_status: string }>(
      'SELECT action, actor_id, to_status FROM governance.event_timeline WHERE event_id = $1 ORDER BY id',
      [event.id],
    );
    expect(timeline[0]).toEqual({ action: 'REPORT', actor_id: 'grid.worker', to_status: 'REPORTED' });
    expect(timeline.some((entry) => entry.action === 'DISPATCH')).toBe(true);
    expect(await countRows(handle.database, 'governance.tasks', 'event_id = $1', [event.id])).toBeGreaterThan(0);
    const { rows } = await handle.database.query<{ reported_by: string; reporter_org_unit: string }>(
      'SELECT reported_by, reporter_org_unit FROM governance.events WHERE id = $1',
      [event.id],
    );
    expect(rows[0]).toEqual({ reported_by: 'grid.worker', reporter_org_unit: '320509001001001' });
  });

  it('keeps chosen category and proposal', async () => {
    const input = reportInput(inGrid, { category: 'RENTAL_HOUSING', severity: 'SERIOUS' });
    const event = dataOf(await submit(input)).submitReport.event;
    expect(event.category).toBe('RENTAL_HOUSING');
    expect(event.severity).toBe('SERIOUS');
    expect(event.proposedCategory).toBe('FIRE_HAZARD');
  });

  for (const crs of ['WGS84', 'CGCS2000', 'GCJ02', 'BD09'] as const) {
    it(`converts ${crs} within 1 m`, async () => {
      const sent =
        crs === 'GCJ02' || crs === 'BD09'
          ? (geometryFromWgs84({ type: 'Point', coordinates: inGrid }, crs).coordinates as Point)
          : inGrid;
      if (crs === 'GCJ02' || crs === 'BD09') expect(sent).not.toEqual(inGrid);
      const input = reportInput(inGrid, {
        location: { longitude: sent[0], latitude: sent[1], crs, source: 'MAP' },
      });
      const event = dataOf(await submit(input)).submitReport.event;
      expect(event.inputCrs).toBe(crs);
      expect(event.locationSource).toBe('MAP');
      expect(await distanceMetres(event.id, inGrid)).toBeLessThan(1);
      expect(event.orgUnit.code).toBe('320509001001001');
    });
  }

  it('rejects swapped coordinates', async () => {
    const before = await writtenRows();
    const input = reportInput([inGrid[1], inGrid[0]]);
    const error = errorOf(await submit(input));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.reason).toBe('COORDINATES_SWAPPED');
    expect(error.message).toContain('经度在前');
    expect(await writtenRows()).toEqual(before);
  });

  it('rejects coordinates out of range', async () => {
    for (const [longitude, latitude] of [
      [200, 31],
      [120.6, -95],
    ]) {
      const error = errorOf(await submit(reportInput([longitude as number, latitude as number])));
      expect(error.extensions?.reason).toBe('COORDINATE_OUT_OF_RANGE');
      expect(isChinese(error.message)).toBe(true);
    }
  });

  it('rejects points outside the own city', async () => {
    for (const point of [partnerCity, [116.397, 39.909] as Point]) {
      const before = await writtenRows();
      const error = errorOf(await submit(reportInput(point, { outsideGridReason: '路过发现' })));
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.reason).toBe('OUTSIDE_JURISDICTION');
      expect(await writtenRows()).toEqual(before);
    }
  });

  it('requires a reason outside the own grid', async () => {
    const before = await writtenRows();
    const error = errorOf(await submit(reportInput(neighbourGrid)));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.reason).toBe('OUTSIDE_GRID');
    expect(error.message).toContain('西塘社区第1网格');
    expect(error.message).toContain('320509001001001');
    expect(await writtenRows()).toEqual(before);
  });

  it('files outside report under covering grid', async () => {
    const input = reportInput(neighbourGrid, { outsideGridReason: '  下班途中路过发现  ' });
    const event = dataOf(await submit(input)).submitReport.event;
    expect(event.orgUnit.code).toBe('320509001001002');
    expect(event.outsideGridReason).toBe('下班途中路过发现');
  });

  it('rejects non grid workers', async () => {
    for (const identity of [IDENTITIES.communityAnalyst, IDENTITIES.districtCommander]) {
      const before = await writtenRows();
      const error = errorOf(await submit(reportInput(inGrid), identity));
      expect(error.extensions?.code).toBe('FORBIDDEN');
      expect(error.extensions?.reason).toBe('ROLE');
      expect(isChinese(error.message)).toBe(true);
      expect(await writtenRows()).toEqual(before);
    }
  });

  const invalidInputs: [string, Record<string, unknown>, string][] = [
    ['short key', { idempotencyKey: 'abc' }, 'input.idempotencyKey'],
    ['key with spaces', { idempotencyKey: 'key with spaces' }, 'input.idempotencyKey'],
    ['long key', { idempotencyKey: 'k'.repeat(129) }, 'input.idempotencyKey'],
    ['blank description', { description: '  ' }, 'input.description'],
    ['long description', { description: '火'.repeat(2001) }, 'input.description'],
    ['seven photos', { photoIds: Array.from({ length: 7 }, () => crypto.randomUUID()) }, 'input.photoIds'],
    ['photo id not a UUID', { photoIds: ['photo-1'] }, 'input.photoIds'],
    ['duplicate photo', { photoIds: Array(2).fill('0b7f1a64-4a52-4f0e-9d43-3f3c2a7c1e11') }, 'input.photoIds'],
    ['short outside reason', { outsideGridReason: '过' }, 'input.outsideGridReason'],
    ['unknown flag', { flags: ['VIP'] }, 'input.flags'],
    ['duplicate flag', { flags: ['CHILD_NEEDS_AID', 'CHILD_NEEDS_AID'] }, 'input.flags'],
  ];
  for (const [name, overrides, argument] of invalidInputs) {
    it(`rejects ${name}`, async () => {
      const error = errorOf(await submit(reportInput(inGrid, overrides)));
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.argument).toBe(argument);
      expect(isChinese(error.message)).toBe(true);
    });
  }

  it('rejects camera as location source', async () => {
    const input = reportInput(inGrid, {
      location: { longitude: inGrid[0], latitude: inGrid[1], crs: 'WGS84', source: 'CAMERA' },
    });
    const error = errorOf(await submit(input));
    expect(error.extensions?.argument).toBe('input.location.source');
  });
});

describe('submitReport idempotency', () => {
  it('replays the same key and content', async () => {
    const input = reportInput(inGrid);
    const first = dataOf(await submit(input)).submitReport;
    const after = await writtenRows();
    // Field order and defaults do not change the content: crs WGS84 and source DEVICE are the defaults.
    const reordered = {
      location: { latitude: inGrid[1], longitude: inGrid[0] },
      description: input.description,
      idempotencyKey: input.idempotencyKey,
    };
    const second = dataOf(await submit(reordered)).submitReport;

    expect(first.replayed).toBe(false);
    expect(second.replayed).toBe(true);
    expect(second.event.id).toBe(first.event.id);
    expect(await writtenRows()).toEqual(after);
  });

  it('rejects the same key with other content', async () => {
    const input = reportInput(inGrid);
    const first = dataOf(await submit(input)).submitReport;
    const before = await writtenRows();
    const error = errorOf(await submit({ ...input, description: '楼道里堆放了三个煤气罐' }));

    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(error.message).toContain(first.event.id);
    expect(await writtenRows()).toEqual(before);
  });

  it('scopes keys to the reporter', async () => {
    const key = newKey('shared');
    const other = { ...GRID_WORKER, sub: 'grid.worker.same-grid', name: '同网格网格员' };
    const mine = dataOf(await submit(reportInput(inGrid, { idempotencyKey: key }))).submitReport;
    const theirs = dataOf(await submit(reportInput(inGrid, { idempotencyKey: key }), other)).submitReport;
    expect(theirs.replayed).toBe(false);
    expect(theirs.event.id).not.toBe(mine.event.id);
  });

  it('gives one event for concurrent duplicates', async () => {
    const input = reportInput(inGrid);
    const before = await writtenRows();
    const results = await Promise.all(Array.from({ length: 8 }, () => submit(input)));
    const submissions = results.map((result) => dataOf(result).submitReport);

    expect(new Set(submissions.map((submission) => submission.event.id)).size).toBe(1);
    expect(submissions.filter((submission) => !submission.replayed)).toHaveLength(1);
    const after = await writtenRows();
    expect(after.events).toBe(before.events + 1);
    expect(
      await countRows(handle.database, 'governance.event_timeline', "action = 'REPORT' AND event_id = $1", [
        submissions[0]?.event.id,
      ]),
    ).toBe(1);
  });
});
