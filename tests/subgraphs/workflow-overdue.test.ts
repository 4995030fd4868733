import { governanceSubgraph } from '@lianfang/subgraph-governance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OVERDUE_SWEEP_ENV,
  overdueSweepSeconds,
  sweepOverdueTasks,
} from '../../subgraphs/governance/src/workflow/jobs.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { dataOf, startTestSubgraph, type TestSubgraph } from './support.js';
import { createEvent, DISTRICT, STREET, taskOf, tasksOfEvent, timelineOf, USERS } from './workflow-support.js';

const MINUTE_MS = 60_000;
let handle: TestDatabase;
let subgraph: TestSubgraph;

beforeAll(async () => {
  process.env[OVERDUE_SWEEP_ENV] = '86400';
  handle = await openTestDatabase('seeded');
  // Only this file's events: demo tasks past their deadline would join every sweep.
  await handle.database.exec(
    'TRUNCATE governance.event_timeline, governance.report_photos, governance.tasks, governance.events',
  );
  subgraph = await startTestSubgraph(governanceSubgraph, handle.database, USERS.districtCommander);
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

/** Moves a task's dispatch and deadline into the past, keeping its length. */
async function backdate(taskId: string, minutesLate: number, now: Date): Promise<void> {
  await handle.database.query(
    `UPDATE governance.tasks SET deadline = $2, dispatched_at = $2::timestamptz - (deadline - dispatched_at)
     WHERE id = $1`,
    [taskId, new Date(now.getTime() - minutesLate * MINUTE_MS).toISOString()],
  );
}

describe('overdue sweep', () => {
  it('flags and escalates an overdue task', async () => {
    const now = new Date();
    const { event, tasks } = await createEvent(handle.database, { id: 'wf-overdue', category: 'FIRE_HAZARD' });
    const fire = taskOf(tasks, 'fire');
    const notified = taskOf(tasks, 'governance', 'NOTIFIED');
    await backdate(fire.id, 45, now);
    await backdate(notified.id, 45, now);

    const result = await sweepOverdueTasks(handle.database, now);
    expect(result.flagged).toEqual([fire.id]);
    expect(result.escalated).toHaveLength(1);
    expect(result.escalated[0]?.from).toBe(fire.id);

    const after = await tasksOfEvent(handle.database, event.id);
    const old = after.find((task) => task.id === fire.id);
    expect(old?.status).toBe('ESCALATED');
    expect(old?.overdue_since?.getTime()).toBe(now.getTime() - 45 * MINUTE_MS);
    const next = after.find((task) => task.id === result.escalated[0]?.to);
    expect(next).toMatchObject({
      department: 'fire',
      org_unit_code: '320509',
      step: 'street_fire',
      status: 'DISPATCHED',
    });
    expect(next?.dispatched_at.getTime()).toBe(now.getTime());
    expect(next?.deadline.getTime()).toBe(now.getTime() + 60 * MINUTE_MS);
    expect(after.find((task) => task.id === notified.id)?.overdue_since).toBeNull();

    const entries = (await timelineOf(handle.database, event.id)).filter((entry) => entry.action !== 'DISPATCH');
    const overdue = entries.find((entry) => entry.action === 'OVERDUE');
    expect(overdue).toMatchObject({ actor_id: 'system', task_id: fire.id, details: { minutesLate: 45 } });
    expect(overdue?.note).toContain('45 分钟');
    const escalate = entries.find((entry) => entry.action === 'ESCALATE');
    expect(escalate).toMatchObject({ actor_id: 'system', from_status: 'DISPATCHED', to_status: 'ESCALATED' });
    expect(escalate?.note).toContain('逾期自动上报');
    expect(escalate?.details).toMatchObject({ automatic: true, toOrgUnit: DISTRICT, fromOrgUnit: STREET });

    const again = await sweepOverdueTasks(handle.database, now);
    expect(again).toEqual({ flagged: [], escalated: [] });
  });

  it('only flags at district level', async () => {
    const now = new Date();
    const { event, tasks } = await createEvent(handle.database, { id: 'wf-overdue-top', category: 'SCHOOL_BULLYING' });
    const education = taskOf(tasks, 'education');
    expect(education.org_unit_code).toBe(DISTRICT);
    await backdate(education.id, 10, now);
    const result = await sweepOverdueTasks(handle.database, now);
    expect(result).toEqual({ flagged: [education.id], escalated: [] });
    const row = (await tasksOfEvent(handle.database, event.id)).find((task) => task.id === education.id);
    expect(row?.status).toBe('DISPATCHED');
  });

  it('keeps the task when the rule says no escalation', async () => {
    const save = await subgraph.request(
      `mutation ($input: ResponsibilityRuleInput!) { setResponsibilityRule(input: $input) { version escalateOnOverdue } }`,
      {
        input: {
          category: 'PUBLIC_ORDER',
          title: '治安异常：逾期不自动上报',
          dispatch: [
            {
              key: 'police',
              department: 'police',
              level: 'STREET',
              role: 'LEAD',
              deadlineMinutes: 120,
              description: '派出所核查',
            },
          ],
          escalateOnOverdue: false,
          changeNote: '测试：关闭逾期自动上报',
        },
      },
    );
    expect(dataOf(save)).toEqual({ setResponsibilityRule: { version: 2, escalateOnOverdue: false } });
    const now = new Date();
    const { event, tasks } = await createEvent(handle.database, { id: 'wf-overdue-keep', category: 'PUBLIC_ORDER' });
    const police = taskOf(tasks, 'police');
    await backdate(police.id, 5, now);
    const result = await sweepOverdueTasks(handle.database, now);
    expect(result).toEqual({ flagged: [police.id], escalated: [] });

    const query = `query ($id: ID!) { event(id: $id) { overdue tasks { id status overdue overdueSince } } }`;
    const response = await subgraph.request<{
      event: { overdue: boolean; tasks: { id: string; status: string; overdue: boolean; overdueSince: string }[] };
    }>(query, { id: event.id });
    const data = dataOf(response);
    expect(data.event.overdue).toBe(true);
    expect(data.event.tasks[0]).toMatchObject({ id: police.id, status: 'DISPATCHED', overdue: true });
    expect(Date.parse(data.event.tasks[0]?.overdueSince ?? '')).toBe(now.getTime() - 5 * MINUTE_MS);
  });
});

describe('sweep interval', () => {
  it('reads the environment', () => {
    expect(overdueSweepSeconds({})).toBe(30);
    expect(overdueSweepSeconds({ [OVERDUE_SWEEP_ENV]: '5' })).toBe(5);
    for (const value of ['0', '-1', '1.5', '86401', 'soon']) {
      expect(() => overdueSweepSeconds({ [OVERDUE_SWEEP_ENV]: value })).toThrow(OVERDUE_SWEEP_ENV);
    }
  });
});
