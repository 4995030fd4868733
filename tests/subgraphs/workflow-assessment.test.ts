import type { Database } from '@lianfang/db';
import type { Identity } from '@lianfang/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { quarterRange } from '../../subgraphs/governance/src/workflow/assessment.js';
import { IDENTITIES } from '../support/access.js';
import { dataOf, errorOf } from './support.js';
import { USERS, useWorkflowSubgraph } from './workflow-support.js';

const workflow = useWorkflowSubgraph(insertFixtures);

const ASSESSMENT = `query ($orgUnit: ID!, $quarter: String!, $grouping: AssessmentGrouping!) {
  assessment(orgUnit: $orgUnit, quarter: $quarter, grouping: $grouping) {
    quarter grouping orgUnit { code }
    rows { rank key name received onTime overdue open handedOn onTimeRate averageHandlingMinutes reopened }
  }
}`;

interface Row {
  rank: number;
  key: string;
  name: string;
  received: number;
  onTime: number;
  overdue: number;
  open: number;
  handedOn: number;
  onTimeRate: number;
  averageHandlingMinutes: number | null;
  reopened: number;
}

interface TaskFixture {
  id: string;
  event: string;
  department: string;
  orgUnit: string;
  role?: string;
  status: string;
  /** Dispatch time with its zone. */
  dispatchedAt: string;
  deadlineMinutes: number;
  resolvedAfterMinutes?: number;
  overdue?: boolean;
  reopened?: number;
}

/**
 * Quarter 2026Q3 in Asia/Shanghai: event E1 in 松陵街道 (320509001), E2 in 横扇街道 (320509002). T7 and T8 fall just
 * outside the quarter; T6 is a notification, which the assessment leaves out. T3 is open past its deadline, T10 open
 * with a deadline two years ahead; T5 and T9 were handed on, T9 after the sweep had flagged it overdue.
 */
const TASKS: TaskFixture[] = [
  {
    id: 'T1',
    event: 'E1',
    department: 'fire',
    orgUnit: '320509001',
    status: 'CLOSED',
    dispatchedAt: '2026-07-01T00:30:00+08:00',
    deadlineMinutes: 60,
    resolvedAfterMinutes: 30,
  },
  {
    id: 'T2',
    event: 'E1',
    department: 'fire',
    orgUnit: '320509001',
    status: 'RESOLVED',
    dispatchedAt: '2026-07-02T10:00:00+08:00',
    deadlineMinutes: 60,
    resolvedAfterMinutes: 90,
    reopened: 1,
  },
  {
    id: 'T3',
    event: 'E2',
    department: 'fire',
    orgUnit: '320509002',
    status: 'IN_PROGRESS',
    dispatchedAt: '2026-07-03T10:00:00+08:00',
    deadlineMinutes: 60,
  },
  {
    id: 'T4',
    event: 'E2',
    department: 'police',
    orgUnit: '320509002',
    status: 'VERIFIED',
    dispatchedAt: '2026-07-04T10:00:00+08:00',
    deadlineMinutes: 120,
    resolvedAfterMinutes: 30,
  },
  {
    id: 'T5',
    event: 'E1',
    department: 'police',
    orgUnit: '320509001',
    status: 'TRANSFERRED',
    dispatchedAt: '2026-08-01T10:00:00+08:00',
    deadlineMinutes: 120,
  },
  {
    id: 'T6',
    event: 'E1',
    department: 'governance',
    orgUnit: '320509001001',
    role: 'NOTIFIED',
    status: 'DISPATCHED',
    dispatchedAt: '2026-08-01T10:00:00+08:00',
    deadlineMinutes: 60,
  },
  {
    id: 'T7',
    event: 'E1',
    department: 'fire',
    orgUnit: '320509001',
    status: 'CLOSED',
    dispatchedAt: '2026-06-30T23:30:00+08:00',
    deadlineMinutes: 60,
    resolvedAfterMinutes: 10,
  },
  {
    id: 'T8',
    event: 'E2',
    department: 'school',
    orgUnit: '320509002',
    status: 'CLOSED',
    dispatchedAt: '2026-10-01T00:00:00+08:00',
    deadlineMinutes: 60,
    resolvedAfterMinutes: 10,
  },
  {
    id: 'T9',
    event: 'E2',
    department: 'school',
    orgUnit: '320509002',
    status: 'ESCALATED',
    dispatchedAt: '2026-09-30T23:59:00+08:00',
    deadlineMinutes: 60,
    overdue: true,
  },
  {
    id: 'T10',
    event: 'E1',
    department: 'fire',
    orgUnit: '320509001',
    status: 'ACCEPTED',
    dispatchedAt: '2026-09-01T10:00:00+08:00',
    deadlineMinutes: 2 * 525_600,
  },
];

async function insertFixtures(database: Database): Promise<void> {
  await database.exec(
    'TRUNCATE governance.event_timeline, governance.report_photos, governance.tasks, governance.events',
  );
  await database.query(
    `INSERT INTO governance.events (id, source, category, severity, description, location, input_crs, location_source,
       org_unit_code, status, reported_by, reporter_name, reporter_org_unit, reported_at)
     SELECT id, 'GRID_REPORT', 'FIRE_HAZARD', 'MINOR', '考核测试', ST_SetSRID(ST_MakePoint(120.64, 31.16), 4326), 'WGS84',
            'DEVICE', unit, 'IN_PROGRESS', 'grid.worker', '网格员', unit, '2026-07-01T00:00:00+08:00'
     FROM (VALUES ('E1', '320509001001001'), ('E2', '320509002001')) AS input(id, unit)`,
  );
  for (const task of TASKS) {
    const dispatched = new Date(task.dispatchedAt);
    const deadline = new Date(dispatched.getTime() + task.deadlineMinutes * 60_000);
    const resolved =
      task.resolvedAfterMinutes === undefined
        ? null
        : new Date(dispatched.getTime() + task.resolvedAfterMinutes * 60_000).toISOString();
    await database.query(
      `INSERT INTO governance.tasks (id, event_id, department, org_unit_code, role, status, deadline, dispatched_at,
         resolved_at, overdue_since, reopened_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        task.id,
        task.event,
        task.department,
        task.orgUnit,
        task.role ?? 'LEAD',
        task.status,
        deadline.toISOString(),
        dispatched.toISOString(),
        resolved,
        task.overdue ? deadline.toISOString() : null,
        task.reopened ?? 0,
      ],
    );
  }
}

async function rowsOf(orgUnit: string, grouping: string, identity: Identity = USERS.districtCommander): Promise<Row[]> {
  const response = await workflow.subgraph.request<{ assessment: { rows: Row[] } }>(
    ASSESSMENT,
    { orgUnit, quarter: '2026Q3', grouping },
    { identity },
  );
  return dataOf(response).assessment.rows;
}

describe('assessment', () => {
  it('computes quarter bounds in Shanghai time', () => {
    expect(quarterRange('2026Q3')).toEqual({
      start: new Date('2026-06-30T16:00:00Z'),
      end: new Date('2026-09-30T16:00:00Z'),
    });
    expect(quarterRange('2026Q1').start).toEqual(new Date('2025-12-31T16:00:00Z'));
  });

  it('ranks departments', async () => {
    expect(await rowsOf('320509', 'DEPARTMENT')).toEqual([
      {
        rank: 1,
        key: 'police',
        name: '公安',
        received: 2,
        onTime: 1,
        overdue: 0,
        open: 0,
        handedOn: 1,
        onTimeRate: 1,
        averageHandlingMinutes: 30,
        reopened: 0,
      },
      {
        rank: 2,
        key: 'fire',
        name: '消防',
        received: 4,
        onTime: 1,
        overdue: 2,
        open: 1,
        handedOn: 0,
        onTimeRate: 1 / 3,
        averageHandlingMinutes: 60,
        reopened: 1,
      },
      {
        rank: 3,
        key: 'school',
        name: '学校',
        received: 1,
        onTime: 0,
        overdue: 0,
        open: 0,
        handedOn: 1,
        onTimeRate: 0,
        averageHandlingMinutes: null,
        reopened: 0,
      },
    ]);
  });

  it('ranks streets, ties by handling time', async () => {
    expect(await rowsOf('320509', 'STREET')).toEqual([
      {
        rank: 1,
        key: '320509002',
        name: '横扇街道',
        received: 3,
        onTime: 1,
        overdue: 1,
        open: 0,
        handedOn: 1,
        onTimeRate: 1 / 2,
        averageHandlingMinutes: 30,
        reopened: 0,
      },
      {
        rank: 2,
        key: '320509001',
        name: '松陵街道',
        received: 4,
        onTime: 1,
        overdue: 1,
        open: 1,
        handedOn: 1,
        onTimeRate: 1 / 2,
        averageHandlingMinutes: 60,
        reopened: 1,
      },
    ]);
  });

  it('splits received tasks into disjoint columns', async () => {
    for (const grouping of ['DEPARTMENT', 'STREET']) {
      for (const row of await rowsOf('320509', grouping)) {
        expect(row.onTime + row.overdue + row.open + row.handedOn, `${grouping} ${row.key}`).toBe(row.received);
      }
    }
  });

  it('is read by governance commanders and analysts only', async () => {
    const analyst = await rowsOf('320509', 'DEPARTMENT', IDENTITIES.districtGovernanceAnalyst);
    expect(analyst.map((row) => row.key)).toEqual(['police', 'fire', 'school']);
    const others: Identity[] = [
      USERS.streetFire,
      USERS.fireAnalyst,
      USERS.streetPolice,
      IDENTITIES.auditor,
      USERS.gridWorker,
      USERS.communityGovernance,
    ];
    for (const identity of others) {
      const response = await workflow.subgraph.request(
        ASSESSMENT,
        { orgUnit: identity.orgUnit, quarter: '2026Q3', grouping: 'STREET' },
        { identity },
      );
      const error = errorOf(response);
      expect(error.extensions, identity.sub).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE' });
      expect(error.message).toBe('考核统计仅限综治中心的指挥员和研判员查看');
    }
  });

  it('keeps to the jurisdiction', async () => {
    const own = await rowsOf('320509001', 'STREET', USERS.streetCommander);
    expect(own.map((row) => row.key)).toEqual(['320509001']);
    const response = await workflow.subgraph.request(
      ASSESSMENT,
      { orgUnit: '320509', quarter: '2026Q3', grouping: 'STREET' },
      { identity: USERS.streetCommander },
    );
    expect(errorOf(response).extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });
  });

  it('rejects a malformed quarter', async () => {
    for (const quarter of ['2026Q5', '2026-Q3', 'Q3', '']) {
      const response = await workflow.subgraph.request(ASSESSMENT, { orgUnit: '320509', quarter, grouping: 'STREET' });
      expect(errorOf(response).extensions, quarter).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'quarter' });
    }
    const empty = await workflow.subgraph.request<{ assessment: { rows: Row[] } }>(ASSESSMENT, {
      orgUnit: '320509',
      quarter: '2025Q3',
      grouping: 'DEPARTMENT',
    });
    expect(dataOf(empty).assessment.rows).toEqual([]);
  });
});
