import { describe, expect, it } from 'vitest';
import { isChinese } from './support.js';
import {
  act,
  actError,
  COMMUNITY,
  createEvent,
  eventStatus,
  STREET,
  taskOf,
  tasksOfEvent,
  timelineOf,
  USERS,
  useWorkflowSubgraph,
} from './workflow-support.js';

const workflow = useWorkflowSubgraph();

describe('dispatch by the responsibility list', () => {
  it('routes a fire hazard to street governance and fire', async () => {
    const { event, tasks } = await createEvent(workflow.database, { id: 'wf-fire-dispatch', category: 'FIRE_HAZARD' });
    expect(event.status).toBe('DISPATCHED');
    expect(await eventStatus(workflow.database, event.id)).toBe('DISPATCHED');
    const summary = tasks.map((task) => `${task.department}/${task.org_unit_code}/${task.role}/${task.step}`);
    expect(summary).toEqual([
      `governance/${STREET}/LEAD/street_governance`,
      `fire/${STREET}/ASSIST/street_fire`,
      `governance/${COMMUNITY}/NOTIFIED/null`,
    ]);
    for (const task of tasks.slice(0, 2)) {
      expect(task.deadline.getTime() - task.dispatched_at.getTime()).toBe(60 * 60_000);
      expect(task.status).toBe('DISPATCHED');
    }
    const timeline = await timelineOf(workflow.database, event.id);
    expect(timeline.map((entry) => entry.action)).toEqual(['REPORT', 'DISPATCH', 'DISPATCH', 'NOTIFY']);
    expect(timeline[1]?.actor_id).toBe('system');
    expect(timeline[1]?.details).toMatchObject({ version: 1, step: 'street_governance', deadlineMinutes: 60 });
  });

  it('notifies civil affairs only with the flag', async () => {
    const plain = await createEvent(workflow.database, { id: 'wf-bully-plain', category: 'SCHOOL_BULLYING' });
    expect(plain.tasks.map((task) => `${task.department}/${task.role}`)).toEqual([
      'school/LEAD',
      'education/FOLLOW_UP',
    ]);
    const flagged = await createEvent(workflow.database, {
      id: 'wf-bully-flag',
      category: 'SCHOOL_BULLYING',
      flags: ['CHILD_NEEDS_AID'],
    });
    expect(flagged.tasks.map((task) => `${task.department}/${task.org_unit_code}/${task.role}`)).toEqual([
      `school/${STREET}/LEAD`,
      'education/320509/FOLLOW_UP',
      `civil_affairs/${STREET}/NOTIFIED`,
    ]);
  });

  it('uses the severity rule before the category rule', async () => {
    const { tasks } = await createEvent(workflow.database, {
      id: 'wf-bully-critical',
      category: 'SCHOOL_BULLYING',
      severity: 'CRITICAL',
    });
    expect(tasks.map((task) => `${task.department}/${task.role}`)).toEqual([
      'police/LEAD',
      'procuratorate/ASSIST',
      'education/FOLLOW_UP',
      'school/NOTIFIED',
    ]);
  });
});

describe('task lifecycle', () => {
  it('runs accept to close and closes the event', async () => {
    const { event, tasks } = await createEvent(workflow.database, { id: 'wf-fire-full', category: 'FIRE_HAZARD' });
    const fire = taskOf(tasks, 'fire');
    const governance = taskOf(tasks, 'governance', 'LEAD');

    const accepted = await act(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'ACCEPT' });
    expect(accepted.status).toBe('ACCEPTED');
    expect(accepted.allowedActions).toEqual(['START', 'RETURN', 'ESCALATE']);
    expect(await eventStatus(workflow.database, event.id)).toBe('IN_PROGRESS');
    expect((await act(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'START' })).status).toBe(
      'IN_PROGRESS',
    );
    const resolved = await act(workflow.subgraph, USERS.streetFire, {
      taskId: fire.id,
      action: 'RESOLVE',
      note: '已将三个煤气罐移出楼道',
    });
    expect(resolved.status).toBe('RESOLVED');
    expect(resolved.feedback).toBe('已将三个煤气罐移出楼道');
    expect(resolved.overdue).toBe(false);

    for (const action of ['ACCEPT', 'START'])
      await act(workflow.subgraph, USERS.streetCommander, { taskId: governance.id, action });
    await act(workflow.subgraph, USERS.streetCommander, {
      taskId: governance.id,
      action: 'RESOLVE',
      note: '已组织现场处置',
    });
    expect(await eventStatus(workflow.database, event.id)).toBe('RESOLVED');

    for (const task of [fire, governance]) {
      expect((await act(workflow.subgraph, USERS.streetCommander, { taskId: task.id, action: 'VERIFY' })).status).toBe(
        'VERIFIED',
      );
    }
    expect(await eventStatus(workflow.database, event.id)).toBe('VERIFIED');
    for (const task of [fire, governance]) {
      expect((await act(workflow.subgraph, USERS.streetCommander, { taskId: task.id, action: 'CLOSE' })).status).toBe(
        'CLOSED',
      );
    }
    expect(await eventStatus(workflow.database, event.id)).toBe('CLOSED');
    const { rows } = await workflow.database.query<{ closed_at: Date | null }>(
      'SELECT closed_at FROM governance.events WHERE id = $1',
      [event.id],
    );
    expect(rows[0]?.closed_at).toBeInstanceOf(Date);

    const timeline = await timelineOf(workflow.database, event.id);
    const fireEntries = timeline.filter((entry) => entry.task_id === fire.id).map((entry) => entry.action);
    expect(fireEntries).toEqual(['DISPATCH', 'ACCEPT', 'START', 'RESOLVE', 'VERIFY', 'CLOSE']);
    const resolveEntry = timeline.find((entry) => entry.task_id === fire.id && entry.action === 'RESOLVE');
    expect(resolveEntry).toMatchObject({
      actor_id: 'fire.street',
      from_status: 'IN_PROGRESS',
      to_status: 'RESOLVED',
      note: '已将三个煤气罐移出楼道',
    });
    const lastClose = timeline.at(-1);
    expect(lastClose?.details).toMatchObject({ eventStatus: { from: 'VERIFIED', to: 'CLOSED' } });
  });

  it('reopens a resolved task with a note', async () => {
    const { event, tasks } = await createEvent(workflow.database, { id: 'wf-fire-reopen', category: 'FIRE_HAZARD' });
    const fire = taskOf(tasks, 'fire');
    for (const action of ['ACCEPT', 'START'])
      await act(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action });
    await act(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'RESOLVE', note: '已清理' });

    const missing = await actError(workflow.subgraph, USERS.streetCommander, { taskId: fire.id, action: 'REOPEN' });
    expect(missing.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOTE_REQUIRED' });
    const reopened = await act(workflow.subgraph, USERS.streetCommander, {
      taskId: fire.id,
      action: 'REOPEN',
      note: '回访发现楼道仍有杂物',
    });
    expect(reopened.status).toBe('IN_PROGRESS');
    expect(reopened.reopenedCount).toBe(1);
    const [row] = (await tasksOfEvent(workflow.database, event.id)).filter((task) => task.id === fire.id);
    expect(row?.resolved_at).toBeNull();
    expect(await eventStatus(workflow.database, event.id)).toBe('IN_PROGRESS');
  });

  it('acknowledges a notification by accepting it', async () => {
    const { event, tasks } = await createEvent(workflow.database, { id: 'wf-fire-notify', category: 'FIRE_HAZARD' });
    const notified = taskOf(tasks, 'governance', 'NOTIFIED');
    const start = await actError(workflow.subgraph, USERS.communityGovernance, {
      taskId: notified.id,
      action: 'START',
    });
    expect(start.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TRANSITION' });
    const acknowledged = await act(workflow.subgraph, USERS.communityGovernance, {
      taskId: notified.id,
      action: 'ACCEPT',
    });
    expect(acknowledged.status).toBe('CLOSED');
    expect(acknowledged.allowedActions).toEqual([]);
    // A notification does not move the event.
    expect(await eventStatus(workflow.database, event.id)).toBe('DISPATCHED');
  });
});

describe('refusals', () => {
  it('rejects a wrong state naming it', async () => {
    const { tasks } = await createEvent(workflow.database, { id: 'wf-state', category: 'FIRE_HAZARD' });
    const fire = taskOf(tasks, 'fire');
    const error = await actError(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'START' });
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_TRANSITION',
      status: 'DISPATCHED',
    });
    expect(error.message).toContain('已派单');
    expect(error.message).toContain('开始处置');
    const verify = await actError(workflow.subgraph, USERS.streetCommander, { taskId: fire.id, action: 'VERIFY' });
    expect(verify.extensions?.reason).toBe('INVALID_TRANSITION');

    await act(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'ACCEPT' });
    const again = await actError(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'ACCEPT' });
    expect(again.extensions).toMatchObject({ reason: 'INVALID_TRANSITION', status: 'ACCEPTED' });
    await act(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'START' });
    const giveBack = await actError(workflow.subgraph, USERS.streetFire, {
      taskId: fire.id,
      action: 'RETURN',
      note: '不归我管',
    });
    expect(giveBack.extensions).toMatchObject({ reason: 'INVALID_TRANSITION', status: 'IN_PROGRESS' });
    await act(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'RESOLVE', note: '已处置' });
    const close = await actError(workflow.subgraph, USERS.streetCommander, { taskId: fire.id, action: 'CLOSE' });
    expect(close.extensions).toMatchObject({ reason: 'INVALID_TRANSITION', status: 'RESOLVED' });
    expect(close.message).toContain('已办结');
    const transfer = await actError(workflow.subgraph, USERS.streetFire, {
      taskId: fire.id,
      action: 'TRANSFER',
      note: '转公安',
    });
    expect(transfer.extensions).toMatchObject({ reason: 'INVALID_TRANSITION', status: 'RESOLVED' });
  });

  it('rejects other departments and read-only roles', async () => {
    const { tasks } = await createEvent(workflow.database, { id: 'wf-role', category: 'FIRE_HAZARD' });
    const fire = taskOf(tasks, 'fire');
    for (const identity of [USERS.streetPolice, USERS.fireAnalyst, USERS.gridWorker]) {
      const error = await actError(workflow.subgraph, identity, { taskId: fire.id, action: 'ACCEPT' });
      expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE' });
      expect(isChinese(error.message)).toBe(true);
    }
    await act(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'ACCEPT' });
    await act(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'START' });
    await act(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'RESOLVE', note: '已处置' });
    const verify = await actError(workflow.subgraph, USERS.districtFire, { taskId: fire.id, action: 'VERIFY' });
    expect(verify.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE' });
  });

  it('rejects callers outside the jurisdiction', async () => {
    const { tasks } = await createEvent(workflow.database, { id: 'wf-jurisdiction', category: 'FIRE_HAZARD' });
    const fire = taskOf(tasks, 'fire');
    const outsider = await actError(workflow.subgraph, USERS.otherStreetFire, { taskId: fire.id, action: 'ACCEPT' });
    expect(outsider.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });
    // The district's fire commander is above the task's unit and may act.
    expect((await act(workflow.subgraph, USERS.districtFire, { taskId: fire.id, action: 'ACCEPT' })).status).toBe(
      'ACCEPTED',
    );
    await act(workflow.subgraph, USERS.districtFire, { taskId: fire.id, action: 'START' });
    await act(workflow.subgraph, USERS.districtFire, { taskId: fire.id, action: 'RESOLVE', note: '已处置完毕' });
    const verify = await actError(workflow.subgraph, USERS.otherStreetCommander, { taskId: fire.id, action: 'VERIFY' });
    expect(verify.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });
  });

  it('requires notes and checks input', async () => {
    const { tasks } = await createEvent(workflow.database, { id: 'wf-notes', category: 'FIRE_HAZARD' });
    const fire = taskOf(tasks, 'fire');
    for (const action of ['RETURN', 'ESCALATE']) {
      const error = await actError(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action });
      expect(error.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'NOTE_REQUIRED',
        argument: 'input.note',
      });
    }
    const short = await actError(workflow.subgraph, USERS.streetFire, {
      taskId: fire.id,
      action: 'RETURN',
      note: '否',
    });
    expect(short.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.note' });
    const flag = await actError(workflow.subgraph, USERS.streetFire, {
      taskId: fire.id,
      action: 'ACCEPT',
      flags: ['bad flag'],
    });
    expect(flag.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.flags' });
    await act(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'ACCEPT' });
    await act(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'START' });
    const resolve = await actError(workflow.subgraph, USERS.streetFire, { taskId: fire.id, action: 'RESOLVE' });
    expect(resolve.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOTE_REQUIRED' });
    expect(resolve.message).toContain('办结反馈');
    const blank = await actError(workflow.subgraph, USERS.streetFire, {
      taskId: fire.id,
      action: 'RESOLVE',
      note: '   ',
    });
    expect(blank.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOTE_REQUIRED' });
    const missing = await actError(workflow.subgraph, USERS.streetFire, { taskId: 'task-none', action: 'ACCEPT' });
    expect(missing.extensions?.code).toBe('NOT_FOUND');
    const untouched = (await tasksOfEvent(workflow.database, fire.event_id)).find((task) => task.id === fire.id);
    expect(untouched?.status).toBe('IN_PROGRESS');
    expect(untouched?.feedback).toBeNull();
  });

  it('lists the actions of each caller', async () => {
    const { event, tasks } = await createEvent(workflow.database, { id: 'wf-allowed', category: 'FIRE_HAZARD' });
    const query = `query ($id: ID!) { event(id: $id) { tasks { department role allowedActions } } }`;
    const asFire = await workflow.subgraph.request<{
      event: { tasks: { department: string; allowedActions: string[] }[] };
    }>(query, { id: event.id }, { identity: USERS.streetFire });
    const fireTask = asFire.data?.event.tasks.find((task) => task.department === 'fire');
    expect(fireTask?.allowedActions).toEqual(['ACCEPT', 'RETURN', 'ESCALATE']);
    const governanceTask = asFire.data?.event.tasks.find((task) => task.department === 'governance');
    expect(governanceTask?.allowedActions).toEqual([]);
    expect(tasks).toHaveLength(3);
  });
});
