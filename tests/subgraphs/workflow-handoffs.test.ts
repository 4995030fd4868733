import { describe, expect, it } from 'vitest';
import {
  act,
  actError,
  COMMUNITY,
  createEvent,
  DISTRICT,
  eventStatus,
  STREET,
  taskOf,
  tasksOfEvent,
  timelineOf,
  USERS,
  useWorkflowSubgraph,
} from './workflow-support.js';

const workflow = useWorkflowSubgraph();

async function newestTask(eventId: string) {
  const tasks = await tasksOfEvent(workflow.database, eventId);
  const task = tasks.at(-1);
  if (!task) throw new Error(`Event ${eventId} has no tasks`);
  return task;
}

describe('escalation', () => {
  it('climbs community to street to district', async () => {
    const { event, tasks } = await createEvent(workflow.database, { id: 'wf-escalate', category: 'OTHER' });
    const community = taskOf(tasks, 'governance', 'LEAD');
    expect(community.org_unit_code).toBe(COMMUNITY);

    const escalated = await act(workflow.subgraph, USERS.communityGovernance, {
      taskId: community.id,
      action: 'ESCALATE',
      note: '涉及多个社区，本级无法协调',
    });
    expect(escalated.status).toBe('ESCALATED');
    const street = await newestTask(event.id);
    expect(street).toMatchObject({
      department: 'governance',
      org_unit_code: STREET,
      role: 'LEAD',
      status: 'DISPATCHED',
      previous_task_id: community.id,
      step: 'community_governance',
    });
    // The new task gets as much time as the first had: three days.
    expect(street.deadline.getTime() - street.dispatched_at.getTime()).toBe(3 * 24 * 60 * 60_000);
    // The community's staff cannot act at street level.
    const below = await actError(workflow.subgraph, USERS.communityGovernance, { taskId: street.id, action: 'ACCEPT' });
    expect(below.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });

    await act(workflow.subgraph, USERS.streetCommander, { taskId: street.id, action: 'ACCEPT' });
    await act(workflow.subgraph, USERS.streetCommander, { taskId: street.id, action: 'ESCALATE', note: '需区级统筹' });
    const district = await newestTask(event.id);
    expect(district).toMatchObject({ org_unit_code: DISTRICT, previous_task_id: street.id, status: 'DISPATCHED' });

    const accepted = await act(workflow.subgraph, USERS.districtCommander, { taskId: district.id, action: 'ACCEPT' });
    expect(accepted.allowedActions).not.toContain('ESCALATE');
    const top = await actError(workflow.subgraph, USERS.districtCommander, {
      taskId: district.id,
      action: 'ESCALATE',
      note: '再上报',
    });
    expect(top.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'AT_TOP_LEVEL' });

    const timeline = await timelineOf(workflow.database, event.id);
    const escalations = timeline.filter((entry) => entry.action === 'ESCALATE');
    expect(escalations.map((entry) => [entry.actor_id, entry.note, entry.details.toOrgUnit])).toEqual([
      ['gov.community', '涉及多个社区，本级无法协调', STREET],
      ['gov.street.commander', '需区级统筹', DISTRICT],
    ]);
    expect(await eventStatus(workflow.database, event.id)).toBe('IN_PROGRESS');
  });
});

describe('return', () => {
  it('hands a returned task to governance for re-dispatch', async () => {
    const { event, tasks } = await createEvent(workflow.database, {
      id: 'wf-return',
      category: 'ILLEGAL_CONSTRUCTION',
    });
    const urban = taskOf(tasks, 'urban_management');
    const returned = await act(workflow.subgraph, USERS.streetUrban, {
      taskId: urban.id,
      action: 'RETURN',
      note: '属于合法临时建筑，非城管职责',
    });
    expect(returned.status).toBe('RETURNED');
    const redispatch = await newestTask(event.id);
    expect(redispatch).toMatchObject({
      department: 'governance',
      org_unit_code: COMMUNITY,
      role: 'LEAD',
      step: null,
      previous_task_id: urban.id,
    });

    await act(workflow.subgraph, USERS.communityGovernance, { taskId: redispatch.id, action: 'ACCEPT' });
    const noTarget = await actError(workflow.subgraph, USERS.communityGovernance, {
      taskId: redispatch.id,
      action: 'TRANSFER',
      note: '重新派单',
    });
    expect(noTarget.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_HAND_OFF' });
    await act(workflow.subgraph, USERS.communityGovernance, {
      taskId: redispatch.id,
      action: 'TRANSFER',
      note: '经核实属违法建设，重新派城管',
      toStep: 'urban_management',
    });
    const again = await newestTask(event.id);
    expect(again).toMatchObject({
      department: 'urban_management',
      org_unit_code: STREET,
      previous_task_id: redispatch.id,
    });

    const actions = (await timelineOf(workflow.database, event.id)).map((entry) => entry.action);
    expect(actions).toEqual(['REPORT', 'DISPATCH', 'NOTIFY', 'RETURN', 'DISPATCH', 'ACCEPT', 'TRANSFER', 'DISPATCH']);
  });
});

describe('transfer', () => {
  it('follows the hand-off rule of the step', async () => {
    const { event, tasks } = await createEvent(workflow.database, { id: 'wf-noise', category: 'NOISE_DISPUTE' });
    const mediation = taskOf(tasks, 'governance');
    expect(mediation.step).toBe('mediation');
    await act(workflow.subgraph, USERS.communityGovernance, { taskId: mediation.id, action: 'ACCEPT' });
    const unknown = await actError(workflow.subgraph, USERS.communityGovernance, {
      taskId: mediation.id,
      action: 'TRANSFER',
      note: '调解不成',
      toStep: 'fire',
    });
    expect(unknown.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'UNKNOWN_STEP',
      argument: 'input.toStep',
    });
    const transferred = await act(workflow.subgraph, USERS.communityGovernance, {
      taskId: mediation.id,
      action: 'TRANSFER',
      note: '双方拒绝调解，噪声持续',
    });
    expect(transferred.status).toBe('TRANSFERRED');
    const police = await newestTask(event.id);
    expect(police).toMatchObject({ department: 'police', org_unit_code: STREET, step: 'police', role: 'LEAD' });

    await act(workflow.subgraph, USERS.streetPolice, { taskId: police.id, action: 'ACCEPT' });
    const dead = await actError(workflow.subgraph, USERS.streetPolice, {
      taskId: police.id,
      action: 'TRANSFER',
      note: '再转',
    });
    expect(dead.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_HAND_OFF' });
    const entry = (await timelineOf(workflow.database, event.id)).find((item) => item.action === 'TRANSFER');
    expect(entry).toMatchObject({ actor_id: 'gov.community', note: '双方拒绝调解，噪声持续' });
    expect(entry?.details).toMatchObject({
      fromStep: 'mediation',
      toStep: 'police',
      toDepartment: 'police',
      condition: '调解不成或涉嫌违反治安管理',
      version: 1,
      newTask: police.id,
    });
  });

  it('adds flags and notifies by them once', async () => {
    const { event, tasks } = await createEvent(workflow.database, { id: 'wf-flags', category: 'SCHOOL_BULLYING' });
    const school = taskOf(tasks, 'school');
    await act(workflow.subgraph, USERS.streetSchool, {
      taskId: school.id,
      action: 'ACCEPT',
      flags: ['CHILD_NEEDS_AID'],
    });
    await act(workflow.subgraph, USERS.streetSchool, {
      taskId: school.id,
      action: 'START',
      flags: ['CHILD_NEEDS_AID'],
    });
    const all = await tasksOfEvent(workflow.database, event.id);
    const notified = all.filter((task) => task.role === 'NOTIFIED');
    expect(notified.map((task) => `${task.department}/${task.org_unit_code}`)).toEqual([`civil_affairs/${STREET}`]);
    const { rows } = await workflow.database.query<{ flags: string[] }>(
      'SELECT flags FROM governance.events WHERE id = $1',
      [event.id],
    );
    expect(rows[0]?.flags).toEqual(['CHILD_NEEDS_AID']);
    const actions = (await timelineOf(workflow.database, event.id)).map((entry) => entry.action);
    expect(actions).toEqual(['REPORT', 'DISPATCH', 'DISPATCH', 'FLAG', 'NOTIFY', 'ACCEPT', 'START']);
  });
});
