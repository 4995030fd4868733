import { useRef, useState } from 'react';
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
  /** `extensions.eventId` of IDEMPOTENCY_KEY_REUSED: the event the earlier submission under the key created. */
  eventId?: string | null;
}

/** Outcome of a submit: the stored event, a failure, or `busy` when a submission of this form is still running. */
export type SubmitOutcome =
  | { ok: true; event: SubmittedEvent; replayed: boolean }
  | { ok: false; failure: SubmitFailure }
  | { ok: false; busy: true };

/**
 * Server reasons whose message names API fields or raw values, so the page shows its own wording instead. Other
 * errors show the server's Chinese message.
 */
const TRANSLATED_REASONS = [
  'OUTSIDE_GRID',
  'OUTSIDE_JURISDICTION',
  'COORDINATES_SWAPPED',
  'COORDINATE_OUT_OF_RANGE',
  'INVALID_COORDINATES',
  'PHOTO_NOT_FOUND',
  'PHOTO_TAKEN',
];

/** Input fields whose validation message names the API field, translated when the error has no reason. */
const TRANSLATED_ARGUMENTS: Record<string, string> = {
  'input.outsideGridReason': 'report.outsideGrid.invalid',
  'input.description': 'report.descriptionInvalid',
  'input.flags': 'report.serverReason.FLAGS',
};

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
 * idempotency key. A call while another runs returns `busy` at once, so a double tap uploads and submits once.
 */
export function useSubmitReport(onUploaded: (key: string, photo: UploadedPhoto) => void) {
  const { t } = useTranslation('events');
  const [, submitReport] = useMutation(SUBMIT_REPORT_MUTATION);
  const [sending, setSending] = useState(false);
  // A second tap arrives before React renders the disabled button, so the lock is a ref and not the state.
  const running = useRef(false);

  const uploadAll = async (photos: PhotoItem[]): Promise<string[] | SubmitFailure> => {
    const ids: string[] = [];
    for (const photo of photos) {
      if (photo.uploaded) {
        ids.push(photo.uploaded.id);
        continue;
      }
      if (!photo.file || !photo.contentType) continue;
      try {
        const uploaded = await uploadPhoto(photo.file, photo.contentType);
        onUploaded(photo.key, uploaded);
        ids.push(uploaded.id);
      } catch (error) {
        const detail = error instanceof PhotoUploadError ? error.message : t('report.networkFailed');
        return { message: t('report.photos.uploadFailed', { name: photo.name, detail }), reason: null };
      }
    }
    return ids;
  };

  const failureOf = (error: { message: string; extensions?: Record<string, unknown> }): SubmitFailure => {
    const { reason, argument, eventId } = error.extensions ?? {};
    const known = typeof reason === 'string' ? reason : null;
    let message = error.message;
    if (known && TRANSLATED_REASONS.includes(known)) message = t(`report.serverReason.${known}`);
    else if (!known && typeof argument === 'string' && TRANSLATED_ARGUMENTS[argument]) {
      message = t(TRANSLATED_ARGUMENTS[argument] as string);
    }
    return { message, reason: known, eventId: typeof eventId === 'string' ? eventId : null };
  };

  const submit = async (draft: ReportDraft, photos: PhotoItem[]): Promise<SubmitOutcome> => {
    if (running.current) return { ok: false, busy: true };
    running.current = true;
    setSending(true);
    try {
      const ids = await uploadAll(photos);
      if (!Array.isArray(ids)) return { ok: false, failure: ids };
      const input = reportInput(draft, ids);
      if (!input) return { ok: false, failure: { message: t('report.missingLocation'), reason: null } };
      const result = await submitReport({ input });
      const first = result.error?.graphQLErrors[0];
      if (first) return { ok: false, failure: failureOf(first) };
      const answer = result.data?.submitReport;
      if (result.error || !answer) return { ok: false, failure: { message: t('report.networkFailed'), reason: null } };
      return { ok: true, event: answer.event, replayed: answer.replayed };
    } finally {
      running.current = false;
      setSending(false);
    }
  };

  return { submit, sending };
}
