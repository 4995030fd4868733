import { demoAccounts } from '@lianfang/gateway';
import type { Identity } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentRow } from '../../web/src/graphql/events.js';
import { GRID_WORKER } from '../subgraphs/reports-support.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { runAppOperation, sendAppOperation } from '../support/operations.js';
import { type Point, pointInside } from '../support/places.js';

// The quarterly assessment per department and per street on the demo data, which only the governance centre reads.
// The district fire and police accounts take over tasks escalated to the district.

const DISTRICT = '320509';
const ACCOUNTS = demoAccounts(DISTRICT);

function account(sub: string): Identity {
  const found = ACCOUNTS.find((candidate) => candidate.sub === sub);
  if (!found) throw new Error(`demo account ${sub} not found`);
  return found;
}

interface Task {
  id: string;
  department: string;
  orgUnit: { code: string };
  role: string;
  status: string;
  allowedActions: string[];
}

let testHub: TestHub;
let point: Point;

beforeAll(async () => {
  testHub = await startTestHub({ incidentsPerYear: 200, eventsPerYear: 400, addressesPerCommunity: 1 });
  point = await pointInside(testHub.hub.database, GRID_WORKER.orgUnit);
});

afterAll(async () => {
  await testHub?.stop();
});

async function run<Data>(identity: Identity, name: string, variables: Record<string, unknown>): Promise<Data> {
  return runAppOperation<Data>(testHub.hub.gateway.url, await testHub.auth(identity), name, variables);
}

/** Lists the current quarter in Asia/Shanghai and the four before it, e.g. 2026Q4, 2026Q3, … 2025Q4. */
function recentQuarters(): string[] {
  const shanghai = new Date(Date.now() + 8 * 60 * 60 * 1000);
  let year = shanghai.getUTCFullYear();
  let quarter = Math.floor(shanghai.getUTCMonth() / 3) + 1;
  const quarters: string[] = [];
  for (let index = 0; index < 5; index += 1) {
    quarters.push(`${year}Q${quarter}`);
    quarter -= 1;
    if (quarter === 0) {
      quarter = 4;
      year -= 1;
    }
  }
  return quarters;
}

describe('scenario 7: assessment', () => {
  it('adds up on the demo data', async () => {
    let received = 0;
    for (const quarter of recentQuarters()) {
      for (const grouping of ['DEPARTMENT', 'STREET']) {
        const data = await run<{ assessment: { rows: AssessmentRow[] } }>(account('district.commander'), 'Assessment', {
          orgUnit: DISTRICT,
          quarter,
          grouping,
        });
        for (const row of data.assessment.rows) {
          const label = `${quarter} ${grouping} ${row.key}`;
          expect(row.onTime + row.overdue + row.open + row.handedOn, label).toBe(row.received);
          const finished = row.received - row.handedOn - row.open;
          expect(row.onTimeRate, label).toBeCloseTo(finished > 0 ? row.onTime / finished : 0, 10);
          if (grouping === 'DEPARTMENT') received += row.received;
        }
      }
    }
    expect(received).toBeGreaterThan(0);
  });

  it('is refused to other departments through the gateway', async () => {
    for (const sub of ['fire.staff', 'police.officer', 'auditor', 'grid.worker']) {
      const identity = account(sub);
      const answer = await sendAppOperation(testHub.hub.gateway.url, await testHub.auth(identity), 'Assessment', {
        orgUnit: identity.orgUnit,
        quarter: '2026Q3',
        grouping: 'STREET',
      });
      expect(answer.errors?.[0]?.extensions, sub).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE' });
    }
  });

  it('has a district fire account that takes over an escalated fire task', async () => {
    expect(account('fire.command')).toMatchObject({ level: 'DISTRICT', orgUnit: DISTRICT, department: 'fire' });
    expect(account('police.command')).toMatchObject({ level: 'DISTRICT', orgUnit: DISTRICT, department: 'police' });
    const submitted = await run<{ submitReport: { event: { id: string; tasks: Task[] } } }>(
      GRID_WORKER,
      'SubmitReport',
      {
        input: {
          idempotencyKey: 'scenario-7-escalate-fire',
          description: '楼道里堆放了两个煤气罐，住户不愿搬走',
          location: { longitude: point[0], latitude: point[1], crs: 'WGS84', source: 'DEVICE' },
          photoIds: [],
        },
      },
    );
    const fireTask = submitted.submitReport.event.tasks.find((task) => task.department === 'fire');
    expect(fireTask?.orgUnit.code).toBe(`${DISTRICT}001`);
    await run(account('fire.staff'), 'ActOnTask', {
      input: { taskId: fireTask?.id, action: 'ESCALATE', note: '住户拒不配合，需区消防救援大队执法' },
    });
    const list = await run<{ tasks: (Task & { event: { id: string } })[] }>(account('fire.command'), 'TaskList', {});
    const districtTask = list.tasks.find((task) => task.event.id === submitted.submitReport.event.id);
    expect(districtTask).toMatchObject({ department: 'fire', orgUnit: { code: DISTRICT }, status: 'DISPATCHED' });
    expect(districtTask?.allowedActions).toContain('ACCEPT');
    const accepted = await run<{ actOnTask: Task }>(account('fire.command'), 'ActOnTask', {
      input: { taskId: districtTask?.id, action: 'ACCEPT' },
    });
    expect(accepted.actOnTask.status).toBe('ACCEPTED');
  });
});
