import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { type EventSummary, type ReportInput, SUBMIT_REPORT_MUTATION, type TaskSummary } from '../graphql/events.js';
import type { ReportDraft, UploadedPhoto } from './draft.js';
import type { PhotoItem } from './PhotoPicker.js';
import { PhotoUploadError, uploadPhoto } from './photos.js';

export type SubmittedEvent = EventSummary & { tasks: TaskSummary[] };

export interface SubmitFailure {
  message: string;
  /** `extensions.reason` of the first error, e.g. OUTSIDE_GRID, or null for network failures. */
  reason: string | null;
}

export type SubmitOutcome =
  | { ok: true; event: SubmittedEvent; replayed: boolean }
  | { ok: false; failure: SubmitFailure };

/** Builds the mutation's input from the draft and the uploaded photos' ids. */
function reportInput(draft: ReportDraft, photoIds: string[]): ReportInput | null {
  const location = draft.location;
  if (!location) return null;
  const reason = draft.outsideGridReason.trim();
  return {
    idempotencyKey: draft.idempotencyKey,
    description: draft.description.trim(),
    category: draft.category,
    severity: draft.severity,
    location: {
      longitude: location.longitude,
      latitude: location.latitude,
      crs: location.crs,
      source: location.origin === 'DEVICE' ? 'DEVICE' : 'MAP',
    },
    photoIds,
    outsideGridReason: reason === '' ? null : reason,
    flags: draft.flags,
  };
}

/**
 * Returns the submit function and whether a submission is running. It uploads the photos that have no id yet,
 * reporting each id through `onUploaded` so a retry skips it, then sends `submitReport` under the draft's
 * idempotency key.
 */
export function useSubmitReport(onUploaded: (key: string, photo: UploadedPhoto) => void) {
  const { t } = useTranslation('events');
  const [, submitReport] = useMutation(SUBMIT_REPORT_MUTATION);
  const [sending, setSending] = useState(false);

  const uploadAll = async (photos: PhotoItem[]): Promise<string[] | SubmitFailure> => {
    const ids: string[] = [];
    for (const photo of photos) {
      if (photo.uploaded) {
        ids.push(photo.uploaded.id);
        continue;
      }
      if (!photo.file) continue;
      try {
        const uploaded = await uploadPhoto(photo.file);
        onUploaded(photo.key, uploaded);
        ids.push(uploaded.id);
      } catch (error) {
        const detail = error instanceof PhotoUploadError ? error.message : t('report.networkFailed');
        return { message: t('report.photos.uploadFailed', { name: photo.name, detail }), reason: null };
      }
    }
    return ids;
  };

  const submit = async (draft: ReportDraft, photos: PhotoItem[]): Promise<SubmitOutcome> => {
    setSending(true);
    try {
      const ids = await uploadAll(photos);
      if (!Array.isArray(ids)) return { ok: false, failure: ids };
      const input = reportInput(draft, ids);
      if (!input) return { ok: false, failure: { message: t('report.missingLocation'), reason: null } };
      const result = await submitReport({ input });
      const first = result.error?.graphQLErrors[0];
      if (first) {
        const reason = first.extensions?.reason;
        return { ok: false, failure: { message: first.message, reason: typeof reason === 'string' ? reason : null } };
      }
      const answer = result.data?.submitReport;
      if (result.error || !answer) return { ok: false, failure: { message: t('report.networkFailed'), reason: null } };
      return { ok: true, event: answer.event, replayed: answer.replayed };
    } finally {
      setSending(false);
    }
  };

  return { submit, sending };
}
