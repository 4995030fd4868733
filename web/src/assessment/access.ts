/**
 * Pages of the event workflow that a user is offered. These checks only decide what the pages show. The subgraph
 * applies its own rules to the data: the assessment is limited to the caller's jurisdiction, and only district
 * governance commanders save changes of the responsibility list.
 */
import type { SessionUser } from '../session/session.js';

const hasRole = (user: SessionUser, role: string) => (user.roles as readonly string[]).includes(role);

/** Command staff and analysts of the governance centres read the assessment. */
export function mayViewAssessment(user: SessionUser): boolean {
  return user.department === 'governance' && (hasRole(user, 'commander') || hasRole(user, 'analyst'));
}

/** Everyone who handles or follows events reads the responsibility list; grid workers report instead. */
export function mayViewDuties(user: SessionUser): boolean {
  return user.roles.some((role) => role !== 'grid_worker');
}

/** Only district governance commanders save new versions of the responsibility list. */
export function mayEditDuties(user: SessionUser): boolean {
  return user.department === 'governance' && user.level === 'DISTRICT' && hasRole(user, 'commander');
}

/** Grid workers report from the street on the mobile report page. */
export function mayReport(user: SessionUser): boolean {
  return hasRole(user, 'grid_worker');
}
