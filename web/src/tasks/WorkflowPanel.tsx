import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventSummary } from '../graphql/events.js';
import { useSession } from '../session/SessionGate.js';
import { formatShanghaiTime } from '../time.js';
import { useErrorDetail } from '../useSituationData.js';
import { TaskList } from './TaskList.js';
import type { EventsLayerState } from './useEventsLayer.js';

export interface WorkflowPanelProps {
  code: string;
  eventsLayer: EventsLayerState;
  /** Reload counter of the task list, from the change notifications. */
  tick: number;
  openEvent: string | null;
  onOpenEvent(id: string): void;
}

type Tab = 'events' | 'tasks';

/** Open events of the unit, newest first, as the map draws them. */
function EventList({
  layer,
  openEvent,
  onOpenEvent,
}: {
  layer: EventsLayerState;
  openEvent: string | null;
  onOpenEvent(id: string): void;
}) {
  const { t, i18n } = useTranslation('events');
  const errorDetail = useErrorDetail();
  if (layer.error) return <p className="notice error">{t('panel.loadFailed', { detail: errorDetail(layer.error) })}</p>;
  if (layer.events.length === 0) return <p className="muted">{t('panel.noEvents')}</p>;
  return (
    <ul className="workflow-list" data-testid="event-list">
      {layer.events.map((event: EventSummary) => (
        <li key={event.id}>
          <button
            type="button"
            className={event.id === openEvent ? 'workflow-item open' : 'workflow-item'}
            onClick={() => onOpenEvent(event.id)}
            data-testid={`event-item-${event.id}`}
          >
            <span className={`status-dot status-${event.status}`} />
            <span className="item-title">
              {t(`category.${event.category}`)} · {t(`eventStatus.${event.status}`)}
              {event.overdue && <span className="overdue-flag">{t('overdue')}</span>}
            </span>
            <span className="item-detail">
              {formatShanghaiTime(new Date(event.reportedAt), i18n.language)} · {event.orgUnit.name}
            </span>
            <span className="item-detail description">{event.description}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * Panel section with the unit's open events and the user's task list. Department staff start on their tasks,
 * commanders on the events.
 */
export function WorkflowPanel(props: WorkflowPanelProps) {
  const { t } = useTranslation('events');
  const { session } = useSession();
  const [tab, setTab] = useState<Tab>(session.user.roles.includes('staff') ? 'tasks' : 'events');
  const count = props.eventsLayer.totalCount;
  return (
    <section className="workflow" data-testid="workflow-panel">
      <h2>{t('panel.heading')}</h2>
      <fieldset className="segmented" aria-label={t('panel.heading')}>
        <button type="button" aria-pressed={tab === 'events'} onClick={() => setTab('events')} data-testid="tab-events">
          {count === undefined ? t('panel.events') : t('panel.eventsCount', { count })}
        </button>
        <button type="button" aria-pressed={tab === 'tasks'} onClick={() => setTab('tasks')} data-testid="tab-tasks">
          {t('panel.tasks')}
        </button>
      </fieldset>
      {tab === 'events' ? (
        <EventList layer={props.eventsLayer} openEvent={props.openEvent} onOpenEvent={props.onOpenEvent} />
      ) : (
        <TaskList code={props.code} tick={props.tick} openEvent={props.openEvent} onOpenEvent={props.onOpenEvent} />
      )}
    </section>
  );
}
