import { useTranslation } from 'react-i18next';
import { EVENT_STATUSES } from '../graphql/events.js';
import { EVENT_STATUS_COLOURS, OVERDUE_COLOUR } from '../map/eventStyle.js';
import type { LayerGroup } from '../map/style.js';
import { Toggle } from '../panels/LayerPanel.js';

export interface EventLayerToggleProps {
  visibility: Record<LayerGroup, boolean>;
  count: number | undefined;
  onToggle(group: LayerGroup): void;
}

/** Toggle of the events layer with its legend: one colour per status and the ring of an overdue event. */
export function EventLayerToggle(props: EventLayerToggleProps) {
  const { t } = useTranslation('events');
  return (
    <section className="event-layer">
      <Toggle group="events" label={t('layer.label')} {...props} />
      <ul className="legend categories">
        {EVENT_STATUSES.filter((status) => status !== 'CLOSED').map((status) => (
          <li key={status}>
            <span className="swatch dot" style={{ backgroundColor: EVENT_STATUS_COLOURS[status] }} />
            {t(`eventStatus.${status}`)}
          </li>
        ))}
        <li>
          <span className="swatch dot ring" style={{ borderColor: OVERDUE_COLOUR }} />
          {t('layer.overdue')}
        </li>
      </ul>
    </section>
  );
}
