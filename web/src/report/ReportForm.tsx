import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ClassificationFields } from './ClassificationFields.js';
import { clearDraft, loadDraft, type ReportDraft, saveDraft } from './draft.js';
import { LocationField } from './LocationField.js';
import { type PhotoItem, PhotoPicker, restoredPhotos } from './PhotoPicker.js';
import { useClassification } from './useClassification.js';
import { type SubmitFailure, type SubmittedEvent, useSubmitReport } from './useSubmitReport.js';

/** Flags a grid worker can set on a report. The responsibility list notifies departments for them. */
const REPORT_FLAGS = ['CHILD_NEEDS_AID'] as const;
const MAX_DESCRIPTION = 2000;
const MIN_OUTSIDE_REASON = 2;
const MAX_OUTSIDE_REASON = 500;

export interface ReportFormProps {
  orgUnit: string;
  onSubmitted(event: SubmittedEvent, replayed: boolean): void;
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
export function ReportForm({ orgUnit, onSubmitted }: ReportFormProps) {
  const { t } = useTranslation('events');
  const [draft, update] = useStoredDraft();
  const [photos, setPhotos] = useState<PhotoItem[]>(() => restoredPhotos(draft.uploaded));
  const [failure, setFailure] = useState<SubmitFailure | null>(null);
  const [outsideGrid, setOutsideGrid] = useState(draft.outsideGridReason !== '');
  const classification = useClassification(draft.description);

  // The stored draft lists the uploaded photos, so a reload keeps them without uploading them again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `update` only merges into the draft.
  useEffect(() => {
    update({ uploaded: photos.flatMap((photo) => (photo.uploaded ? [photo.uploaded] : [])) });
  }, [photos]);
  const { submit, sending } = useSubmitReport((key, uploaded) =>
    setPhotos((current) => current.map((photo) => (photo.key === key ? { ...photo, uploaded } : photo))),
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = draftProblem(draft, outsideGrid);
    if (problem) {
      setFailure({ message: t(problem, { max: MAX_DESCRIPTION }), reason: null });
      return;
    }
    setFailure(null);
    const outcome = await submit(draft, photos);
    if (outcome.ok) {
      clearDraft();
      onSubmitted(outcome.event, outcome.replayed);
      return;
    }
    if (outcome.failure.reason === 'OUTSIDE_GRID') setOutsideGrid(true);
    setFailure(outcome.failure);
  };

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
        <label className="report-section outside-grid">
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
      {failure && (
        <p className="notice error" role="alert" data-testid="report-error">
          {failure.message}
        </p>
      )}
      <button type="submit" className="big-button primary" disabled={sending} data-testid="submit-report">
        {sending ? t('report.sending') : t('report.submit')}
      </button>
    </form>
  );
}
