import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ClassificationFields } from './ClassificationFields.js';
import { clearDraft, loadDraft, type ReportDraft, saveDraft } from './draft.js';
import { REPORT_FLAGS } from './flags.js';
import { KeyReusedNotice } from './KeyReusedNotice.js';
import { LocationField } from './LocationField.js';
import { type PhotoItem, PhotoPicker, restoredPhotos } from './PhotoPicker.js';
import { useClassification } from './useClassification.js';
import { useOutsideGrid } from './useOutsideGrid.js';
import { type SubmitFailure, type SubmittedEvent, useSubmitReport } from './useSubmitReport.js';

const MAX_DESCRIPTION = 2000;
const MIN_OUTSIDE_REASON = 2;
const MAX_OUTSIDE_REASON = 500;

export interface ReportFormProps {
  orgUnit: string;
  onSubmitted(event: SubmittedEvent, replayed: boolean): void;
  /** Drops the stored draft and starts an empty form with a new idempotency key. */
  onStartNew(): void;
}

/** Returns the draft, kept in `sessionStorage` on every change, and its updater. */
function useStoredDraft() {
  const [draft, setDraft] = useState<ReportDraft>(loadDraft);
  useEffect(() => saveDraft(draft), [draft]);
  const update = (change: Partial<ReportDraft>) => setDraft((current) => ({ ...current, ...change }));
  return [draft, update] as const;
}

/** Checks the draft before sending and returns the message key of the first problem, or null. */
function draftProblem(draft: ReportDraft, outsideGrid: boolean): string | null {
  const description = draft.description.trim();
  if (description === '') return 'report.missingDescription';
  if (description.length > MAX_DESCRIPTION) return 'report.descriptionTooLong';
  if (!draft.location) return 'report.missingLocation';
  const reason = draft.outsideGridReason.trim();
  if (outsideGrid && (reason.length < MIN_OUTSIDE_REASON || reason.length > MAX_OUTSIDE_REASON)) {
    return 'report.outsideGrid.invalid';
  }
  return null;
}

/** Renders the report form: photos, position, description, suggestion, flags and the send button with its errors. */
export function ReportForm({ orgUnit, onSubmitted, onStartNew }: ReportFormProps) {
  const { t } = useTranslation('events');
  const [draft, update] = useStoredDraft();
  const [photos, setPhotos] = useState<PhotoItem[]>(() => restoredPhotos(draft.uploaded));
  const [failure, setFailure] = useState<SubmitFailure | null>(null);
  // The server's OUTSIDE_GRID error counts too, since the page cannot check GCJ-02 and BD-09 input itself.
  const [serverSaysOutside, setServerSaysOutside] = useState(draft.outsideGridReason !== '');
  const outsideGrid = useOutsideGrid(orgUnit, draft.location) || serverSaysOutside;
  const classification = useClassification(draft.description);

  // The stored draft lists the uploaded photos, so a reload keeps them without uploading them again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `update` only merges into the draft.
  useEffect(() => {
    update({ uploaded: photos.flatMap((photo) => (photo.uploaded ? [photo.uploaded] : [])) });
  }, [photos]);
  const { submit, sending } = useSubmitReport((key, uploaded) =>
    setPhotos((current) => current.map((photo) => (photo.key === key ? { ...photo, uploaded } : photo))),
  );

  const send = async (toSend: ReportDraft, photosToSend: PhotoItem[]) => {
    const problem = draftProblem(toSend, outsideGrid);
    if (problem) {
      setFailure({ message: t(problem, { max: MAX_DESCRIPTION }), reason: null });
      return;
    }
    if (!sending) setFailure(null);
    const outcome = await submit(toSend, photosToSend);
    if ('busy' in outcome) return;
    if (outcome.ok) {
      clearDraft();
      onSubmitted(outcome.event, outcome.replayed);
      return;
    }
    if (outcome.failure.reason === 'OUTSIDE_GRID') setServerSaysOutside(true);
    setFailure(outcome.failure);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send(draft, photos);
  };

  // The earlier event contains the photos it was sent with. While its photo ids are unknown, every uploaded photo
  // counts as attached to it, so no photo is sent twice.
  const submitAsNew = (attachedPhotoIds: string[] | null) => {
    const photosToKeep = photos.filter(
      (photo) => !photo.uploaded || (attachedPhotoIds !== null && !attachedPhotoIds.includes(photo.uploaded.id)),
    );
    const fresh = { ...draft, idempotencyKey: crypto.randomUUID() };
    setPhotos(photosToKeep);
    update({ idempotencyKey: fresh.idempotencyKey });
    void send(fresh, photosToKeep);
  };

  const startNew = () => {
    clearDraft();
    onStartNew();
  };
  const keyReusedEvent = failure?.reason === 'IDEMPOTENCY_KEY_REUSED' ? failure.eventId : null;

  const toggleFlag = (flag: string) =>
    update({ flags: draft.flags.includes(flag) ? draft.flags.filter((f) => f !== flag) : [...draft.flags, flag] });

  return (
    <form className="report-form" onSubmit={onSubmit} noValidate>
      <PhotoPicker photos={photos} onChange={setPhotos} disabled={sending} />
      <LocationField
        orgUnit={orgUnit}
        location={draft.location}
        onChange={(location) => update({ location })}
        disabled={sending}
      />
      <label className="report-section description">
        {t('report.description')}
        <textarea
          value={draft.description}
          maxLength={MAX_DESCRIPTION}
          rows={4}
          placeholder={t('report.descriptionPlaceholder')}
          onChange={(event) => update({ description: event.target.value })}
          disabled={sending}
          data-testid="description"
        />
      </label>
      <ClassificationFields
        classification={classification}
        category={draft.category}
        severity={draft.severity}
        onCategory={(category) => update({ category })}
        onSeverity={(severity) => update({ severity })}
      />
      {outsideGrid && (
        <label className="report-section outside-grid" data-testid="outside-grid">
          {t('report.outsideGrid.label')}
          <textarea
            value={draft.outsideGridReason}
            maxLength={MAX_OUTSIDE_REASON}
            rows={2}
            placeholder={t('report.outsideGrid.placeholder')}
            onChange={(event) => update({ outsideGridReason: event.target.value })}
            disabled={sending}
            data-testid="outside-grid-reason"
          />
        </label>
      )}
      <fieldset className="report-section flags" disabled={sending}>
        <legend>{t('report.flags')}</legend>
        {REPORT_FLAGS.map((flag) => (
          <label key={flag} className="check">
            <input type="checkbox" checked={draft.flags.includes(flag)} onChange={() => toggleFlag(flag)} />
            {t(`flag.${flag}`)}
          </label>
        ))}
      </fieldset>
      {keyReusedEvent ? (
        <KeyReusedNotice eventId={keyReusedEvent} sending={sending} onSubmitAsNew={submitAsNew} onStartNew={startNew} />
      ) : (
        failure && (
          <p className="notice error" role="alert" data-testid="report-error">
            {failure.message}
          </p>
        )
      )}
      <button type="submit" className="big-button primary" disabled={sending} data-testid="submit-report">
        {sending ? t('report.sending') : t('report.submit')}
      </button>
      <button type="button" className="link-button" disabled={sending} onClick={startNew} data-testid="discard-draft">
        {t('report.startNew')}
      </button>
    </form>
  );
}
