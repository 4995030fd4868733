/**
 * Chinese names of departments and event flags, for the workflow's messages, timeline details and assessment rows.
 */
import { REPORT_FLAGS } from '../reports/input.js';

/** Short Chinese name of each department, as the assessment lists them and messages name them. */
export const DEPARTMENT_NAMES: Readonly<Record<string, string>> = {
  police: '公安',
  fire: '消防',
  school: '学校',
  education: '教育',
  civil_affairs: '民政',
  procuratorate: '检察院',
  urban_management: '城管',
  housing: '住建',
  governance: '综治',
  market: '市场监管',
  utilities: '水电',
  audit: '审计',
};

/** Returns the Chinese name of a department, or its code when it has none. */
export function departmentName(department: string): string {
  return DEPARTMENT_NAMES[department] ?? department;
}

export type EventFlag = (typeof REPORT_FLAGS)[number];

/** Flags an event may carry: the flags a report may carry, which the responsibility list may notify on. */
export const EVENT_FLAGS: readonly string[] = REPORT_FLAGS;

export const FLAG_NAMES: Readonly<Record<EventFlag, string>> = {
  CHILD_NEEDS_AID: '儿童需要救助',
  ELDERLY_NEEDS_AID: '老人需要救助',
  REPEAT_REPORT: '重复上报',
  MEDIA_ATTENTION: '媒体关注',
};

/** Returns the Chinese name of a flag, or the flag itself when it has none. */
export function flagName(flag: string): string {
  return FLAG_NAMES[flag as EventFlag] ?? flag;
}

/** Lists the allowed flags with their names for messages, e.g. `CHILD_NEEDS_AID（儿童需要救助）、…`. */
export function describeFlags(): string {
  return EVENT_FLAGS.map((flag) => `${flag}（${flagName(flag)}）`).join('、');
}
