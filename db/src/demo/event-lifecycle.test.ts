import { describe, expect, it } from 'vitest';
import { type ActorRef, materializeTask, type TaskPlan, type Transition } from './event-lifecycle.js';
import { quarterStart } from './events.js';

const SYSTEM: ActorRef = { id: 'system', name: '系统', department: 'governance', orgUnit: '000000' };
const STAFF: ActorRef = { id: 'demo.fire.320509001', name: '测试', department: 'fire', orgUnit: '320509001' };
const HOUR = 3_600_000;
const T0 = Date.parse('2025-06-01T08:00:00+08:00');

function entry(action: string, hours: number, from: Transition['from'], to: Transition['to']): Transition {
  return { action, at: T0 + hours * HOUR, from, to, actor: STAFF, note: null, details: {} };
}

/** A task with a two-hour deadline, resolved after three hours and closed after five. */
const LATE_TASK: TaskPlan = {
  id: 'EV-TEST-T1',
  step: {
    key: 'street_fire',
    department: 'fire',
    level: 'STREET',
    role: 'LEAD',
    deadlineMinutes: 120,
    description: '测试',
  },
  orgUnit: '320509001',
  dispatchedAt: T0,
  deadline: T0 + 2 * HOUR,
  previousTaskId: null,
  transitions: [
    entry('DISPATCH', 0, null, 'DISPATCHED'),
    entry('ACCEPT', 0.5, 'DISPATCHED', 'ACCEPTED'),
    entry('START', 1, 'ACCEPTED', 'IN_PROGRESS'),
    entry('RESOLVE', 3, 'IN_PROGRESS', 'RESOLVED'),
    entry('VERIFY', 4, 'RESOLVED', 'VERIFIED'),
    entry('CLOSE', 5, 'VERIFIED', 'CLOSED'),
  ],
  next: null,
};

describe('quarterStart', () => {
  it('starts quarters at midnight in Beijing', () => {
    const now = new Date('2025-06-15T00:00:00+08:00');
    expect(quarterStart(now).toISOString()).toBe(new Date('2025-04-01T00:00:00+08:00').toISOString());
    expect(quarterStart(now, 4).toISOString()).toBe(new Date('2024-04-01T00:00:00+08:00').toISOString());
  });

  it('steps back across a new year', () => {
    const now = new Date('2026-01-10T12:00:00+08:00');
    expect(quarterStart(now, 1).toISOString()).toBe(new Date('2025-10-01T00:00:00+08:00').toISOString());
  });

  it('counts the first hours of a quarter in Beijing to that quarter', () => {
    // 2025-06-30T17:00Z is 2025-07-01 01:00 in Beijing.
    const now = new Date('2025-06-30T17:00:00Z');
    expect(quarterStart(now).toISOString()).toBe(new Date('2025-07-01T00:00:00+08:00').toISOString());
  });
});

describe('materializeTask', () => {
  it('returns null before dispatch', () => {
    expect(materializeTask(LATE_TASK, T0 - 1, SYSTEM)).toBeNull();
  });

  it('keeps an open task open and flags it at the deadline', () => {
    const task = materializeTask(LATE_TASK, T0 + 2.5 * HOUR, SYSTEM);
    expect(task?.status).toBe('IN_PROGRESS');
    expect(task?.overdueSince).toBe(T0 + 2 * HOUR);
    expect(task?.transitions.map((step) => step.action)).toEqual(['DISPATCH', 'ACCEPT', 'START', 'OVERDUE']);
    expect(task?.transitions.at(-1)?.actor).toBe(SYSTEM);
    expect(task?.resolvedAt).toBeNull();
  });

  it('records a late resolution with its overdue flag', () => {
    const task = materializeTask(LATE_TASK, T0 + 10 * HOUR, SYSTEM);
    expect(task?.status).toBe('CLOSED');
    expect(task?.resolvedAt).toBe(T0 + 3 * HOUR);
    expect(task?.closedAt).toBe(T0 + 5 * HOUR);
    expect(task?.transitions.map((step) => step.action)).toEqual([
      'DISPATCH',
      'ACCEPT',
      'START',
      'OVERDUE',
      'RESOLVE',
      'VERIFY',
      'CLOSE',
    ]);
  });

  it('does not flag a task resolved before its deadline', () => {
    const early: TaskPlan = { ...LATE_TASK, deadline: T0 + 6 * HOUR };
    const task = materializeTask(early, T0 + 10 * HOUR, SYSTEM);
    expect(task?.overdueSince).toBeNull();
    expect(task?.transitions.some((step) => step.action === 'OVERDUE')).toBe(false);
  });
});
