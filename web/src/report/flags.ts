/**
 * Flags an event may carry, as `ReportInput.flags` accepts them. Grid workers set them on a report, staff add them to
 * a task, and the responsibility list notifies departments for them.
 */
export const REPORT_FLAGS = ['CHILD_NEEDS_AID', 'ELDERLY_NEEDS_AID', 'REPEAT_REPORT', 'MEDIA_ATTENTION'] as const;
