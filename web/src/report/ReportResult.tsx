import { useTranslation } from 'react-i18next';
import { formatShanghaiTime } from '../time.js';
import type { SubmittedEvent } from './useSubmitReport.js';

export interface ReportResultProps {
  event: SubmittedEvent;
  replayed: boolean;
  onNew(): void;
}

/** Shows what the server stored: the event's id and status, and the tasks it dispatched with their deadlines. */
export function ReportResult({ event, replayed, onNew }: ReportResultProps) {
  const { t, i18n } = useTranslation('events');
  return (
    <section className="report-result" data-testid="report-result">
      <h2>{replayed ? t('report.result.replayed') : t('report.result.heading')}</h2>
      <dl className="facts">
        <dt>{t('report.result.id')}</dt>
        <dd data-testid="event-id">{event.id}</dd>
        <dt>{t('report.result.status')}</dt>
        <dd data-testid="event-status">{t(`eventStatus.${event.status}`)}</dd>
        <dt>{t('report.result.category')}</dt>
        <dd>
          {t(`category.${event.category}`)} · {t(`severity.${event.severity}`)}
        </dd>
        <dt>{t('report.result.unit')}</dt>
        <dd>{event.orgUnit.name}</dd>
      </dl>
      <h3>{t('report.result.tasks', { count: event.tasks.length })}</h3>
      {event.tasks.length === 0 ? (
        <p className="hint">{t('report.result.noTasks')}</p>
      ) : (
        <ul className="result-tasks" data-testid="result-tasks">
          {event.tasks.map((task) => (
            <li key={task.id}>
              <strong>{t(`session:user.department.${task.department}`)}</strong> · {task.orgUnit.name} ·{' '}
              {t(`role.${task.role}`)}
              <br />
              {t('report.result.deadline', { time: formatShanghaiTime(new Date(task.deadline), i18n.language) })}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="big-button primary" onClick={onNew}>
        {t('report.result.new')}
      </button>
    </section>
  );
}
