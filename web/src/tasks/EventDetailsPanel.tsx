import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import {
  EVENT_DETAILS_QUERY,
  type EventDetails,
  RESPONSIBILITY_RULES_QUERY,
  type TaskSummary,
} from '../graphql/events.js';
import { formatShanghaiTime } from '../time.js';
import { useErrorDetail } from '../useSituationData.js';
import { AuthorizedImage } from './AuthorizedImage.js';
import { TaskActions } from './TaskActions.js';
import { Timeline } from './Timeline.js';
import { useReload } from './useReload.js';

export interface EventDetailsPanelProps {
  id: string;
  /** Reload counter of this event, from the change notifications. */
  tick: number;
  onClose(): void;
  /** Called after an action on a task succeeded, so the lists reload too. */
  onChanged(): void;
}

/** Step keys of the rule that applies to the event, the targets a transfer may name. */
function useTransferSteps(event: EventDetails | null): string[] {
  const needed = event?.tasks.some((task) => task.allowedActions.includes('TRANSFER')) ?? false;
  const [result] = useQuery({ query: RESPONSIBILITY_RULES_QUERY, variables: {}, pause: !needed });
  return useMemo(() => {
    if (!event) return [];
    const rules = (result.data?.responsibilityRules ?? []).filter((rule) => rule.category === event.category);
    const rule =
      rules.find((candidate) => candidate.severity === event.severity) ?? rules.find((r) => r.severity === null);
    if (!rule) return [];
    return [...new Set([...rule.dispatch, ...rule.handOffSteps].map((step) => step.key))];
  }, [event, result.data]);
}

function TaskCard({ task, steps, onDone }: { task: TaskSummary; steps: string[]; onDone(): void }) {
  const { t, i18n } = useTranslation('events');
  return (
    <li className={task.overdue ? 'task-card overdue' : 'task-card'} data-testid={`task-${task.id}`}>
      <p className="item-title">
        {t(`session:user.department.${task.department}`)} · {task.orgUnit.name} · {t(`role.${task.role}`)}
      </p>
      <p className="item-detail">
        <span data-testid="task-status">{t(`taskStatus.${task.status}`)}</span>
        {task.overdue && <span className="overdue-flag">{t('overdue')}</span>}
        {' · '}
        {t('tasks.deadline', { time: formatShanghaiTime(new Date(task.deadline), i18n.language) })}
      </p>
      {task.feedback && <p className="item-detail">{t('details.feedback', { text: task.feedback })}</p>}
      <TaskActions task={task} steps={steps} onDone={onDone} />
    </li>
  );
}

/** Facts of the event: category, severity, status, reporter, time, place, flags and the classifier's proposal. */
function EventFacts({ event }: { event: EventDetails }) {
  const { t, i18n } = useTranslation('events');
  const [lon, lat] = event.location.coordinates;
  return (
    <dl className="facts">
      <dt>{t('details.category')}</dt>
      <dd>
        {t(`category.${event.category}`)} · {t(`severity.${event.severity}`)}
      </dd>
      <dt>{t('details.status')}</dt>
      <dd data-testid="event-status">
        {t(`eventStatus.${event.status}`)}
        {event.overdue && <span className="overdue-flag">{t('overdue')}</span>}
      </dd>
      <dt>{t('details.source')}</dt>
      <dd>{t(`source.${event.source}`)}</dd>
      <dt>{t('details.reporter')}</dt>
      <dd>{event.reporter.name}</dd>
      <dt>{t('details.reportedAt')}</dt>
      <dd>{formatShanghaiTime(new Date(event.reportedAt), i18n.language)}</dd>
      <dt>{t('details.unit')}</dt>
      <dd>{event.orgUnit.name}</dd>
      <dt>{t('details.location')}</dt>
      <dd>
        {lon.toFixed(6)}, {lat.toFixed(6)} · {t('details.inputCrs', { crs: t(`crs.${event.inputCrs}`) })}
      </dd>
      {event.outsideGridReason && (
        <>
          <dt>{t('details.outsideGrid')}</dt>
          <dd>{event.outsideGridReason}</dd>
        </>
      )}
      {event.flags.length > 0 && (
        <>
          <dt>{t('details.flags')}</dt>
          <dd>{event.flags.map((flag) => t(`flag.${flag}`, { defaultValue: flag })).join('、')}</dd>
        </>
      )}
      {event.proposedReason && (
        <>
          <dt>{t('details.proposal')}</dt>
          <dd>{event.proposedReason}</dd>
        </>
      )}
    </dl>
  );
}

/** Right-hand panel with an event's description, photos, tasks with their actions, and the timeline. */
export function EventDetailsPanel({ id, tick, onClose, onChanged }: EventDetailsPanelProps) {
  const { t } = useTranslation('events');
  const errorDetail = useErrorDetail();
  const [result, reexecute] = useQuery({ query: EVENT_DETAILS_QUERY, variables: { id } });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  useReload(tick, reload);
  const event = result.data?.event ?? null;
  const steps = useTransferSteps(event);
  const afterAction = () => {
    reload();
    onChanged();
  };

  return (
    <aside className="details event-details" data-testid="event-details" data-event={id}>
      <header>
        <h2>{t('details.heading')}</h2>
        <button type="button" className="close" aria-label={t('details.close')} onClick={onClose}>
          ×
        </button>
      </header>
      {result.error && <p className="notice error">{t('panel.loadFailed', { detail: errorDetail(result.error) })}</p>}
      {result.fetching && !event && <p className="muted">{t('details.loading')}</p>}
      {result.data && !event && <p className="notice error">{t('details.notFound', { id })}</p>}
      {event && (
        <>
          <p className="event-description">{event.description}</p>
          <p className="muted event-id">{t('details.id', { id: event.id })}</p>
          <EventFacts event={event} />
          {event.photos.length > 0 && (
            <>
              <h3>{t('details.photos', { count: event.photos.length })}</h3>
              <div className="event-photos">
                {event.photos.map((photo, index) => (
                  <AuthorizedImage key={photo.id} url={photo.url} alt={t('details.photoAlt', { index: index + 1 })} />
                ))}
              </div>
            </>
          )}
          <h3>{t('details.tasks', { count: event.tasks.length })}</h3>
          <ul className="task-cards">
            {event.tasks.map((task) => (
              <TaskCard key={task.id} task={task} steps={steps} onDone={afterAction} />
            ))}
          </ul>
          <h3>{t('details.timeline')}</h3>
          <Timeline entries={event.timeline} />
        </>
      )}
    </aside>
  );
}
