import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { TASK_LIST_QUERY } from '../graphql/events.js';
import { formatShanghaiTime } from '../time.js';
import { useErrorDetail } from '../useSituationData.js';
import { useReload } from './useReload.js';

export type TaskFilter = 'open' | 'overdue';

export interface TaskListProps {
  code: string;
  tick: number;
  openEvent: string | null;
  onOpenEvent(id: string): void;
}

/**
 * Lists the user's tasks in the selected unit, open or overdue only, with deadline, department and status. The
 * request names no department, so the server returns the user's own department's tasks. A click opens the event.
 */
export function TaskList({ code, tick, openEvent, onOpenEvent }: TaskListProps) {
  const { t, i18n } = useTranslation('events');
  const errorDetail = useErrorDetail();
  const [filter, setFilter] = useState<TaskFilter>('open');
  const variables = useMemo(
    () => ({ orgUnit: code, openOnly: true, overdueOnly: filter === 'overdue' }),
    [code, filter],
  );
  const [result, reexecute] = useQuery({ query: TASK_LIST_QUERY, variables });
  useReload(tick, () => reexecute({ requestPolicy: 'network-only' }));
  const tasks = result.data?.tasks ?? [];

  return (
    <div className="task-list">
      <fieldset className="segmented" aria-label={t('tasks.filter')}>
        {(['open', 'overdue'] as const).map((value) => (
          <button
            key={value}
            type="button"
            aria-pressed={filter === value}
            onClick={() => setFilter(value)}
            data-testid={`task-filter-${value}`}
          >
            {t(`tasks.filters.${value}`)}
          </button>
        ))}
      </fieldset>
      {result.error && <p className="notice error">{t('panel.loadFailed', { detail: errorDetail(result.error) })}</p>}
      {!result.error && result.data && tasks.length === 0 && <p className="muted">{t('tasks.empty')}</p>}
      <ul className="workflow-list" data-testid="task-list">
        {tasks.map((task) => (
          <li key={task.id}>
            <button
              type="button"
              className={task.event.id === openEvent ? 'workflow-item open' : 'workflow-item'}
              onClick={() => onOpenEvent(task.event.id)}
              data-testid={`task-item-${task.id}`}
              data-event={task.event.id}
            >
              <span className="item-title">
                {t(`session:user.department.${task.department}`)} · {t(`taskStatus.${task.status}`)}
                {task.overdue && <span className="overdue-flag">{t('overdue')}</span>}
              </span>
              <span className="item-detail">
                {t(`category.${task.event.category}`)} · {task.orgUnit.name}
              </span>
              <span className="item-detail">
                {t('tasks.deadline', { time: formatShanghaiTime(new Date(task.deadline), i18n.language) })}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
