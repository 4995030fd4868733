import { useTranslation } from 'react-i18next';
import { formatDeadline } from '../assessment/format.js';
import type { TimelineEntry } from '../graphql/events.js';
import { formatShanghaiTime } from '../time.js';

/**
 * Names a status of an event or a task, which the timeline stores as text. Both kinds have a DISPATCHED status, so
 * an entry about a task looks up the task's names first and an entry about the event the event's.
 */
function useStatusName() {
  const { t, i18n } = useTranslation('events');
  return (status: string, ofTask: boolean) => {
    const prefixes = ofTask ? ['taskStatus', 'eventStatus'] : ['eventStatus', 'taskStatus'];
    for (const prefix of prefixes) {
      const key = `${prefix}.${status}`;
      if (i18n.exists(key, { ns: 'events' })) return t(key);
    }
    return status;
  };
}

/** Parses an entry's `details` JSON. Unreadable text yields an empty object. */
function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Builds the facts of an entry's details that staff read: hand-off target, deadline, lateness, rule version and
 * added flags.
 */
function useDetailFacts() {
  const { t } = useTranslation('events');
  return (text: string): string[] => {
    const details = parseDetails(text);
    const facts: string[] = [];
    if (typeof details.toDepartment === 'string') {
      facts.push(
        t('timeline.handedTo', {
          department: t(`session:user.department.${details.toDepartment}`, { defaultValue: details.toDepartment }),
        }),
      );
    }
    if (typeof details.deadlineMinutes === 'number')
      facts.push(t('timeline.deadline', { duration: formatDeadline(details.deadlineMinutes, t) }));
    if (typeof details.minutesLate === 'number') facts.push(t('timeline.late', { minutes: details.minutesLate }));
    if (typeof details.version === 'number') facts.push(t('timeline.ruleVersion', { version: details.version }));
    if (details.automatic === true) facts.push(t('timeline.automatic'));
    if (Array.isArray(details.addedFlags) && details.addedFlags.length > 0) {
      const names = details.addedFlags.map((flag) => t(`flag.${String(flag)}`, { defaultValue: String(flag) }));
      facts.push(t('timeline.flags', { flags: names.join(t('timeline.listSeparator')) }));
    }
    return facts;
  };
}

/** Renders one step of the timeline: time, action, actor, status change, details and note. */
function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const { t, i18n } = useTranslation('events');
  const statusName = useStatusName();
  const facts = useDetailFacts()(entry.details);
  const ofTask = entry.task !== null;
  const departmentName = (department: string) =>
    t(`session:user.department.${department}`, { defaultValue: department });
  return (
    <li data-testid="timeline-entry" data-action={entry.action}>
      <time dateTime={entry.at}>{formatShanghaiTime(new Date(entry.at), i18n.language)}</time>
      <span className="timeline-action">
        {t(`timelineAction.${entry.action}`, { defaultValue: entry.action })}
        {entry.task && ` · ${departmentName(entry.task.department)}`}
      </span>
      <span className="timeline-actor">
        {entry.actor.name}
        {entry.actor.department && ` (${departmentName(entry.actor.department)})`}
      </span>
      {(entry.fromStatus || entry.toStatus) && (
        <span className="timeline-status">
          {entry.fromStatus ? statusName(entry.fromStatus, ofTask) : '—'} →{' '}
          {entry.toStatus ? statusName(entry.toStatus, ofTask) : '—'}
        </span>
      )}
      {facts.length > 0 && <span className="timeline-details">{facts.join(' · ')}</span>}
      {entry.note && <span className="timeline-note">{entry.note}</span>}
    </li>
  );
}

/** Lists the event's full record (全程留痕): time, actor, action, status change and note of every step, oldest first. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((entry) => (
        <TimelineItem key={entry.id} entry={entry} />
      ))}
    </ol>
  );
}
