import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { EVENT_DETAILS_QUERY } from '../graphql/events.js';

export interface KeyReusedNoticeProps {
  /** Event that the earlier submission under the draft's idempotency key created. */
  eventId: string;
  sending: boolean;
  /** Submits the current text and the photos the earlier event does not contain as a new report with a new key. */
  onSubmitAsNew(attachedPhotoIds: string[] | null): void;
  onStartNew(): void;
}

/**
 * Explains that an earlier submission of this draft reached the server although its response was lost, so the
 * edited draft cannot reuse its key. It shows the stored event (when the worker may read it) and offers to send the
 * edited text as a new report or to start a new draft.
 */
export function KeyReusedNotice({ eventId, sending, onSubmitAsNew, onStartNew }: KeyReusedNoticeProps) {
  const { t } = useTranslation('events');
  const [result] = useQuery({ query: EVENT_DETAILS_QUERY, variables: { id: eventId } });
  const event = result.data?.event ?? null;
  // Photo ids of the stored event; null while they are unknown, so the caller assumes every uploaded photo is there.
  const attachedPhotoIds = event ? event.photos.map((photo) => photo.id) : null;

  return (
    <section className="notice info key-reused" role="alert" data-testid="key-reused">
      <p>{t('report.keyReused.received', { id: eventId })}</p>
      {event && (
        <p className="hint" data-testid="key-reused-event">
          {t('report.keyReused.stored', {
            status: t(`eventStatus.${event.status}`),
            category: t(`category.${event.category}`),
            description: event.description,
          })}
        </p>
      )}
      <p>{t('report.keyReused.explain')}</p>
      <div className="key-reused-actions">
        <button
          type="button"
          className="big-button primary"
          disabled={sending || result.fetching}
          onClick={() => onSubmitAsNew(attachedPhotoIds)}
          data-testid="submit-as-new"
        >
          {t('report.keyReused.submitAsNew')}
        </button>
        <button type="button" className="big-button" disabled={sending} onClick={onStartNew} data-testid="start-new">
          {t('report.keyReused.startNew')}
        </button>
      </div>
    </section>
  );
}
