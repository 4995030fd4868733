import type { Identity } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';
import { runAppOperation } from '../support/operations.js';
import { type Point, pointInside } from '../support/places.js';

// The responsibility list for school bullying: the school handles minor cases, cases beyond it go to police, crimes
// go to the procuratorate, civil affairs is notified when a child needs aid, and education follows up every case.

function user(sub: string, name: string, orgUnit: string, department: Identity['department']): Identity {
  const levels: Record<number, Identity['level']> = { 6: 'DISTRICT', 9: 'STREET', 15: 'GRID' };
  const level = levels[orgUnit.length] ?? 'COMMUNITY';
  const roles: Identity['roles'] = department === 'governance' && level === 'GRID' ? ['grid_worker'] : ['staff'];
  return { sub, name, level, orgUnit, department, roles };
}

const GRID_WORKER = user('grid.worker', '网格员', '320509001001001', 'governance');
const SCHOOL = user('school.songling', '松陵中学德育主任', '320509001', 'school');
const POLICE = user('police.songling', '松陵派出所民警', '320509001', 'police');
const PROCURATORATE = user('procuratorate.wujiang', '吴江区检察院检察官', '320509', 'procuratorate');
const CIVIL_AFFAIRS = user('civil.songling', '松陵民政专干', '320509001', 'civil_affairs');
const EDUCATION = user('education.wujiang', '吴江区教育局干部', '320509', 'education');

interface Task {
  id: string;
  department: string;
  orgUnit: { code: string };
  role: string;
  status: string;
  step: string | null;
  deadline: string;
  dispatchedAt: string;
  allowedActions: string[];
}

interface TimelineEntry {
  action: string;
  task: { id: string; department: string } | null;
  actor: { id: string; name: string; department: string };
  note: string | null;
  details: string;
}

let testHub: TestHub;
let point: Point;

beforeAll(async () => {
  testHub = await startTestHub({ incidentsPerYear: 200, addressesPerCommunity: 1 });
  point = await pointInside(testHub.hub.database, GRID_WORKER.orgUnit);
});

afterAll(async () => {
  await testHub?.stop();
});

/** Sends the web app's operation `name` as `identity` and returns its data, failing on any error. */
async function run<Data>(identity: Identity, name: string, variables: Record<string, unknown>): Promise<Data> {
  return runAppOperation<Data>(testHub.hub.gateway.url, await testHub.auth(identity), name, variables);
}

async function actOn(identity: Identity, input: Record<string, unknown>): Promise<Task> {
  return (await run<{ actOnTask: Task }>(identity, 'ActOnTask', { input })).actOnTask;
}

/** Finds the caller's open task of the event in the app's task list. */
async function myTask(identity: Identity, eventId: string): Promise<Task> {
  const { tasks } = await run<{ tasks: (Task & { event: { id: string } })[] }>(identity, 'TaskList', {});
  const task = tasks.find((item) => item.event.id === eventId);
  if (!task) throw new Error(`${identity.sub} has no open task of ${eventId}`);
  return task;
}

describe('scenario 4: school bullying chain', () => {
  it('hands the case from school to police to procuratorate', async () => {
    const submitted = await run<{ submitReport: { event: { id: string; category: string; tasks: Task[] } } }>(
      GRID_WORKER,
      'SubmitReport',
      {
        input: {
          idempotencyKey: 'scenario-4-bullying-0001',
          description: '校门口有学生多次被高年级同学推搡、索要零花钱',
          category: 'SCHOOL_BULLYING',
          severity: 'MINOR',
          location: { longitude: point[0], latitude: point[1], crs: 'WGS84', source: 'DEVICE' },
          photoIds: [],
        },
      },
    );
    const event = submitted.submitReport.event;
    expect(event.category).toBe('SCHOOL_BULLYING');
    // The school handles the case at street level; education follows up from the start.
    expect(event.tasks.map((task) => `${task.department}/${task.orgUnit.code}/${task.role}/${task.step}`)).toEqual([
      'school/320509001/LEAD/school',
      'education/320509/FOLLOW_UP/education',
    ]);

    const school = await myTask(SCHOOL, event.id);
    const accepted = await actOn(SCHOOL, { taskId: school.id, action: 'ACCEPT', flags: ['CHILD_NEEDS_AID'] });
    expect(accepted.allowedActions).toContain('TRANSFER');
    await actOn(SCHOOL, {
      taskId: school.id,
      action: 'TRANSFER',
      note: '涉及校外人员，多次教育无效，超出学校处置能力',
    });

    const police = await myTask(POLICE, event.id);
    expect(police).toMatchObject({ department: 'police', step: 'police', status: 'DISPATCHED' });
    await actOn(POLICE, { taskId: police.id, action: 'ACCEPT' });
    await actOn(POLICE, { taskId: police.id, action: 'START' });
    await actOn(POLICE, { taskId: police.id, action: 'TRANSFER', note: '经查涉嫌敲诈勒索，移送检察院审查' });

    const procuratorate = await myTask(PROCURATORATE, event.id);
    expect(procuratorate).toMatchObject({ orgUnit: { code: '320509' }, step: 'procuratorate', role: 'LEAD' });
    expect(Date.parse(procuratorate.deadline) - Date.parse(procuratorate.dispatchedAt)).toBe(7 * 24 * 60 * 60_000);
    await actOn(PROCURATORATE, { taskId: procuratorate.id, action: 'ACCEPT' });

    const civil = await myTask(CIVIL_AFFAIRS, event.id);
    expect(civil).toMatchObject({ role: 'NOTIFIED', orgUnit: { code: '320509001' } });
    expect((await actOn(CIVIL_AFFAIRS, { taskId: civil.id, action: 'ACCEPT' })).status).toBe('CLOSED');
    const education = await myTask(EDUCATION, event.id);
    expect(education.role).toBe('FOLLOW_UP');
    await actOn(EDUCATION, { taskId: education.id, action: 'ACCEPT' });

    const details = await run<{ event: { status: string; flags: string[]; tasks: Task[]; timeline: TimelineEntry[] } }>(
      EDUCATION,
      'EventDetails',
      { id: event.id },
    );
    expect(details.event.status).toBe('IN_PROGRESS');
    expect(details.event.flags).toEqual(['CHILD_NEEDS_AID']);
    expect(details.event.tasks.map((task) => `${task.department}/${task.role}/${task.status}`)).toEqual([
      'school/LEAD/TRANSFERRED',
      'education/FOLLOW_UP/ACCEPTED',
      'civil_affairs/NOTIFIED/CLOSED',
      'police/LEAD/TRANSFERRED',
      'procuratorate/LEAD/ACCEPTED',
    ]);

    const timeline = details.event.timeline;
    expect(timeline.map((entry) => `${entry.action}:${entry.task?.department ?? '-'}`)).toEqual([
      'REPORT:-',
      'DISPATCH:school',
      'DISPATCH:education',
      'FLAG:school',
      'NOTIFY:civil_affairs',
      'ACCEPT:school',
      'TRANSFER:school',
      'DISPATCH:police',
      'ACCEPT:police',
      'START:police',
      'TRANSFER:police',
      'DISPATCH:procuratorate',
      'ACCEPT:procuratorate',
      'ACCEPT:civil_affairs',
      'ACCEPT:education',
    ]);
    const handOffs = timeline.filter((entry) => entry.action === 'TRANSFER');
    expect(handOffs.map((entry) => [entry.actor.name, entry.note])).toEqual([
      ['松陵中学德育主任', '涉及校外人员，多次教育无效，超出学校处置能力'],
      ['松陵派出所民警', '经查涉嫌敲诈勒索，移送检察院审查'],
    ]);
    expect(handOffs.map((entry) => JSON.parse(entry.details))).toMatchObject([
      { fromStep: 'school', toStep: 'police', condition: '超出学校处置能力', version: 1 },
      { fromStep: 'police', toStep: 'procuratorate', condition: '涉嫌犯罪', version: 1 },
    ]);
    const flag = timeline.find((entry) => entry.action === 'FLAG');
    expect(flag?.actor.id).toBe(SCHOOL.sub);
    expect(JSON.parse(flag?.details ?? '{}')).toEqual({
      addedFlags: ['CHILD_NEEDS_AID'],
      flagNames: ['儿童需要救助'],
    });
  });
});
